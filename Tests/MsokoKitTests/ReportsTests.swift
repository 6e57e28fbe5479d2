import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import ZIPFoundation
@testable import MsokoKit

/// The whole year on the sample district (Scripts/year.msoko): register stability, the
/// monitoring against truth.csv, the drafts' golden text, the DOCX packages (structure, and
/// LibreOffice where installed), the HTML report (XML-valid SVG, and headless Chromium where
/// installed).
@Suite(.serialized) struct ReportsTests {
    /// One run of the whole year into a fresh folder (shared by the tests of this suite).
    static let yearOut: Result<URL, Error> = Result {
        let out = try RecommendationsTests.tempFolder()
        _ = try Domain.session("run \"Scripts/year.msoko\"", parameters: ["out": out.path, "data": "Datasets", "year": "2025"])
        return out
    }

    static func out() throws -> URL { try yearOut.get() }

    @Test func sameDataSameRegister() throws {
        let first = try Self.out()
        let second = try RecommendationsTests.tempFolder()
        _ = try Domain.session("run \"Scripts/year.msoko\"", parameters: ["out": second.path])
        let a = try String(contentsOf: first.appendingPathComponent("recommendations.csv"), encoding: .utf8)
        let b = try String(contentsOf: second.appendingPathComponent("recommendations.csv"), encoding: .utf8)
        #expect(a == b)
        let parsed = Domain.parseCSV(a)
        #expect(parsed.header == RegisterContract.columns)
        // last year's register (the sample's, written by msoko for 2023 and 2024) first,
        // untouched, then this year's
        let previous = Domain.parseCSV(try String(contentsOf: TestPaths.repository.appendingPathComponent("Datasets/recommendations.csv"), encoding: .utf8)).rows
        #expect(!previous.isEmpty)
        #expect(Array(parsed.rows.prefix(previous.count)) == previous)
        #expect(parsed.rows.dropFirst(previous.count).allSatisfy { $0[0].hasPrefix("R2025-") && $0.last == "issued" })
        // every status is one of the contract's
        #expect(parsed.rows.allSatisfy { RegisterContract.statuses.contains($0.last ?? "") })
    }

