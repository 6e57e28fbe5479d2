import Foundation

/// The columns of the register (`recommendations.csv`), in the contract's order (PRODUCT.md).
public enum RegisterContract {
    public static let columns = [
        "rec_id", "year", "addressee_level", "addressee_id", "finding_id", "evidence", "causes", "problem", "action",
        "action_type", "course_id", "teacher_id", "skill_code", "responsible", "due", "indicator", "baseline", "target",
        "status",
    ]
    public static let actionTypes: Set<String> = [
        "course", "rmo_agenda", "rmo_workshop", "shmo_meeting", "mentoring", "lesson_visits", "cross_marking",
        "objectivity_review", "program_adjustment",
    ]
    public static let statuses = ["issued", "in_progress", "done", "not_done"]
    /// The columns of findings.csv; the rules may read them (and any context the script adds).
    public static let findingColumns = [
        "finding_id", "kind", "scope", "year", "subject", "grade", "school_id", "class_id", "teacher_id", "task",
        "skill_code", "indicator", "value", "reference", "n", "ci_low", "ci_high", "detail",
    ]
    /// The marker every likely cause carries (DOMAIN.md, "How recommendations read").
    public static let needsChecking = "(требует проверки)"
}

/// One rule of `Rules/recommendations.tsv`: which findings it answers (`kind`, `scope`, the
/// condition `when` written in the language) and the record it makes for each of them. Text
/// columns are templates: `{column}` is replaced by that column of the finding's row.
public struct RecommendationRule: Sendable {
    public var name: String
    public var kind: String
    public var scope: String
    public var when: String
    public var fields: [String: String]
    /// Line in the rules file, for errors.
    public var line: Int
}

/// Reads the rules table and applies it to findings (with whatever context columns the script
/// joined to them). Owns no domain knowledge: the wording, the addressees, the due dates and the
/// monitoring targets all come from the rules file.
public enum RecommendationRules {
    /// The rule file's columns; `rule`, `kind`, `scope`, `addressee_level`, `addressee_id`,
    /// `action_type` and `action` must be present.
    public static let ruleColumns = [
        "rule", "kind", "scope", "when", "addressee_level", "addressee_id", "action_type", "problem", "causes", "action",
        "responsible", "due", "indicator", "baseline", "target", "course_id", "evidence", "direction",
    ]
    static let requiredColumns = ["rule", "kind", "scope", "addressee_level", "addressee_id", "action_type", "action"]

