import Foundation
import Testing
@testable import MsokoKit

/// Declension of names and positions by Rules/declension. Every expected form is written by
/// hand from Russian grammar (Розенталь, «Справочник по правописанию и литературной правке»,
/// § склонение фамилий), not taken from the program's output.
@Suite struct DeclensionTests {
    static let rules: Result<Declension, Error> = Result {
        try Declension.load(folder: TestPaths.repository.appendingPathComponent("Rules/declension").path)
    }

    static func declension() throws -> Declension { try rules.get() }

    /// surname, gender, genitive, dative, accusative
    static let surnames: [(String, Gender, String, String, String)] = [
        ("Кузьмич", .male, "Кузьмича", "Кузьмичу", "Кузьмича"),
        ("Кузьмич", .female, "Кузьмич", "Кузьмич", "Кузьмич"),
        ("Ильина", .female, "Ильиной", "Ильиной", "Ильину"),
        ("Ильин", .male, "Ильина", "Ильину", "Ильина"),
        ("Максимова", .female, "Максимовой", "Максимовой", "Максимову"),
        ("Исаева", .female, "Исаевой", "Исаевой", "Исаеву"),
        ("Петров-Водкин", .male, "Петрова-Водкина", "Петрову-Водкину", "Петрова-Водкина"),
        ("Римская-Корсакова", .female, "Римской-Корсаковой", "Римской-Корсаковой", "Римскую-Корсакову"),
        ("Лебедева-Окунь", .female, "Лебедевой-Окунь", "Лебедевой-Окунь", "Лебедеву-Окунь"),
        ("Бонч-Бруевич", .male, "Бонч-Бруевича", "Бонч-Бруевичу", "Бонч-Бруевича"),
        ("Дюма", .male, "Дюма", "Дюма", "Дюма"),
        ("Шоу", .male, "Шоу", "Шоу", "Шоу"),
        ("Гёте", .male, "Гёте", "Гёте", "Гёте"),
        ("Черных", .male, "Черных", "Черных", "Черных"),
        ("Черных", .female, "Черных", "Черных", "Черных"),
        ("Живаго", .male, "Живаго", "Живаго", "Живаго"),
        ("Шевченко", .female, "Шевченко", "Шевченко", "Шевченко"),
        ("Кох", .female, "Кох", "Кох", "Кох"),
        ("Кох", .male, "Коха", "Коху", "Коха"),
        ("Ковальчук", .female, "Ковальчук", "Ковальчук", "Ковальчук"),
        ("Ковальчук", .male, "Ковальчука", "Ковальчуку", "Ковальчука"),
        ("Толстой", .male, "Толстого", "Толстому", "Толстого"),
        ("Толстая", .female, "Толстой", "Толстой", "Толстую"),
        ("Достоевский", .male, "Достоевского", "Достоевскому", "Достоевского"),
        ("Достоевская", .female, "Достоевской", "Достоевской", "Достоевскую"),
        ("Гусейнов", .male, "Гусейнова", "Гусейнову", "Гусейнова"),
        ("Соловьёв", .male, "Соловьёва", "Соловьёву", "Соловьёва"),
        ("Мельник", .male, "Мельника", "Мельнику", "Мельника"),
        ("Цой", .male, "Цоя", "Цою", "Цоя"),
        ("Гоголь", .male, "Гоголя", "Гоголю", "Гоголя"),
        ("Берия", .male, "Берия", "Берия", "Берия"),
        ("Окуджава", .male, "Окуджавы", "Окуджаве", "Окуджаву"),
        ("Зайцев", .male, "Зайцева", "Зайцеву", "Зайцева"),
        ("Кравец", .female, "Кравец", "Кравец", "Кравец"),
        ("Кравец", .male, "Кравца", "Кравцу", "Кравца"),
    ]