    @Test func rerunKeepsTheAnalystsStatus() throws {
        let out = try RecommendationsTests.tempFolder()
        _ = try Domain.session("run \"Scripts/year.msoko\"", parameters: ["out": out.path])
        let path = out.appendingPathComponent("recommendations.csv")
        var lines = try String(contentsOf: path, encoding: .utf8).split(separator: "\n").map(String.init)
        let index = try #require(lines.firstIndex { $0.hasPrefix("R2025-") })
        lines[index] = String(lines[index].dropLast("issued".count)) + "done"
        try (lines.joined(separator: "\n") + "\n").write(to: path, atomically: true, encoding: .utf8)
        _ = try Domain.session("run \"Scripts/year.msoko\"", parameters: ["out": out.path])
        let again = try String(contentsOf: path, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(again.count == lines.count)
        #expect(again[index] == lines[index])
    }

    @Test func monitoringMatchesTruth() throws {
        let text = try String(contentsOf: Self.out().appendingPathComponent("monitoring.csv"), encoding: .utf8)
        let parsed = Domain.parseCSV(text)
        func row(_ id: String) -> [String: String] {
            let fields = parsed.rows.first { $0[0] == id } ?? []
            return Dictionary(uniqueKeysWithValues: zip(parsed.header, fields + Array(repeating: "", count: max(0, parsed.header.count - fields.count))))
        }
        // one row per recommendation of 2024 in the sample's register
        let register = try Domain.readCSV(TestPaths.repository.appendingPathComponent("Datasets/recommendations.csv")).rows
        let lastYear = register.filter { $0["year"] == "2024" }
        #expect(parsed.rows.count == lastYear.count)
        // truth.csv: T009's course (K02, completed 2024) helped; T138's (K05, only enrolled) did not
        func course(_ teacher: String) -> [String: String] {
            let id = lastYear.first { $0["teacher_id"] == teacher && $0["action_type"] == "course" }?["rec_id"] ?? "?"
            return row(id)
        }
        #expect(course("T009")["carried_out"] == "true" && course("T009")["result"] == "улучшение")
        #expect(course("T138")["carried_out"] == "false" && course("T138")["result"] != "улучшение")
        let findings = try Domain.readCSV(Self.out().appendingPathComponent("findings.csv")).rows
        let dynamics = Set(findings.filter { $0["kind"] == "dynamics" && $0["scope"] == "teacher" }.map { ($0["teacher_id"] ?? "") + " " + ($0["skill_code"] ?? "") })
        #expect(dynamics.isSuperset(of: ["T009 М2.2.1", "T138 Р1.2.1"]))
        // the «2» share rising by ≥ 10 p.p. (truth.csv, plant m) and nothing else in the sample
        let rises = findings.filter { $0["kind"] == "dynamics" && $0["scope"] == "school" }.map { ($0["school_id"] ?? "") + " " + ($0["subject"] ?? "") + " " + ($0["grade"] ?? "") }
        #expect(rises == ["S04 Математика 4"])
    }

    /// The addressee follows the school and the stage (truth.csv, plants k1, k2, g2): a grade-4
    /// class → the primary teachers' association; the only teacher of a subject → the school
    /// head, no ШМО meeting; a teacher already enrolled in a covering course is not sent again;
    /// a draft names a teacher the same way wherever the code appears.
    @Test func addresseesFollowTheSchoolAndTheStage() throws {
        let register = try Domain.readCSV(Self.out().appendingPathComponent("recommendations.csv")).rows.filter { $0["year"] == "2025" }
        let primary = register.filter { ($0["finding_id"] ?? "").contains("-S06-4Б-Математика-4-") }
        #expect(!primary.isEmpty)
        #expect(primary.allSatisfy { ($0["addressee_id"] ?? "").contains("начальных классов") && !($0["addressee_id"] ?? "").contains("математики") })
        let single = register.filter { ($0["finding_id"] ?? "").contains("-S08-8А-Математика-8-") }
        #expect(!single.isEmpty)
        #expect(single.allSatisfy { $0["addressee_id"] == "S08" && $0["addressee_level"] == "school" && !($0["action"] ?? "").contains("Провести заседание ШМО") })
        let enrolled = register.filter { $0["teacher_id"] == "T138" && $0["action_type"] == "course" }
        #expect(!enrolled.isEmpty && enrolled.allSatisfy { $0["course_id"] == "K05" && ($0["action"] ?? "").contains("уже записан на КПК K05") })
        // In the letter to her school the teacher is named, never coded, in the case each
        // sentence asks for: «помощь учителю Исаевой Е. Б.», «Учитель Исаева Е. Б. уже записан».
        let nbsp = "\u{00A0}"
        let draft = try String(contentsOf: Self.out().appendingPathComponent("drafts/school-S06.md"), encoding: .utf8)
        #expect(!draft.contains("T138"), "the code stays in the register")
        #expect(draft.contains("помощь учителю Исаевой\(nbsp)Е.\(nbsp)Б."))
        #expect(draft.contains("Учитель Исаева\(nbsp)Е.\(nbsp)Б. уже записан"))
        let shmo = try String(contentsOf: Self.out().appendingPathComponent("drafts/shmo-S06_ШМО_учителей_русского_языка.md"), encoding: .utf8)
        #expect(shmo.contains("в классах учителя Исаевой\(nbsp)Е.\(nbsp)Б.") && !shmo.contains("T138"))
    }

    @Test func codesBecomeNamesOnlyAsWholeWords() {
        #expect(Drafts.replacingWholeWord("T13", in: "учителя T13, T130 и T13") { _ in "Иванова" } == "учителя Иванова, T130 и Иванова")
        #expect(Drafts.replacingWholeWord("T13", in: "T13") { _ in "X" } == "X")
        #expect(Drafts.replacingWholeWord("T13", in: "xT13 T13_ T13") { before in "[\(before.count)]" } == "xT13 T13_ [10]",
                "the replacement sees the text before the code")
    }

