import Foundation
import Mustache

/// User-editable Mustache templates (`Templates/ru/draft.md.mustache` …): found like the rules
/// (working folder, then the folders above), rendered with a context of dictionaries and lists.
/// Variables are escaped for HTML/XML (`{{x}}`); Markdown templates start with
/// `{{% CONTENT_TYPE: TEXT}}` so nothing is escaped; `{{{x}}}` inserts prepared markup (charts).
public enum TemplateRenderer {
    public static func render(folder: String, name: String, context: [String: Any], session: Session) throws -> String {
        let relative = folder + "/" + name
        guard let path = session.findShipped(relative), let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw MsokoError(.io, tr("template.cannot_open", ["path": relative]), hint: tr("template.cannot_open.hint"))
        }
        let template: MustacheTemplate
        do {
            template = try MustacheTemplate(string: text)
        } catch {
            throw MsokoError(.syntax, tr("template.does_not_parse", ["path": relative, "reason": "\(error)"]))
        }
        return template.render(context)
    }

    /// Table rows as a list of dictionaries for a template: every column by name (text as
    /// shown: doubles in their shortest form, nulls empty), plus `cells` in column order.
    public static func rows(_ table: Table) -> [[String: Any]] {
        (0..<table.rowCount).map { row in
            var record: [String: Any] = [:]
            var cells: [[String: Any]] = []
            for (name, column) in zip(table.names, table.columns) {
                let text = column.value(at: row).plainText
                record[name] = text
                cells.append(["text": text, "numeric": column.type.isNumeric])
            }
            record["cells"] = cells
            return record
        }
    }

    /// A table for a template: `columns` (names) and `rows` (each with `cells`).
    public static func table(_ table: Table) -> [String: Any] {
        ["columns": table.names.map { ["name": $0] }, "rows": rows(table), "empty": table.rowCount == 0, "count": table.rowCount]
    }
}
