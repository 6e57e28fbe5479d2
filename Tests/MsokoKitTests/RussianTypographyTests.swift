import Foundation
import Testing
@testable import MsokoKit

/// Russian document conventions (RussianTypography). Expected texts written by hand.
@Suite struct RussianTypographyTests {
    let nbsp = "\u{00A0}"

    @Test func numbers() {
        #expect(RussianTypography.number("33.9") == "33,9")
        #expect(RussianTypography.number("-0.4") == "\u{2212}0,4")
        #expect(RussianTypography.number(41.4) == "41,4")
        #expect(RussianTypography.number("60") == "60")
        #expect(RussianTypography.number("") == "")
        #expect(RussianTypography.number("n/a") == "n/a")
        #expect(RussianTypography.number("1.2.3") == "1.2.3")
    }

    @Test func dates() {
        #expect(RussianTypography.date("2025-12-20") == "20.12.2025")
        #expect(RussianTypography.date("2026-01-05") == "05.01.2026")
        #expect(RussianTypography.date("15.09.2025") == "15.09.2025")
        #expect(RussianTypography.date("декабрь") == "декабрь")
        #expect(RussianTypography.date("2025-13-01") == "2025-13-01")
        #expect(RussianTypography.longDate("2025-12-20") == "20\(nbsp)декабря 2025\(nbsp)г.")
        #expect(RussianTypography.longDate("2026-03-01") == "1\(nbsp)марта 2026\(nbsp)г.")
        #expect(RussianTypography.englishLongDate("2025-12-20") == "20 December 2025")
    }

    @Test func decimalCommaAndPercentInProse() {
        #expect(RussianTypography.prose("решаемость: 33.9 % при 79 % по округу; n = 31; 95 % ДИ 25.2–42.5")
            == "решаемость: 33,9\(nbsp)% при 79\(nbsp)% по округу; n = 31; 95\(nbsp)% ДИ 25,2–42,5")
        #expect(RussianTypography.prose("p < 0.001, q = 0.006") == "p < 0,001, q = 0,006")
        #expect(RussianTypography.prose("ρ = -0.4; 56.3 % → 45.1 % (\u{2212}11.2 п.п.)")
            == "ρ = \u{2212}0,4; 56,3\(nbsp)% → 45,1\(nbsp)% (\u{2212}11,2 п.п.)")
        #expect(RussianTypography.prose("положение 0.72 SD (95 % ДИ 0.66…0.79)") == "положение 0,72 SD (95\(nbsp)% ДИ 0,66…0,79)")
    }

    @Test func codesAndTaskNumbersStayAsTheyAre() {
        let codes = "умение Р2.3.2 и М4.3.1; рекомендация R2025-93AAE9AF; классы 6Б → 6А; 6–7 классы; 2024 и 2025"
        #expect(RussianTypography.prose(codes) == codes)
        #expect(RussianTypography.prose("разбор заданий №9.1, 9.2 и №10, 5.2") == "разбор заданий №\(nbsp)9.1, 9.2 и №\(nbsp)10, 5.2")
        #expect(RussianTypography.prose("(задания 6, 7.1, 7.2) решено на 40.5 %") == "(задания 6, 7.1, 7.2) решено на 40,5\(nbsp)%")
        #expect(RussianTypography.prose("Задание 12.1 (уровень Б): решаемость 20.5 %") == "Задание 12.1 (уровень Б): решаемость 20,5\(nbsp)%")
        #expect(RussianTypography.prose("версия v1.5 и 3.5x") == "версия v1.5 и 3.5x")
    }

    @Test func datesInitialsNumberSignAndQuotes() {
        #expect(RussianTypography.prose("срок — 2025-12-20.") == "срок — 20.12.2025.")
        #expect(RussianTypography.prose("учителю Максимова Н. В. (T089)") == "учителю Максимова\(nbsp)Н.\(nbsp)В. (T089)")
        #expect(RussianTypography.prose("О. П. Сидорова") == "О.\(nbsp)П.\(nbsp)Сидорова")
        #expect(RussianTypography.prose("МБОУ СОШ №4 г. Приозёрска") == "МБОУ СОШ №\(nbsp)4 г. Приозёрска")
        #expect(RussianTypography.prose("МБОУ СОШ № 5") == "МБОУ СОШ №\(nbsp)5")
        #expect(RussianTypography.prose("курс \"Морфемика\" пройден") == "курс «Морфемика» пройден")
        #expect(RussianTypography.prose("в 2024 г. Рекомендации") == "в 2024 г. Рекомендации")
    }
}