    /// Golden Markdown drafts: `MSOKO_RECORD=1` rewrites Tests/Golden/drafts/.
    @Test func markdownDraftsMatchGolden() throws {
        let drafts = try Self.out().appendingPathComponent("drafts")
        let golden = TestPaths.golden.appendingPathComponent("drafts")
        let names = try FileManager.default.contentsOfDirectory(atPath: drafts.path).filter { $0.hasSuffix(".md") }.sorted()
        #expect(names.count >= 8)
        if ProcessInfo.processInfo.environment["MSOKO_RECORD"] == "1" {
            try? FileManager.default.removeItem(at: golden)
            try FileManager.default.createDirectory(at: golden, withIntermediateDirectories: true)
            for name in names {
                try FileManager.default.copyItem(at: drafts.appendingPathComponent(name), to: golden.appendingPathComponent(name))
            }
            return
        }
        let expected = try FileManager.default.contentsOfDirectory(atPath: golden.path).filter { $0.hasSuffix(".md") }.sorted()
        #expect(names == expected)
        for name in names {
            let got = try String(contentsOf: drafts.appendingPathComponent(name), encoding: .utf8)
            let want = try String(contentsOf: golden.appendingPathComponent(name), encoding: .utf8)
            #expect(got == want, "drafts/\(name) differs from Tests/Golden/drafts (MSOKO_RECORD=1 re-records)")
        }
        // Names only in drafts addressed to the teacher's own school.
        let s04 = try String(contentsOf: drafts.appendingPathComponent("school-S04.md"), encoding: .utf8)
        let nbsp = "\u{00A0}"
        #expect(s04.contains("помощь учителю Максимовой\(nbsp)Н.\(nbsp)В."))
        #expect(s04.contains("направить учителя Максимову\(nbsp)Н.\(nbsp)В. на КПК"))
        // Russian conventions: decimal comma, DD.MM.YYYY, no ISO dates or decimal points
        #expect(s04.contains("33,9\(nbsp)% при 79\(nbsp)% по округу") && s04.contains("до 20.12.2025"))
        #expect(s04.range(of: "[0-9]\\.[0-9]+[ \u{00A0}]?%|20[0-9]{2}-[0-9]{2}-[0-9]{2}", options: .regularExpression) == nil)
        // the department's letter is addressed once, to its head, not «Управление образования — Управление образования»
        let departmentLetter = try String(contentsOf: drafts.appendingPathComponent("department-УО.md"), encoding: .utf8)
        #expect(departmentLetter.contains("> Начальнику управления образования") && !departmentLetter.contains("Управление образования (методический кабинет)"))
        let department = try String(contentsOf: drafts.appendingPathComponent("department-УО.md"), encoding: .utf8)
        let report = try String(contentsOf: Self.out().appendingPathComponent("report.html"), encoding: .utf8)
        for text in [department, report] { #expect(!text.contains("Максимова")) }
    }

    static func parts(of url: URL) throws -> [String: Data] {
        let archive = try Archive(url: url, accessMode: .read)
        var parts: [String: Data] = [:]
        for entry in archive {
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            parts[entry.path] = data
        }
        return parts
    }

    static func isWellFormed(_ data: Data) -> Bool {
        let parser = XMLParser(data: data)
        return parser.parse()
    }

    @Test func docxPackagesAreWellFormed() throws {
        let out = try Self.out()
        let drafts = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("drafts").path)
            .filter { $0.hasSuffix(".docx") }.map { out.appendingPathComponent("drafts/" + $0) }
        for url in drafts + [out.appendingPathComponent("report.docx")] {
            let parts = try Self.parts(of: url)
            for required in ["[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml", "word/_rels/document.xml.rels"] {
                #expect(parts[required] != nil, "\(url.lastPathComponent): \(required)")
            }
            for (name, data) in parts where name.hasSuffix(".xml") || name.hasSuffix(".rels") {
                #expect(Self.isWellFormed(data), "\(url.lastPathComponent): \(name) is not well-formed XML")
            }
            let document = String(decoding: parts["word/document.xml"] ?? Data(), as: UTF8.self)
            #expect(document.contains("<w:body>") && document.contains("<w:sectPr>"))
            // every table row has cells, every cell a paragraph (Word repairs files without)
            #expect(!document.contains("<w:tc></w:tc>") && !document.contains("<w:tr></w:tr>"))
        }
    }

