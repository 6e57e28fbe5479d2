import Foundation

/// How the annual report shows a value to a person: codes replaced by their labels from the
/// template folder's `labels.tsv` (the one labels table the drafts read too), numbers and dates in
/// the document language's conventions.
///
/// - A column header `NAME` shows as `column_NAME` when the labels have that key.
/// - A text cell that is exactly a code of the register's enumerations shows as its label: the
///   keys tried are `<prefix>_<code>` for the prefixes in `codePrefixes` (action types, statuses,
///   indicators, finding kinds and scopes, limitation sources), in that order.
/// - `lang` (a key of labels.tsv, `ru` or `en`) picks the number conventions: Russian gives a
///   decimal comma, a minus sign, no-break spaces between digit groups of numbers from 10 000 and
///   before `%`, dates `DD.MM.YYYY`; anything else keeps the machine forms (`12.5`, ISO dates).
///
/// Dates and the no-break space are RussianTypography's (the drafts' conventions); this type adds
/// what a table cell needs: labels for codes and digit groups in large numbers.
public struct ReportText: Sendable {
    public let labels: [String: String]
    public let russian: Bool

    /// Label prefixes a bare code in a table cell is looked up under, first match wins. Levels
    /// (`level_*`) are left out on purpose: they are addressee lines in the dative, not names.
    public static let codePrefixes = ["action", "status", "indicator", "kind", "scope", "source"]

    public init(labels: [String: String]) {
        self.labels = labels
        self.russian = labels["lang"] == "ru"
    }

    /// A label by key, or `fallback`.
    public func label(_ key: String, _ fallback: String) -> String { labels[key].map(prose) ?? fallback }

    /// A column header as the reader sees it.
    public func header(_ name: String) -> String { prose(labels["column_" + name] ?? name) }

    /// A cell as the reader sees it.
    public func cell(_ value: Value) -> String {
        switch value {
        case .null: return ""
        case .int(let v): return integer(v)
        case .double(let v): return number(v)
        case .bool(let v): return v ? label("bool_true", "true") : label("bool_false", "false")
        case .date(let v): return date(DateCodec.format(v))
        case .text(let v):
            for prefix in Self.codePrefixes {
                if let text = labels[prefix + "_" + v] { return prose(text) }
            }
            return prose(interval(v) ?? date(v))
        }
    }

    /// `-3.2…5.1` (an interval the script joined as text) with each end as a number; nil for
    /// any other text.
    func interval(_ text: String) -> String? {
        let ends = text.components(separatedBy: "…")
        guard russian, ends.count == 2, let low = Double(ends[0]), let high = Double(ends[1]) else { return nil }
        return number(low) + "…" + (ends[1].hasPrefix("+") ? "+" : "") + number(high)
    }

    /// Fixed text (labels, chart titles): a no-break space before `%` in Russian.
    public func prose(_ text: String) -> String {
        russian ? text.replacingOccurrences(of: " %", with: RussianTypography.nbsp + "%") : text
    }

    /// A double in the document's conventions (shortest round-trip digits, as the script rounded it).
    public func number(_ value: Double) -> String {
        let plain = NumberFormat.shortest(value)
        guard russian, value.isFinite else { return plain }
        var text = plain.hasPrefix("-") ? String(plain.dropFirst()) : plain
        if text.contains("e") { return (value < 0 ? "\u{2212}" : "") + text.replacingOccurrences(of: ".", with: ",") }
        let parts = text.split(separator: ".", maxSplits: 1).map(String.init)
        text = Self.grouped(parts[0]) + (parts.count > 1 ? "," + parts[1] : "")
        return (value < 0 ? "\u{2212}" : "") + text
    }

    public func integer(_ value: Int64) -> String {
        guard russian else { return String(value) }
        let digits = String(value.magnitude)
        return (value < 0 ? "\u{2212}" : "") + Self.grouped(digits)
    }

    /// `2025-12-20` → `20.12.2025` in Russian; any other text unchanged.
    public func date(_ text: String) -> String {
        guard russian, text.count == 10, text.dropFirst(4).first == "-" else { return text }
        return RussianTypography.date(text)
    }

    /// Digit groups of three separated by a no-break space, from five digits up (Russian
    /// typesetting leaves four-digit numbers, years among them, whole).
    static func grouped(_ digits: String) -> String {
        guard digits.count >= 5 else { return digits }
        var out: [Character] = []
        for (index, character) in digits.reversed().enumerated() {
            if index > 0 && index % 3 == 0 { out.append("\u{00A0}") }
            out.append(character)
        }
        return String(out.reversed())
    }
}
