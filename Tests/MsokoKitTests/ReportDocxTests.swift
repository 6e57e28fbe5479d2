import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import MsokoKit

/// The annual report's DOCX (issue 13, item 3): native charts, table widths, heading styles
/// and the table of contents, labels instead of codes, Russian number forms — on the sample
/// district's year (the run ReportsTests makes), and rendered by LibreOffice where installed.
@Suite struct ReportDocxTests {
    static func report() throws -> [String: String] {
        try ReportsTests.parts(of: ReportsTests.out().appendingPathComponent("report.docx")).mapValues { String(decoding: $0, as: UTF8.self) }
    }

    /// The text of every `<tag>…</tag>` in an XML part, entities decoded.
    static func texts(_ xml: String, tag: String) -> [String] {
        var found: [String] = []
        var rest = xml[...]
        while let open = rest.range(of: "<\(tag)"), let close = rest.range(of: ">", range: open.upperBound..<rest.endIndex) {
            let attributes = rest[open.upperBound..<close.lowerBound]
            // `<w:tbl…` must not pass for `<w:t>`: the tag ends at a space, `>` or `/`
            guard attributes.isEmpty || attributes.first == " " else { rest = rest[close.upperBound...]; continue }
            guard !attributes.hasSuffix("/"), let end = rest.range(of: "</\(tag)>", range: close.upperBound..<rest.endIndex) else { rest = rest[close.upperBound...]; continue }
            found.append(String(rest[close.upperBound..<end.lowerBound]).replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&"))
            rest = rest[end.upperBound...]
        }
        return found
    }

    /// Every text a reader of the DOCX sees: runs of the document, titles and labels of the charts.
    static func readableText(_ parts: [String: String]) -> String {
        var text = texts(parts["word/document.xml"] ?? "", tag: "w:t").joined(separator: "\n")
        for (name, xml) in parts where name.hasPrefix("word/charts/") {
            text += "\n" + (texts(xml, tag: "a:t") + texts(xml, tag: "c:v")).joined(separator: "\n")
        }
        return text
    }

    @Test func chartsAreNativeWordCharts() throws {
        let parts = try Self.report()
        let charts = parts.keys.filter { $0.hasPrefix("word/charts/chart") && $0.hasSuffix(".xml") }.sorted()
        // marks: 2 subjects; histograms: 5 grades × 2 subjects; journal: 1; tasks: at least 1
        #expect(charts.count >= 2 + 10 + 1 + 1)
        let document = parts["word/document.xml"] ?? ""
        let relationships = parts["word/_rels/document.xml.rels"] ?? ""
        let types = parts["[Content_Types].xml"] ?? ""
        for name in charts {
            let number = name.dropFirst("word/charts/chart".count).dropLast(".xml".count)
            #expect(relationships.contains("Id=\"rIdChart\(number)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart\" Target=\"charts/chart\(number).xml\""))
            #expect(types.contains("PartName=\"/\(name)\" ContentType=\"application/vnd.openxmlformats-officedocument.drawingml.chart+xml\""))
            #expect(document.contains("r:id=\"rIdChart\(number)\""), "chart \(number) is placed in the document")
            let chart = parts[name] ?? ""
            #expect(chart.contains("<c:barChart>") && chart.contains("<c:numCache>"), "\(name) carries its figures")
            #expect(ReportsTests.isWellFormed(Data(chart.utf8)))
        }
        let kinds = charts.map { parts[$0] ?? "" }
        #expect(kinds.contains { $0.contains("<c:barDir val=\"bar\"/><c:grouping val=\"percentStacked\"/>") }, "stacked bars (marks, journal)")
        #expect(kinds.contains { $0.contains("<c:barDir val=\"col\"/><c:grouping val=\"stacked\"/>") && $0.contains("первичный балл") }, "histograms")
        #expect(kinds.contains { $0.contains("<c:barDir val=\"col\"/><c:grouping val=\"clustered\"/>") && $0.contains("решаемость") }, "task solve rates")
        // drawing ids are unique
        let ids = Self.texts(document.replacingOccurrences(of: "<wp:docPr id=\"", with: "<docPrId>").replacingOccurrences(of: "\" name=", with: "</docPrId> name="), tag: "docPrId")
        #expect(ids.count == charts.count && Set(ids).count == ids.count)
    }

    /// A histogram is coloured by mark band: a score belongs to exactly one band's series, and
    /// the bands start where mark_scales says (Математика 5 of 2025 in the sample: «3» from 6,
    /// «4» from 10, «5» from 14 — Datasets/mark_scales.csv).
    @Test func histogramBandsFollowTheMarkScale() throws {
        let parts = try Self.report()
        let scales = try Domain.readCSV(TestPaths.repository.appendingPathComponent("Datasets/mark_scales.csv")).rows
            .filter { $0["year"] == "2025" && $0["subject"] == "Математика" && $0["grade"] == "5" }
        let starts = Dictionary(uniqueKeysWithValues: scales.compactMap { row in row["mark"].flatMap { mark in row["min_score"].flatMap(Int.init).map { ("«\(mark)»", $0) } } })
        let chart = try #require(parts.values.first { $0.contains("<a:t>Математика 5</a:t>") && $0.contains("<c:grouping val=\"stacked\"/>") })
        var rest = chart[...]
        var firstScore: [String: Int] = [:]
        while let series = rest.range(of: "<c:ser>"), let end = rest.range(of: "</c:ser>", range: series.upperBound..<rest.endIndex) {
            let body = String(rest[series.upperBound..<end.lowerBound])
            let name = Self.texts(body, tag: "c:v").first ?? ""
            if let values = body.range(of: "<c:val>"), let first = body[values.upperBound...].range(of: "<c:pt idx=\"") {
                firstScore[name] = Int(body[first.upperBound...].prefix { $0.isNumber })
            }
            rest = rest[end.upperBound...]
        }
        for mark in ["«3»", "«4»", "«5»"] {
            // a band's first drawn score is at or after its start (a score nobody got draws no point)
            let start = try #require(starts[mark], "mark_scales has \(mark)")
            #expect((firstScore[mark] ?? -1) >= start, "\(mark) starts at \(start)")
        }
    }

    @Test func headingsUseWordStylesAndTheReportHasATableOfContents() throws {
        let parts = try Self.report()
        let styles = parts["word/styles.xml"] ?? ""
        for (id, name, level) in [("Heading1", "heading 1", 0), ("Heading2", "heading 2", 1), ("Heading3", "heading 3", 2)] {
            let style = try #require(styles.range(of: "w:styleId=\"\(id)\"").map { String(styles[$0.upperBound...].prefix(600)) })
            #expect(style.contains("<w:name w:val=\"\(name)\"/>") && style.contains("<w:outlineLvl w:val=\"\(level)\"/>"))
        }
        #expect(styles.contains("<w:name w:val=\"toc 1\"/>"))
        let document = parts["word/document.xml"] ?? ""
        #expect(document.contains("<w:instrText xml:space=\"preserve\"> TOC \\o \"1-3\" \\h \\z \\u </w:instrText>"))
        #expect(parts["word/settings.xml"]?.contains("<w:updateFields w:val=\"true\"/>") == true)
        // one entry per heading, each linked to a bookmark on its heading
        let headings = document.components(separatedBy: "<w:pStyle w:val=\"Heading").count - 1
        #expect(headings >= 10)
        for index in 1...headings {
            let name = "_Toc" + String(format: "%08d", index)
            #expect(document.contains("w:anchor=\"\(name)\"") && document.contains("w:name=\"\(name)\""))
        }
        #expect(Self.texts(document, tag: "w:t").contains("Содержание"))
    }

    @Test func tablesHaveFixedWidthsAndRepeatTheirHeader() throws {
        let document = try Self.report()["word/document.xml"] ?? ""
        let tables = document.components(separatedBy: "<w:tbl>").dropFirst()
        #expect(tables.count >= 6)
        for table in tables {
            #expect(table.contains("<w:tblLayout w:type=\"fixed\"/>") && table.contains("<w:tblHeader/>") && table.contains("<w:gridCol "))
        }
        // recommendations and monitoring are too wide for a portrait page: landscape sections
        #expect(document.contains("w:orient=\"landscape\""))
    }

    /// The layout never gives a column less than its longest word, shares the rest by content
    /// (codes narrow, prose wide) and fills the text width.
    @Test func columnWidthsFollowTheContent() {
        let header = ["№", "код", "текст"]
        let prose = "Провести заседание ШМО учителей начальных классов с анализом проблемных заданий и организовать взаимопосещение уроков"
        let rows = [["1", "R2025-2A97327E", prose], ["2", "R2025-C6339B54", prose]]
        let layout = DocxTable.layout(header: header, rows: rows)
        #expect(!layout.landscape && layout.size == 20)
        #expect(layout.widths.reduce(0, +) == DocxTable.textWidth)
        for (column, width) in layout.widths.enumerated() {
            let words = ([header[column]] + rows.map { $0[column] }).map { DocxTable.longestWord($0, size: layout.size, bold: true) }
            #expect(Double(width) >= (words.max() ?? 0), "column \(column) holds its longest word")
        }
        #expect(layout.widths[0] < layout.widths[1] && layout.widths[1] < layout.widths[2])
        // twelve columns of prose do not fit a portrait page even at 8 pt
        let wide = DocxTable.layout(header: (1...12).map { "столбец\($0)" }, rows: [Array(repeating: "взаимопосещение", count: 12)])
        #expect(wide.landscape)
        #expect(wide.widths.reduce(0, +) == DocxTable.landscapeWidth)
    }

    /// The register's enumerations (PRODUCT.md, «Findings and recommendations») never show as
    /// codes in the Russian report, DOCX or HTML.
    @Test func noEnglishCodesInTheRussianReport() throws {
        let codes = ["problem_task", "skill_deficit", "objectivity", "low_results", "best_practice", "teacher_support", "dynamics",
                     "district", "school", "class", "teacher",
                     "course", "rmo_agenda", "rmo_workshop", "shmo_meeting", "mentoring", "lesson_visits", "cross_marking", "objectivity_review", "program_adjustment",
                     "issued", "in_progress", "done", "not_done",
                     "solve_rate", "mark2_pct", "mean_pct_max", "objectivity_signs"]
        var html = try String(contentsOf: ReportsTests.out().appendingPathComponent("report.html"), encoding: .utf8)
        // the reader's text: without the style sheet and the markup
        if let style = html.range(of: "<style>"), let end = html.range(of: "</style>") { html.removeSubrange(style.lowerBound..<end.upperBound) }
        html = html.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
        let docx = Self.readableText(try Self.report())
        for (name, text) in [("report.docx", docx), ("report.html", html)] {
            for code in codes {
                #expect(text.range(of: "\\b\(code)\\b", options: .regularExpression) == nil, "\(name) shows the code `\(code)`")
            }
        }
        // and they came from the labels, not from dropping the column
        #expect(docx.contains("Корректировка рабочих программ") && docx.contains("решаемость,\u{00A0}%") && docx.contains("выдана"))
    }

    /// Numbers in the Russian report: decimal comma, dates DD.MM.YYYY (cells only: task numbers
    /// such as 9.1 and skill codes are text and stay as they are).
    @Test func russianNumberForms() throws {
        let cells = Self.texts(try Self.report()["word/document.xml"] ?? "", tag: "w:t")
        #expect(cells.contains { $0.range(of: "^\\d+,\\d+$", options: .regularExpression) != nil })
        #expect(!cells.contains { $0.range(of: "^[-−]?\\d+\\.\\d+$", options: .regularExpression) != nil }, "a number with a decimal point")
        #expect(!cells.contains { $0.range(of: "^\\d{4}-\\d\\d-\\d\\d$", options: .regularExpression) != nil }, "an ISO date")
        #expect(cells.contains { $0.range(of: "^\\d\\d\\.\\d\\d\\.20\\d\\d$", options: .regularExpression) != nil })
    }

    /// A group under 10 pupils is an empty, labelled row in the native chart as in the SVG: no
    /// figure of it reaches the chart's cache.
    @Test func smallGroupsAreSuppressedInTheNativeChart() throws {
        let table = Table(names: ["label", "n", "«2»", "«3»"],
                          columns: [Column.from([.text("S90 ООШ"), .text("S91 СОШ")]), Column.from([.int(7), .int(20)]),
                                    Column.from([.double(42.5), .double(30)]), Column.from([.double(57.5), .double(70)])])
        let text = ReportText(labels: ["lang": "ru", "suppressed": "n < 10: не показывается"])
        let charts = try AnnualReport.charts(kind: "marks", table: table, thresholds: nil, text: text)
        let chart = try #require(charts.first?.chart)
        #expect(chart.categories == ["S90 ООШ: n < 10: не показывается", "S91 СОШ (n = 20)"])
        #expect(chart.series.map(\.values) == [[nil, 30], [nil, 70]])
        let part = DocxChart.part(chart, language: "ru-RU")
        #expect(!part.contains("42.5") && !part.contains("57.5"))
        #expect(part.contains("<c:pt idx=\"1\"><c:v>30</c:v></c:pt>") && !part.contains("<c:pt idx=\"0\"><c:v>57.5"))
        #expect(charts.first?.svg.contains("n &lt; 10: не показывается") == true)
    }

    /// The formatter on values worked out by hand.
    @Test func reportTextFormsByHand() {
        let ru = ReportText(labels: ["lang": "ru", "action_program_adjustment": "Корректировка рабочих программ", "column_task": "задание", "indicator_solve_rate": "решаемость, %"])
        let en = ReportText(labels: ["lang": "en"])
        #expect(ru.number(12.5) == "12,5")
        #expect(ru.number(-3.25) == "\u{2212}3,25")
        #expect(ru.number(0.006) == "0,006")
        #expect(ru.integer(2025) == "2025")
        #expect(ru.integer(12345) == "12\u{00A0}345")
        #expect(ru.number(1234567.5) == "1\u{00A0}234\u{00A0}567,5")
        #expect(ru.cell(.text("2025-12-20")) == "20.12.2025")
        #expect(ru.cell(.text("-6.1…+0.2")) == "\u{2212}6,1…+0,2")
        #expect(ru.cell(.text("9.1")) == "9.1", "a task number is text")
        #expect(ru.cell(.text("program_adjustment")) == "Корректировка рабочих программ")
        #expect(ru.cell(.text("solve_rate")) == "решаемость,\u{00A0}%")
        #expect(ru.header("task") == "задание")
        #expect(en.number(12.5) == "12.5" && en.integer(12345) == "12345" && en.cell(.text("2025-12-20")) == "2025-12-20")
        #expect(en.number(-3.25) == "-3.25")
    }

    /// lang=en keeps English conventions; the same table in Russian gets the comma.
    @Test func englishReportKeepsEnglishNumbers() throws {
        let out = try RecommendationsTests.tempFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        for lang in ["en", "ru"] {
            _ = try Domain.session("""
            load "Datasets/schools.csv" as schools
            let s = schools | head 3 | derive share = 12.5, due = "2025-12-20"
            schools | report "\(out.path)/r-\(lang)" with templates = "Templates/\(lang)", formats = "html,docx", summary = "s"
            """)
        }
        let en = try String(contentsOf: out.appendingPathComponent("r-en.html"), encoding: .utf8)
        let ru = try String(contentsOf: out.appendingPathComponent("r-ru.html"), encoding: .utf8)
        #expect(en.contains(">12.5<") && en.contains(">2025-12-20<") && !en.contains(">12,5<"))
        #expect(ru.contains(">12,5<") && ru.contains(">20.12.2025<"))
        let docx = try ReportsTests.parts(of: out.appendingPathComponent("r-en.docx"))
        #expect(String(decoding: docx["word/document.xml"] ?? Data(), as: UTF8.self).contains(">12.5<"))
    }

    /// LibreOffice opens the DOCX and draws its charts: the PDF has the chart titles and axis
    /// titles as text, and the ODT it converts to holds chart objects.
    @Test func libreOfficeRendersTheCharts() throws {
        guard let soffice = ["/usr/bin/soffice", "/usr/local/bin/soffice", "/usr/bin/libreoffice"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }),
              FileManager.default.fileExists(atPath: "/usr/lib/libreoffice/program/libswlo.so") else {
            print("◇ SKIPPED libreOfficeRendersTheCharts: LibreOffice Writer is not installed (apt-get install libreoffice-writer-nogui)")
            return
        }
        let folder = try RecommendationsTests.tempFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = try ReportsTests.out().appendingPathComponent("report.docx")
        func convert(_ format: String) throws -> URL {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: soffice)
            process.arguments = ["--headless", "-env:UserInstallation=file://" + folder.path + "/profile", "--convert-to", format, "--outdir", folder.path, report.path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            if waitWithDeadline(process, seconds: 300) { Issue.record("soffice --convert-to \(format) took over 300 s: killed") }
            #expect(process.terminationStatus == 0)
            return folder.appendingPathComponent("report." + format)
        }
        let odt = try ReportsTests.parts(of: convert("odt"))
        let chartObjects = odt.filter { $0.key.hasPrefix("Object ") && $0.key.hasSuffix("/content.xml") && String(decoding: $0.value, as: UTF8.self).contains("<chart:chart") }
        #expect(chartObjects.count >= 14, "LibreOffice read \(chartObjects.count) charts")
        let pdf = try convert("pdf")
        guard let pdftotext = ["/usr/bin/pdftotext", "/usr/local/bin/pdftotext"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            print("◇ SKIPPED libreOfficeRendersTheCharts (PDF text): pdftotext is not installed (apt-get install poppler-utils)")
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: pdftotext)
        process.arguments = ["-layout", pdf.path, "-"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        if waitWithDeadline(process, seconds: 60) { Issue.record("pdftotext took over 60 s: killed") }
        let pages = text.components(separatedBy: "\u{0C}").filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }.count
        #expect((10...60).contains(pages), "\(pages) pages")
        for phrase in ["Содержание", "первичный балл", "число обучающихся", "решаемость", "доля обучающихся", "Математика 5", "Русский язык 8"] {
            #expect(text.contains(phrase), "the rendered report shows «\(phrase)»")
        }
    }
}
