/// A `load … with NAME = VALUE` option: its name, the values it takes, what it does, and which
/// files it applies to. `LoadOptions.all` is the one list: the readers check options against it,
/// and `help load`, completion and docs/reference.md are generated from it.
public struct LoadOption: Sendable {
    /// Which readers take the option.
    public enum Applies: String, Sendable, CaseIterable {
        case any = "any file"
        case csv = "CSV/TSV"
        case workbook = ".xlsx"
        case profile = "with `profile`"
    }

    public let name: String
    /// The values it takes, as written: `true/false`, `"cp1251"`.
    public let value: String
    public let applies: Applies
    public let summary: String
}

public enum LoadOptions {
    public static let all: [LoadOption] = [
        LoadOption(name: "delimiter", value: "\",\" \";\" \"\\t\" \"|\"", applies: .csv,
                   summary: "the field separator"),
        LoadOption(name: "encoding", value: "\"utf-8\" \"utf-16\" \"cp1251\" \"maccyrillic\" \"latin1\" \"koi8-r\"", applies: .csv,
                   summary: "the text encoding (sniffed: a BOM, valid UTF-8, else Cyrillic single-byte)"),
        LoadOption(name: "decimal", value: "\",\"", applies: .csv,
                   summary: "the decimal separator: `\",\"` reads `3,5` as 3.5"),
        LoadOption(name: "thousands", value: "\".\" \"space\"", applies: .csv,
                   summary: "a digit-group separator: `200.000` is 200000; `\"space\"` also takes the no-break spaces (U+00A0, U+202F). Without it, a column whose every value is a number grouped by spaces (`1 234`, `12 345,5`) or a plain number is read as numbers"),
        LoadOption(name: "null_padding", value: "true/false", applies: .csv,
                   summary: "a row with fewer fields than the header (spreadsheets drop trailing empty cells) reads the missing ones as null; extra fields that are all empty are dropped, any other too-long row is still an error"),
        LoadOption(name: "provenance", value: "true/false", applies: .any,
                   summary: "add first columns saying where each row came from: `source_row` (the line of a CSV file, the sheet row of a workbook) and, for workbooks, `source_sheet`; not with `profile`"),
        LoadOption(name: "header", value: "true/false", applies: .any,
                   summary: "whether the first line (row) names the columns"),
        LoadOption(name: "skip", value: "N", applies: .any,
                   summary: "CSV: physical lines before the header; workbook: sheet rows above the header (title rows are detected)"),
        LoadOption(name: "sheet", value: "\"Лист1\" or 2", applies: .workbook,
                   summary: "the sheet to read: a name, or a 1-based position in tab order (the first by default)"),
        LoadOption(name: "types", value: "{column: \"int\"|\"double\"|\"text\"|\"bool\"|\"date\"}", applies: .any,
                   summary: "types that override sniffing (task numbers such as `9.1` and codes with leading zeros are text); with `optional = true` also the columns of the empty table that stands for an absent file"),
        LoadOption(name: "ignore_errors", value: "true/false", applies: .any,
                   summary: "skip bad rows instead of stopping; they are counted in a note"),
        LoadOption(name: "optional", value: "true/false or \"WHAT IS SKIPPED\"", applies: .any,
                   summary: "an absent file is not an error: the dataset is an empty table (0 rows; the columns and types of `types`) and one note says so, with the text given here; a file that is there but cannot be read still stops the run"),
        LoadOption(name: "profile", value: "\"fisoko\" \"fisoko-tasks\" \"fisoko-tasks-catalogue\" \"fisoko-marks\" \"fisoko-completion\" \"gia\" \"gia-tasks\" \"vpr-catalogue\" \"vpr-catalogue-skills\"", applies: .any,
                   summary: "read an export (.xlsx or CSV) into the canonical columns: FIS OKO (vpr_results, vpr_task_scores, the task catalogue; the reports «Статистика по отметкам» and «Выполнение заданий» into reference_results; docs/xlsx-and-fisoko.md, docs/sources/fisoko-reports.md), ОГЭ/ЕГЭ protocols (gia_results, per-task scores; docs/sources/gia-protocols.md), ВПР task catalogues (tasks, task_skills; docs/sources/task-catalogues.md)"),
        LoadOption(name: "year", value: "2025", applies: .profile,
                   summary: "the year, when the titles, sheet and file name do not say it"),
        LoadOption(name: "subject", value: "\"Математика\"", applies: .profile,
                   summary: "the subject, when the titles, sheet and file name do not say it"),
        LoadOption(name: "grade", value: "5", applies: .profile,
                   summary: "the grade, when the titles, sheet and file name do not say it"),
        LoadOption(name: "exam", value: "\"ОГЭ\" \"ЕГЭ\"", applies: .profile,
                   summary: "the exam of an ОГЭ/ЕГЭ protocol, when the titles, sheet, file name and columns do not say it"),
        LoadOption(name: "mark_scales", value: "\"DATASET\"", applies: .profile,
                   summary: "a loaded dataset of mark scales, to give marks to scores"),
        LoadOption(name: "schools", value: "\"DATASET\"", applies: .profile,
                   summary: "a loaded schools table (school_id with fisoko_login and/or school_name): the file's school logins or names become the district's school_id; an unknown school is an error (kept as written with `ignore_errors`)"),
        LoadOption(name: "scopes", value: "\"russia, region, municipality, school\"", applies: .profile,
                   summary: "the report rows fisoko-marks/fisoko-completion keep (default: russia, region, municipality); with school, a school_id column"),
        LoadOption(name: "max_cells", value: "50000000", applies: .workbook,
                   summary: "the most cells (rows × columns) a sheet may have before the workbook is refused as damaged or hostile"),
        LoadOption(name: "max_unzipped_mb", value: "2048", applies: .workbook,
                   summary: "the most megabytes one part of the workbook may unpack to"),
        LoadOption(name: "max_ratio", value: "200", applies: .workbook,
                   summary: "the most a part over 100 MB may be compressed (unpacked ÷ packed; real workbooks are about 10, ZIP bombs 1000)"),
    ]