    /// Parses a tab-separated rules file: `#` lines are comments, the first other line the header.
    /// Fields may be quoted as spreadsheets write them (`"a ""b"""`).
    public static func parse(_ text: String, file: String) throws(MsokoError) -> [RecommendationRule] {
        var header: [String]?
        var rules: [RecommendationRule] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.hasSuffix("\r") ? String(rawLine.dropLast()) : String(rawLine)
            let lineNumber = index + 1
            if line.trimmingCharacters(in: .whitespaces).isEmpty || line.hasPrefix("#") { continue }
            let fields = splitTSV(line)
            guard let names = header else {
                header = fields.map { $0.trimmingCharacters(in: .whitespaces) }
                for required in requiredColumns where !(header ?? []).contains(required) {
                    throw MsokoError(.data, tr("rules.missing_column", ["name": required]),
                                     data: DataLocation(file: file, line: lineNumber, lineText: line),
                                     hint: tr("rules.columns", ["list": ruleColumns.joined(separator: ", ")]))
                }
                for name in header ?? [] where !ruleColumns.contains(name) {
                    throw MsokoError(.data, tr("rules.unknown_column", ["name": name]),
                                     data: DataLocation(file: file, line: lineNumber, lineText: line),
                                     hint: Suggest.hint(for: name, among: ruleColumns) ?? tr("rules.columns", ["list": ruleColumns.joined(separator: ", ")]))
                }
                continue
            }
            guard fields.count <= names.count else {
                throw MsokoError(.data, tr("rules.field_count", ["fields": fields.count, "header": names.count]),
                                 data: DataLocation(file: file, line: lineNumber, lineText: line), hint: tr("rules.field_count.hint"))
            }
            var values: [String: String] = [:]
            for (position, name) in names.enumerated() {
                values[name] = position < fields.count ? fields[position].trimmingCharacters(in: .whitespaces) : ""
            }
            let direction = values["direction"] ?? ""
            guard ["", "up", "down"].contains(direction) else {
                throw MsokoError(.data, tr("rules.unknown_direction", ["value": direction]),
                                 data: DataLocation(file: file, line: lineNumber, lineText: line), hint: tr("rules.unknown_direction.hint"))
            }
            let actionType = values["action_type"] ?? ""
            guard RegisterContract.actionTypes.contains(actionType) else {
                throw MsokoError(.data, tr("rules.unknown_action_type", ["value": actionType]),
                                 data: DataLocation(file: file, line: lineNumber, lineText: line),
                                 hint: Suggest.hint(for: actionType, among: Array(RegisterContract.actionTypes))
                                    ?? tr("rules.action_types", ["list": RegisterContract.actionTypes.sorted().joined(separator: ", ")]))
            }
            rules.append(RecommendationRule(name: values["rule"] ?? "", kind: values["kind"] ?? "*", scope: values["scope"] ?? "*",
                                            when: values["when"] ?? "", fields: values, line: lineNumber))
        }
        return rules
    }

    static func splitTSV(_ line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var atFieldStart = true
        var characters = Array(line)[...]
        while let character = characters.popFirst() {
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" { current.append("\""); characters.removeFirst() } else { quoted = false }
                } else {
                    current.append(character)
                }
            } else if character == "\t" {
                fields.append(current)
                current = ""
                atFieldStart = true
                continue
            } else if character == "\"" && atFieldStart {
                quoted = true
            } else {
                current.append(character)
            }
            atFieldStart = false
        }
        fields.append(current)
        return fields
    }

    /// Applies every rule to every finding it matches, in rule order then finding order. The
    /// result has the register's columns; status is `issued`.
    public static func apply(_ rules: [RecommendationRule], to input: Table, session: Session, rulesFile: String) throws -> Table {
        var findings = input
        for name in RegisterContract.findingColumns where findings.index(of: name) == nil {
            findings.set(name, Column(.null(count: findings.rowCount)))
        }
        var records: [[String: Value]] = []
        var seen: Set<String> = []
        var missing: Set<String> = []
        for rule in rules {
            let file = SourceFile(name: "\(rulesFile):\(rule.line) (rule \(rule.name))", text: "")
            var selected = (0..<findings.rowCount).filter { row in
                matches(rule.kind, findings.column("kind")?.value(at: row)) && matches(rule.scope, findings.column("scope")?.value(at: row))
            }
            if !rule.when.isEmpty, !selected.isEmpty {
                let condition = try expression(rule.when, file: file)
                // A context column the script did not join (findings from elsewhere, an older
                // script) is null for the condition, like a template's missing column: the rule
                // then decides on what is there, and the column is reported once.
                condition.walk { node in
                    if case .column(let name) = node.kind, findings.index(of: name) == nil {
                        findings.set(name, Column(.null(count: findings.rowCount)))
                        missing.insert(name)
                    }
                }
                let column = try session.evaluator.column(condition, in: Scope(table: findings))
                guard column.type == .bool || column.type == .null else {
                    throw MsokoError(.type, tr("rules.when_not_condition", ["rule": rule.name, "place": "\(rulesFile):\(rule.line)", "type": "\(column.type)"]))
                }
                selected = selected.filter { row in column.value(at: row) == .bool(true) }
            }
            guard !selected.isEmpty else { continue }
            let baseline = try numbers(rule.fields["baseline"] ?? "", default: "value", findings, session, file)
            let target = try numbers(rule.fields["target"] ?? "", default: "", findings, session, file)
            for row in selected {
                func fill(_ column: String) throws -> String {
                    try TemplateText.fill(rule.fields[column] ?? "", table: findings, row: row, rule: rule.name, file: rulesFile,
                                          line: rule.line, missing: &missing)
                }
                let year = findings.column("year")?.value(at: row) ?? .null
                let findingID = findings.column("finding_id")?.value(at: row).plainText ?? ""
                let actionType = rule.fields["action_type"] ?? ""
                let addresseeID = try fill("addressee_id")
                let key = findingID + "|" + actionType + "|" + addresseeID
                if seen.contains(key) { continue }
                seen.insert(key)
                var evidence = try fill("evidence")
                if evidence.isEmpty { evidence = defaultEvidence(findings, row) }
                var causes = try fill("causes")
                if !causes.isEmpty && !causes.contains(RegisterContract.needsChecking) { causes += " " + RegisterContract.needsChecking }
                let course = try fill("course_id")
                var record: [String: Value] = [
                    "rec_id": .text(StableID.recommendation(year: year.plainText, key: key)),
                    "year": year,
                    "addressee_level": .text(try fill("addressee_level")),
                    "addressee_id": .text(addresseeID),
                    "finding_id": .text(findingID),
                    "evidence": .text(evidence),
                    "causes": causes.isEmpty ? .null : .text(causes),
                    "problem": .text(try fill("problem")),
                    "action": .text(try fill("action")),
                    "action_type": .text(actionType),
                    "course_id": course.isEmpty ? .null : .text(course),
                    "teacher_id": findings.column("teacher_id")?.value(at: row) ?? .null,
                    "skill_code": findings.column("skill_code")?.value(at: row) ?? .null,
                    "responsible": .text(try fill("responsible")),
                    "due": try dueDate(rule.fields["due"] ?? "", year: year, rule: rule, file: rulesFile),
                    "baseline": baseline?.value(at: row) ?? .null,
                    "target": target?.value(at: row) ?? .null,
                    "status": .text("issued"),
                ]
                // A target never lies on the wrong side of the baseline: `direction` says which way
                // the indicator should move; a formula that would ask for less is raised to the
                // baseline (keep at least where it is) rather than written as a decline.
                if let base = record["baseline"]?.asDouble, let goal = record["target"]?.asDouble {
                    let direction = rule.fields["direction"] ?? ""
                    if (direction == "up" && goal < base) || (direction == "down" && goal > base) {
                        record["target"] = .double(base)
                    }
                }
                let indicator = try fill("indicator")
                record["indicator"] = indicator.isEmpty ? .null : .text(indicator)
                if indicator.isEmpty { record["baseline"] = .null; record["target"] = .null }
                records.append(record)
            }
        }
        if !missing.isEmpty {
            session.sink.note(tr("rules.findings_lack_columns", ["list": missing.sorted().joined(separator: ", ")]))
        }
        var table = Table()
        for name in RegisterContract.columns {
            table.set(name, Column.from(records.map { $0[name] ?? .null }))
        }
        if records.isEmpty { table = Table(names: table.names, columns: table.columns, rowCount: 0) }
        return table
    }

    static func matches(_ pattern: String, _ value: Value?) -> Bool {
        if pattern.isEmpty || pattern == "*" { return true }
        let text = value?.plainText ?? ""
        return pattern.split(separator: "|").contains { $0.trimmingCharacters(in: .whitespaces) == text }
    }

    /// Parses an expression of the language written in a rule (`when`, `baseline`, `target`).
    static func expression(_ text: String, file: SourceFile) throws -> Expr {
        let source = SourceFile(name: file.name, text: "rules | where " + text)
        let (statements, errors) = Parser.parse(source)
        if let error = errors.first { throw error }
        guard let statement = statements.first, case .pipeline(let pipeline) = statement.kind,
              let item = pipeline.stages.first?.items.first, statements.count == 1, pipeline.stages.count == 1 else {
            throw MsokoError(.syntax, tr("rules.not_one_expression", ["text": text, "file": file.name]))
        }
        return item.expr
    }

    static func numbers(_ text: String, default fallback: String, _ table: Table, _ session: Session, _ file: SourceFile) throws -> Column? {
        let formula = text.isEmpty ? fallback : text
        guard !formula.isEmpty else { return nil }
        let column = try session.evaluator.column(try expression(formula, file: file), in: Scope(table: table))
        guard column.type.isNumeric || column.type == .null else {
            throw MsokoError(.type, tr("rules.not_a_number", ["formula": formula, "file": file.name, "type": "\(column.type)"]))
        }
        return column
    }

    /// `MM-DD` is that day of the school year that starts in September of the finding's year
    /// (`12-20` → 20 December of the year, `03-01` → 1 March of the next); `+N` is N days after
    /// 1 September; empty gives no date.
    static func dueDate(_ text: String, year: Value, rule: RecommendationRule, file: String) throws -> Value {
        guard !text.isEmpty else { return .null }
        guard case .int(let startYear) = year else { return .null }
        if text.hasPrefix("+"), let days = Int32(text.dropFirst()) {
            return .date(DateCodec.days(year: Int(startYear), month: 9, day: 1) + days)
        }
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 2, (1...12).contains(parts[0]), (1...31).contains(parts[1]) else {
            throw MsokoError(.data, tr("rules.bad_due", ["value": text, "rule": rule.name]),
                             data: DataLocation(file: file, line: rule.line), hint: tr("rules.bad_due.hint"))
        }
        let calendarYear = parts[0] >= 9 ? Int(startYear) : Int(startYear) + 1
        return .date(DateCodec.days(year: calendarYear, month: parts[0], day: parts[1]))
    }

    /// Evidence when a rule gives none: indicator (its label if the script joined one), value,
    /// reference (with `reference_of`, e.g. «по региону»), n and the 95 % CI.
    static func defaultEvidence(_ table: Table, _ row: Int) -> String {
        func text(_ name: String) -> String { table.column(name)?.value(at: row).plainText ?? "" }
        let label = text("indicator_label").isEmpty ? text("indicator") : text("indicator_label")
        let unit = text("unit").isEmpty ? "" : " " + text("unit")
        var head = "\(label): \(text("value"))\(unit)"
        if !text("reference").isEmpty {
            head += " при \(text("reference"))\(unit)" + (text("reference_of").isEmpty ? "" : " " + text("reference_of"))
        }
        var parts = [head]
        if !text("n").isEmpty { parts.append("n = \(text("n"))") }
        if !text("ci_low").isEmpty && !text("ci_high").isEmpty { parts.append("95 % ДИ \(text("ci_low"))–\(text("ci_high"))") }
        return parts.joined(separator: "; ")
    }
}

