import Foundation
import Testing
@testable import MsokoKit

/// Every ```msoko block of README.md runs without error on the sample district.
@Suite struct ReadmeExamplesTests {
    static var blocks: [String] {
        let url = TestPaths.repository.appendingPathComponent("README.md")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        var blocks: [String] = []
        var current: [String]? = nil
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line.hasPrefix("```msoko") { current = []; continue }
            if let lines = current, line.hasPrefix("```") { blocks.append(lines.joined(separator: "\n")); current = nil; continue }
            current?.append(String(line))
        }
        return blocks
    }

    @Test func readmeHasExamples() { #expect(Self.blocks.count >= 2) }

    @Test(arguments: blocks)
    func blockRuns(_ block: String) {
        let result = runScript("run \"Datasets/district.msoko\"\n" + block, name: "README.md", in: TestPaths.repository)
        #expect(result.ok, "\(block)\n\(result.err)")
        #expect(!result.out.isEmpty)
    }
}

/// Every `msoko …` command line shown in README.md runs with exit status 0 from the repository root.
@Suite struct ReadmeCommandTests {
    static var commands: [String] {
        let url = TestPaths.repository.appendingPathComponent("README.md")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        var inBlock = false
        var commands: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") { inBlock.toggle(); continue }
            guard inBlock, line.hasPrefix("msoko ") else { continue }
            // Drop a trailing comment (`# → out/…`).
            let command = line.range(of: "   #").map { String(line[..<$0.lowerBound]) } ?? String(line)
            commands.append(command.trimmingCharacters(in: .whitespaces))
        }
        return commands
    }

    @Test func readmeHasCommands() { #expect(Self.commands.count >= 4) }

    @Test(arguments: commands)
    func commandRuns(_ command: String) throws {
        let folder = TestPaths.executable.deletingLastPathComponent().path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = TestPaths.repository
        var environment = withEnglishMessages(ProcessInfo.processInfo.environment)
        environment["PATH"] = folder + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        process.environment = environment
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(command)\n\(message)")
    }
}