    @Test(arguments: surnames)
    func surname(_ example: (String, Gender, String, String, String)) throws {
        let rules = try Self.declension()
        let (word, gender, genitive, dative, accusative) = example
        #expect(rules.surname(word, gender: gender, case: .genitive) == genitive, "\(word) (\(gender)), genitive")
        #expect(rules.surname(word, gender: gender, case: .dative) == dative, "\(word) (\(gender)), dative")
        #expect(rules.surname(word, gender: gender, case: .accusative) == accusative, "\(word) (\(gender)), accusative")
        #expect(rules.surname(word, gender: gender, case: .nominative) == word)
    }

    /// first name, gender, genitive, dative, accusative
    static let firstNames: [(String, Gender, String, String, String)] = [
        ("Тоня", .female, "Тони", "Тоне", "Тоню"),
        ("Пётр", .male, "Петра", "Петру", "Петра"),
        ("Лев", .male, "Льва", "Льву", "Льва"),
        ("Павел", .male, "Павла", "Павлу", "Павла"),
        ("Илья", .male, "Ильи", "Илье", "Илью"),
        ("Никита", .male, "Никиты", "Никите", "Никиту"),
        ("Любовь", .female, "Любови", "Любови", "Любовь"),
        ("Наталья", .female, "Натальи", "Наталье", "Наталью"),
        ("Мария", .female, "Марии", "Марии", "Марию"),
        ("Игорь", .male, "Игоря", "Игорю", "Игоря"),
        ("Андрей", .male, "Андрея", "Андрею", "Андрея"),
        ("Ольга", .female, "Ольги", "Ольге", "Ольгу"),
    ]

    @Test(arguments: firstNames)
    func firstName(_ example: (String, Gender, String, String, String)) throws {
        let rules = try Self.declension()
        let (word, gender, genitive, dative, accusative) = example
        #expect(rules.firstName(word, gender: gender, case: .genitive) == genitive, "\(word), genitive")
        #expect(rules.firstName(word, gender: gender, case: .dative) == dative, "\(word), dative")
        #expect(rules.firstName(word, gender: gender, case: .accusative) == accusative, "\(word), accusative")
    }

    @Test func patronymics() throws {
        let rules = try Self.declension()
        #expect(rules.patronymic("Викторовна", gender: .female, case: .genitive) == "Викторовны")
        #expect(rules.patronymic("Викторовна", gender: .female, case: .dative) == "Викторовне")
        #expect(rules.patronymic("Викторовна", gender: .female, case: .accusative) == "Викторовну")
        #expect(rules.patronymic("Ильич", gender: .male, case: .dative) == "Ильичу")
        #expect(rules.patronymic("Ильинична", gender: .female, case: .genitive) == "Ильиничны")
    }

    @Test func genderFromPatronymicThenFirstNameThenSurname() throws {
        let rules = try Self.declension()
        #expect(rules.gender(surname: "Кузьмич", firstName: "Андрей", patronymic: "Николаевич") == .male)
        #expect(rules.gender(surname: "Кузьмич", firstName: "Анна", patronymic: "Петровна") == .female)
        // the patronymic wins over a first name that would say otherwise
        #expect(rules.gender(surname: "Кох", firstName: "Саша", patronymic: "Ивановна") == .female)
        #expect(rules.gender(surname: "Гусейнов", firstName: "Эльчин", patronymic: "Рафик", suffix: "оглы") == .male)
        #expect(rules.gender(surname: "Алиева", firstName: "Лейла", patronymic: "Гасан", suffix: "кызы") == .female)
        #expect(rules.gender(surname: "Черных", firstName: "Никита", patronymic: nil) == .male)
        #expect(rules.gender(surname: "Черных", firstName: "Любовь", patronymic: nil) == .female)
        #expect(rules.gender(surname: "Максимова", firstName: "Н.", patronymic: "В.") == .female)
        #expect(rules.gender(surname: "Черных", firstName: nil, patronymic: nil) == nil)
    }