/// `{column}` templates of the rules file.
public enum TemplateText {
    /// A placeholder naming no column of the table is left empty and reported in `missing`
    /// (`rule: {name}`), so a rule written for richer findings still runs on plain ones.
    public static func fill(_ template: String, table: Table, row: Int, rule: String, file: String, line: Int,
                            missing: inout Set<String>) throws -> String {
        guard template.contains("{") else { return template }
        var out = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else {
                throw MsokoError(.data, tr("rules.unclosed_brace", ["rule": rule, "template": template, "brace": "{", "close": "}"]), data: DataLocation(file: file, line: line))
            }
            let name = String(rest[rest.index(after: open)..<close]).trimmingCharacters(in: .whitespaces)
            if let column = table.column(name) {
                out += column.value(at: row).plainText
            } else {
                missing.insert("`{\(name)}` (rule \(rule), \(file):\(line))")
            }
            rest = rest[rest.index(after: close)...]
        }
        out += rest
        return out
    }
}

/// Short ids that are the same for the same input on every machine (FNV-1a, 64 bits; Swift's
/// `Hasher` is seeded per process and would not do).
public enum StableID {
    public static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf29ce484222325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100000001b3
        }
        return hash
    }

    /// `R2025-3FA9C21B`: the year and 8 hex digits of the finding id + action type + addressee.
    public static func recommendation(year: String, key: String) -> String {
        let hex = String(fnv1a(key) >> 32, radix: 16, uppercase: true)
        return "R\(year)-" + String(repeating: "0", count: max(0, 8 - hex.count)) + hex
    }
}