    @Test func docxOpensInLibreOffice() throws {
        guard let soffice = ["/usr/bin/soffice", "/usr/local/bin/soffice", "/usr/bin/libreoffice"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            print("◇ SKIPPED docxOpensInLibreOffice: soffice is not installed (apt-get install libreoffice-writer-nogui)")
            return
        }
        // Calc alone (the templates' tests) cannot open a DOCX: Writer's library must be there too.
        guard FileManager.default.fileExists(atPath: "/usr/lib/libreoffice/program/libswlo.so") else {
            print("◇ SKIPPED docxOpensInLibreOffice: LibreOffice Writer is not installed (apt-get install libreoffice-writer-nogui)")
            return
        }
        let out = try Self.out()
        let pdfFolder = try RecommendationsTests.tempFolder()
        let inputs = [out.appendingPathComponent("report.docx"), out.appendingPathComponent("drafts/school-S04.docx")]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: soffice)
        process.arguments = ["--headless", "-env:UserInstallation=file://" + pdfFolder.path + "/profile", "--convert-to", "pdf", "--outdir", pdfFolder.path] + inputs.map(\.path)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        if waitWithDeadline(process, seconds: 300) { Issue.record("soffice --convert-to pdf took over 300 s: killed") }
        #expect(process.terminationStatus == 0)
        for input in inputs {
            let pdf = pdfFolder.appendingPathComponent(input.deletingPathExtension().lastPathComponent + ".pdf")
            let data = try Data(contentsOf: pdf)
            #expect(data.count > 5_000 && data.prefix(5) == Data("%PDF-".utf8), "\(pdf.lastPathComponent)")
        }
    }

    /// The letter to a school head as LibreOffice reads it: the parts of an official letter
    /// (ГОСТ Р 7.0.97-2016) in their order, the addressee in the dative.
    @Test func letterPartsInOrderInLibreOffice() throws {
        guard let soffice = ["/usr/bin/soffice", "/usr/local/bin/soffice", "/usr/bin/libreoffice"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }),
              FileManager.default.fileExists(atPath: "/usr/lib/libreoffice/program/libswlo.so") else {
            print("◇ SKIPPED letterPartsInOrderInLibreOffice: LibreOffice Writer is not installed (apt-get install libreoffice-writer-nogui)")
            return
        }
        let input = try Self.out().appendingPathComponent("drafts/school-S04.docx")
        let folder = try RecommendationsTests.tempFolder()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: soffice)
        process.arguments = ["--headless", "-env:UserInstallation=file://" + folder.path + "/profile", "--convert-to", "txt:Text (encoded):UTF8",
                             "--outdir", folder.path, input.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        if waitWithDeadline(process, seconds: 300) { Issue.record("soffice --convert-to txt took over 300 s: killed") }
        #expect(process.terminationStatus == 0)
        let raw = try String(contentsOf: folder.appendingPathComponent("school-S04.txt"), encoding: .utf8)
        let text = raw.replacingOccurrences(of: "\u{00A0}", with: " ").replacingOccurrences(of: "\u{FEFF}", with: "")
        // the sample's settings.csv and heads.csv, declined by hand: Воронцова → Воронцовой (dative)
        let parts = ["Управление образования", "от 15.09.2025 № 01-12/", "Директору МБОУ СОШ № 4 г. Приозёрска", "Воронцовой С. И.",
                     "О результатах ВПР 2025 г.", "Уважаемая Светлана Игоревна!", "1. Адресная помощь учителю Максимовой Н. В.",
                     "направить учителя Максимову Н. В.", "Срок: до 20.12.2025", "Начальник управления образования", "О. П. Сидорова",
                     "Исполнитель: Смирнова А. В."]
        var rest = text[...]
        for part in parts {
            guard let found = rest.range(of: part) else {
                Issue.record("«\(part)» is missing or out of order in the letter as LibreOffice reads it:\n\(text)")
                return
            }
            rest = rest[found.upperBound...]
        }
    }

    @Test func htmlReportIsSelfContainedAndValid() throws {
        let report = try String(contentsOf: Self.out().appendingPathComponent("report.html"), encoding: .utf8)
        #expect(!report.contains("<script") && !report.contains("src=\"http") && !report.contains("href=\"http"))
        // every chart is well-formed SVG
        var svgs = 0
        var rest = report[...]
        while let start = rest.range(of: "<svg"), let end = rest[start.lowerBound...].range(of: "</svg>") {
            #expect(Self.isWellFormed(Data(rest[start.lowerBound..<end.upperBound].utf8)))
            svgs += 1
            rest = rest[end.upperBound...]
        }
        #expect(svgs >= 2 + 10 + 3 + 1)  // marks ×2, histograms ×10, task charts, journal
        #expect(!report.contains("{{"))
        // no pupil codes: five-digit codes such as 50023 never appear
        #expect(report.range(of: "\\b[4-9]0[0-9]{3}\\b", options: .regularExpression) == nil)
    }

    @Test func htmlReportRendersInChromium() throws {
        guard let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            print("◇ SKIPPED htmlReportRendersInChromium: chromium is not installed (apt-get install chromium)")
            return
        }
        let report = try Self.out().appendingPathComponent("report.html")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0", "--dump-dom", report.absoluteString]
        let outPipe = Pipe(), errPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        try process.run()
        let dom = String(decoding: outPipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let log = String(decoding: errPipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(dom.contains("<svg") && dom.contains("</html>"))
        // console errors and failed loads show in the log as CONSOLE or net:: lines
        let problems = log.split(separator: "\n").filter { $0.contains("CONSOLE") || $0.contains("net::ERR") || $0.contains("Uncaught") }
        #expect(problems.isEmpty, "\(problems)")
    }
}
