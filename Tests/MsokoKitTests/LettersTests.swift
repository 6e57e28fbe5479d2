import Foundation
import Testing
@testable import MsokoKit

/// The parts of a letter (LetterParts, Drafts.context) on a record made by hand: with the
/// district's settings, without them (placeholders), in Russian and in English.
@Suite struct LettersTests {
    static let nbsp = "\u{00A0}"

    static func table(_ columns: [(String, [Value])]) -> Table {
        var table = Table()
        for (name, values) in columns { table.set(name, Column.from(values)) }
        return table
    }

    static let records = table([
        ("rec_id", [.text("R2025-00000001")]),
        ("year", [.int(2025)]),
        ("addressee_level", [.text("school")]),
        ("addressee_id", [.text("S05")]),
        ("finding_id", [.text("F1")]),
        ("evidence", [.text("решаемость: 33.9 % при 79 % по округу; ρ = -0.4")]),
        ("causes", [.null]),
        ("problem", [.text("Адресная помощь учителю T1: дефицит умения Р2.3.2")]),
        ("action", [.text("Рекомендовать руководителю ОО направить учителя T1 на КПК; закрепить за учителем T1 наставника.")]),
        ("action_type", [.text("course")]),
        ("responsible", [.text("Директор МБОУ СОШ №5")]),
        ("due", [.date(DateCodec.days(year: 2025, month: 12, day: 20))]),
        ("indicator", [.text("solve_rate")]),
        ("baseline", [.double(33.9)]),
        ("target", [.double(60)]),
        ("status", [.text("issued")]),
    ])
    static let teachers = table([
        ("teacher_id", [.text("T1")]), ("teacher_name", [.text("Исаева Елена Борисовна")]), ("school_id", [.text("S05")]),
    ])
    static let schools = table([("school_id", [.text("S05")]), ("school_name", [.text("МБОУ СОШ №5 г. Приозёрска")])])
    static let settings = table([
        ("key", ["department_name", "head_position", "head_name", "performer_name", "performer_phone", "number_pattern", "first_number", "letter_date"].map { Value.text($0) }),
        ("value", ["Управление образования", "Начальник управления образования", "Сидорова Ольга Петровна", "Смирнова Анна Викторовна",
                   "8 (10000) 2-00-15", "01-12/{n}", "7", "2025-09-15"].map { Value.text($0) }),
    ])

    static func letter(lang: String, settings: Bool) throws -> Drafts.Letter {
        var letter = Drafts.Letter()
        letter.lang = lang
        letter.declension = try DeclensionTests.declension()
        if settings {
            letter.settings = LetterSettings(table: Self.settings)
            letter.heads = ["S05": (position: "Директор", name: "Иванов Игорь Иванович")]
        }
        letter.sequence = 2
        return letter
    }

    static func context(lang: String, settings: Bool) throws -> [String: Any] {
        let addressee = try #require(Drafts.addressees(records).first)
        let labels = labels(lang)
        return Drafts.context(for: addressee, records: records, teachers: teachers, schools: schools, labels: labels, date: "",
                              letter: try letter(lang: lang, settings: settings))
    }