    @Test func wholeNames() throws {
        let rules = try Self.declension()
        let nbsp = "\u{00A0}"
        #expect(rules.fullName("Максимова Наталья Викторовна", case: .dative) == "Максимовой Наталье Викторовне")
        #expect(rules.fullName("Кузьмич Пётр Ильич", case: .genitive) == "Кузьмича Петра Ильича")
        #expect(rules.fullName("Кузьмич Любовь Ильинична", case: .dative) == "Кузьмич Любови Ильиничне")
        #expect(rules.fullName("Гусейнов Эльчин Рафик оглы", case: .dative) == "Гусейнову Эльчину Рафик оглы")
        #expect(rules.shortName("Исаева Елена Борисовна", case: .accusative) == "Исаеву\(nbsp)Е.\(nbsp)Б.")
        #expect(rules.shortName("Исаева Елена Борисовна", case: .genitive) == "Исаевой\(nbsp)Е.\(nbsp)Б.")
        #expect(rules.shortName("Иванов Иван Иванович", case: .dative) == "Иванову\(nbsp)И.\(nbsp)И.")
        #expect(rules.shortName("Максимова Н. В.", case: .dative) == "Максимовой\(nbsp)Н.\(nbsp)В.")
        #expect(rules.shortName("Максимова Н.В.", case: .dative) == "Максимовой\(nbsp)Н.\(nbsp)В.")
        #expect(rules.shortName("Черных Ольга Викторовна", case: .dative) == "Черных\(nbsp)О.\(nbsp)В.")
        #expect(rules.signatureName("Сидорова Ольга Петровна") == "О.\(nbsp)П.\(nbsp)Сидорова")
        #expect(rules.salutation("Сидорова Ольга Петровна")?.0 == "Ольга Петровна")
        #expect(rules.salutation("Сидорова Ольга Петровна")?.1 == .female)
        #expect(rules.salutation("Сидорова О. П.") == nil)
    }

    @Test func positions() throws {
        let rules = try Self.declension()
        let dative = [
            ("Директор", "Директору"),
            ("Заведующий", "Заведующему"),
            ("Заведующая", "Заведующей"),
            ("Заведующий методическим кабинетом", "Заведующему методическим кабинетом"),
            ("Руководитель РМО учителей математики", "Руководителю РМО учителей математики"),
            ("Руководитель ШМО учителей русского языка", "Руководителю ШМО учителей русского языка"),
            ("Начальник управления образования", "Начальнику управления образования"),
            ("Заместитель директора по УВР", "Заместителю директора по УВР"),
            ("Главный специалист", "Главному специалисту"),
            ("Ведущий специалист отдела", "Ведущему специалисту отдела"),
            ("Исполняющий обязанности директора", "Исполняющему обязанности директора"),
            ("И. о. директора", "И. о. директора"),
        ]
        for (nominative, expected) in dative {
            #expect(rules.position(nominative, case: .dative) == expected, "\(nominative)")
        }
        #expect(rules.position("Директор", case: .genitive) == "Директора")
        #expect(rules.position("Руководитель РМО", case: .genitive) == "Руководителя РМО")
        #expect(rules.position("Директор", case: .nominative) == "Директор")
    }

    @Test func theWordsBeforeANameSetItsCase() throws {
        let rules = try Self.declension()
        #expect(rules.caseAfter("Рекомендовать руководителю ОО направить учителя ") == .accusative)
        #expect(rules.caseAfter("организовать взаимопосещение уроков учителя ") == .genitive)
        #expect(rules.caseAfter("Адресная помощь учителю ") == .dative)
        #expect(rules.caseAfter("закрепить за учителем ") == .instrumental)
        #expect(rules.caseAfter("Учитель ") == .nominative)
        #expect(rules.caseAfter("") == .nominative)
        // a word that merely ends in «учителя» is not «учителя»
        #expect(rules.caseAfter("заучителя ") == .nominative)
    }

    @Test func aRuleFileWithoutACaseIsAnError() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("declension-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "kind\tgender\tmatch\tgenitive\tdative\taccusative\tinstrumental\nending\tmale\tов\tа\t\tа\tым\n"
            .write(to: folder.appendingPathComponent("surnames.tsv"), atomically: true, encoding: .utf8)
        #expect(throws: MsokoError.self) { try Declension.load(folder: folder.path) }
    }
}
