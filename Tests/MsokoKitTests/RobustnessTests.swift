import Foundation
import Testing
@testable import MsokoKit

/// Bad input gets a message, never a crash: random programs built from the language's own
/// tokens (and some noise) must either run or fail with a MsokoError that renders with a place.
@Suite struct RobustnessTests {
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

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
        var generator = Generator(state: 20251129)
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
        var generator = Generator(state: 7)
        for _ in 0..<1500 {
            let length = Int.random(in: 0...64, using: &generator)
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let text = String(decoding: bytes, as: UTF8.self)
            let (_, errors) = Parser.parse(SourceFile(name: "<bytes>", text: text))
            for error in errors { _ = DiagnosticRenderer.render(error, color: true) }
        }
    }
}
