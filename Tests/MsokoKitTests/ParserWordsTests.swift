import Foundation
import Testing

/// ArgumentParser's own headings and errors follow the run's language (Sources/msoko/ParserWords).
@Suite struct ParserWordsTests {
    @Test func helpAndUsageErrorsAreRussianWithLangRu() throws {
        let help = try runExecutable(["--lang", "ru", "--help"])
        #expect(help.status == 0)
        for heading in ["ОПИСАНИЕ:", "ВЫЗОВ:", "ПАРАМЕТРЫ:", "ПОДКОМАНДЫ:", "Показать справку."] {
            #expect(help.out.contains(heading), "\(heading) in:\n\(help.out)")
        }
        for english in ["OVERVIEW:", "USAGE:", "OPTIONS:", "Show help information."] {
            #expect(!help.out.contains(english))
        }
        let wrong = try runExecutable(["--bogus"], environment: ["LANG": "ru_RU.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""])
        #expect(wrong.status == 2)
        #expect(wrong.err.contains("Ошибка: Неизвестный параметр '--bogus'"), "\(wrong.err)")
        #expect(wrong.err.contains("Подробнее: 'msoko --help'."), "\(wrong.err)")
        // --lang en wins over a Russian locale, and English stays ArgumentParser's own.
        let english = try runExecutable(["--lang", "en", "--bogus"], environment: ["LANG": "ru_RU.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""])
        #expect(english.err.contains("Error: Unknown option '--bogus'"), "\(english.err)")
        #expect(english.err.contains("See 'msoko --help' for more information."))
    }
}