    static func labels(_ lang: String) -> [String: String] {
        let text = (try? String(contentsOf: TestPaths.repository.appendingPathComponent("Templates/\(lang)/labels.tsv"), encoding: .utf8)) ?? ""
        var labels: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: "\t", maxSplits: 1).map(String.init)
            if parts.count == 2 { labels[parts[0]] = parts[1] }
        }
        return labels
    }

    static func lines(_ context: [String: Any]) -> [String] {
        (context["addressee_lines"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
    }

    @Test func aRussianLetterFromTheSettings() throws {
        let context = try Self.context(lang: "ru", settings: true)
        let nbsp = Self.nbsp
        #expect(Self.lines(context) == ["Директору МБОУ СОШ №\(nbsp)5 г. Приозёрска", "Иванову\(nbsp)И.\(nbsp)И."])
        #expect(context["outgoing_number"] as? String == "01-12/9")  // first_number 7 + the third letter of the run
        #expect(context["letter_date"] as? String == "15.09.2025")
        #expect(context["signer_position"] as? String == "Начальник управления образования")
        #expect(context["signer_name"] as? String == "О.\(nbsp)П.\(nbsp)Сидорова")
        #expect(context["performer_name"] as? String == "Смирнова\(nbsp)А.\(nbsp)В.")
        #expect(context["salutation"] as? String == "Уважаемый Игорь Иванович!")
        #expect(context["heading"] as? String == "О результатах ВПР 2025 г.")
        let item = try #require((context["recommendations"] as? [[String: Any]])?.first)
        #expect(item["problem"] as? String == "Адресная помощь учителю Исаевой\(nbsp)Е.\(nbsp)Б.: дефицит умения Р2.3.2")
        #expect(item["action"] as? String
            == "Рекомендовать руководителю ОО направить учителя Исаеву\(nbsp)Е.\(nbsp)Б. на КПК; закрепить за учителем Исаевой\(nbsp)Е.\(nbsp)Б. наставника.")
        #expect(item["evidence"] as? String == "решаемость: 33,9\(nbsp)% при 79\(nbsp)% по округу; ρ = \u{2212}0,4")
        #expect(item["due"] as? String == "20.12.2025")
        #expect(item["due_long"] as? String == "20\(nbsp)декабря 2025\(nbsp)г.")
        #expect(item["baseline"] as? String == "33,9")
        #expect((context["missing"] as? [String] ?? []).filter { !$0.hasPrefix("cabinet") && $0 != "department_address" }.isEmpty)
    }

    @Test func withoutSettingsTheLetterShowsPlaceholders() throws {
        let context = try Self.context(lang: "ru", settings: false)
        #expect(Self.lines(context).last == "[ФИО руководителя]")
        #expect(Self.lines(context).first == "Директору МБОУ СОШ №\(Self.nbsp)5 г. Приозёрска")
        #expect(context["signer_name"] as? String == "[И. О. Фамилия]")
        #expect(context["performer_name"] as? String == "[ФИО исполнителя]")
        #expect(context["outgoing_number"] as? String == "__________")
        let missing = context["missing"] as? [String] ?? []
        for key in ["department_name", "head_name", "performer_name", "number_pattern", "head:S05"] {
            #expect(missing.contains(key), "\(key)")
        }
    }

    @Test func anEnglishLetterKeepsEnglishConventions() throws {
        let context = try Self.context(lang: "en", settings: true)
        #expect(Self.lines(context) == ["Head of МБОУ СОШ №5 г. Приозёрска", "Иванов Игорь Иванович"])
        #expect(context["letter_date"] as? String == "2025-09-15")
        let item = try #require((context["recommendations"] as? [[String: Any]])?.first)
        #expect(item["evidence"] as? String == "решаемость: 33.9 % при 79 % по округу; ρ = -0.4")
        #expect(item["baseline"] as? String == "33.9")
        #expect(item["due"] as? String == "2025-12-20")
        #expect((item["action"] as? String ?? "").contains("направить учителя Исаева Е. Б. на КПК"))
    }

    static let pipeline = "vpr | where status == \"present\" | summarize value = round(mark_pct(mark, 2), 1), n = count() by year, school_id | derive finding_id = \"F\" + text(year) + \"-low_results-\" + school_id, kind = \"low_results\", scope = \"school\", indicator = \"mark2_pct\", reference = 10 | recommend"

    /// The verb on the fixture district: no settings — placeholders in the letter and a note
    /// naming what is missing; a misspelt key — a note with «did you mean»; a bad `lang` — an error.
    @Test func theDraftsVerbNotesWhatTheLettersLack() throws {
        let folder = try RecommendationsTests.tempFolder()
        let plain = runScript("run \"data/setup.msoko\"\n" + Self.pipeline + " | drafts \"\(folder.path)/a\" with schools = \"schools\", formats = \"md\"")
        #expect(plain.ok, "\(plain.err)")
        #expect(plain.err.contains("drafts: the settings give no department_name") && plain.err.contains("drafts: no head named for"), "\(plain.err)")
        let letters = try FileManager.default.contentsOfDirectory(atPath: folder.path + "/a").filter { $0.hasSuffix(".md") }
        let first = try #require(letters.sorted().first)
        let text = try String(contentsOfFile: folder.path + "/a/" + first, encoding: .utf8)
        #expect(text.contains("[ФИО руководителя]") && text.contains("[И. О. Фамилия]") && text.contains("Исполнитель: [ФИО исполнителя]"))

        let misspelt = runScript("""
            run "data/setup.msoko"
            let settings = schools | head 1 | select key = "head_nmae", value = "Сидорова Ольга Петровна"
            \(Self.pipeline) | drafts "\(folder.path)/b" with schools = "schools", settings = "settings", formats = "md"
            """)
        #expect(misspelt.ok, "\(misspelt.err)")
        #expect(misspelt.err.contains("unknown setting `head_nmae`") && misspelt.err.contains("head_name"), "\(misspelt.err)")

        let badLanguage = runScript("run \"data/setup.msoko\"\n" + Self.pipeline + " | drafts \"\(folder.path)/c\" with lang = \"de\"")
        #expect(!badLanguage.ok && badLanguage.err.contains("unknown document language `de`"), "\(badLanguage.err)")
    }
}