    /// The options a CSV/TSV file takes, in the order of `all`.
    static let csvNames: [String] = all.filter { $0.applies == .any || $0.applies == .csv }.map(\.name)
    /// The options a workbook takes (with or without a FIS OKO profile).
    static let workbookNames: [String] = all.filter { $0.applies != .csv }.map(\.name)
    /// Options only CSV files take.
    static let csvOnlyNames: [String] = all.filter { $0.applies == .csv }.map(\.name)

    /// `types = {column: "text", …}`: the columns in the order written, with their types.
    static func types(_ option: StageItem, evaluator: Evaluator) throws -> [(String, DataType)] {
        guard case .record(let fields) = option.expr.kind else {
            throw MsokoError(.type, tr("io.load.types_record_such", ["example": "{school_id: \"text\", score: \"double\"}"]), at: option.expr.range)
        }
        return try fields.map { column, typeExpr in
            let typeName = try evaluator.constant(typeExpr).plainText
            guard let type = DataType(userName: typeName), type != .null else {
                throw MsokoError(.type, tr("io.load.unknown_type", ["type_name": typeName, "column": column]), at: typeExpr.range,
                                 hint: tr("io.load.types_int_double_text"))
            }
            return (column, type)
        }
    }

    /// `optional = true | false | "what is skipped"`: nil when the file is required, else the
    /// explanation for the note ("" for plain `true`).
    static func optional(_ option: StageItem, evaluator: Evaluator) throws -> String? {
        switch try evaluator.constant(option.expr) {
        case .bool(let flag): return flag ? "" : nil
        case .text(let text): return text
        default:
            throw MsokoError(.type, tr("io.load.optional_true_false_text"), at: option.expr.range,
                             hint: tr("io.load.example_optional_monitoring_last"))
        }
    }
}
