import Foundation
import Testing
@testable import MsokoKit

/// Bad input gets a message, never a crash: random programs built from the language's own
/// tokens (and some noise) must either run or fail with a MsokoError that renders with a place.
@Suite struct RobustnessTests {

    static let pieces = [
        "vpr", "schools", "tasks", "|", "|", "where", "select", "derive", "summarize", "count", "sort", "head", "tail",
        "distinct", "join", "append", "pivot", "unpivot", "rename", "drop", "save", "by", "on", "with", "kind", "=",
        "==", "!=", "<", ">=", "+", "-", "*", "/", "%", "(", ")", "[", "]", "{", "}", ",", ":", ";", "\n", "and", "or",
        "not", "in", "is", "null", "true", "false", "mark", "school_id", "primary_score", "journal_mark", "subject",
        "grade", "mean(", "count(", "pct(", "quantile(", "sum(", "corr(", "round(", "if(", "coalesce(", "substr(",
        "\"Математика\"", "\"S01\"", "5", "0", "-1", "2.5", "1e308", "9223372036854775807", "$year", "`Первичный балл`",
        "let", "x", "param", "def", "f(", "desc", "\"", "`", "#", "«", "'", "\u{0}", "load", "run", "help", "describe", "datasets",
    ]

    @Test func randomProgramsNeverCrash() {
        var generator = SplitMix64(state: 20251129)
        for _ in 0..<1500 {
            let length = Int.random(in: 1...18, using: &generator)
            let program = (0..<length).map { _ in Self.pieces.randomElement(using: &generator) ?? "" }.joined(separator: " ")
            let result = runScript("run \"data/setup.msoko\"\n" + program, name: "<random>")
            if !result.ok {
                #expect(result.err.contains("error") || result.err.contains("interrupted"), "no message for: \(program)")
            }
        }
    }

    @Test func randomBytesNeverCrashTheParser() {
        var generator = SplitMix64(state: 7)
        for _ in 0..<1500 {
            let length = Int.random(in: 0...64, using: &generator)
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let text = String(decoding: bytes, as: UTF8.self)
            let (_, errors) = Parser.parse(SourceFile(name: "<bytes>", text: text))
            for error in errors { _ = DiagnosticRenderer.render(error, color: true) }
        }
    }
}
