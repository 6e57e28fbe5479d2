import Foundation

/// Projection pushed into the CSV reader, in batch runs.
///
/// `load "scores.csv" as scores` followed by one pipeline that reads `scores` and ends in a
/// summary (`scores | where grade >= 5 | summarize mean(score) by school_id`) needs only the
/// columns that pipeline names: the reader splits every record as always (so a ragged row or a
/// bad byte is the same error) but builds only those columns, and the columns named in `types`
/// (whose values are still checked). Every row is read, so each built column gets the type it
/// gets in a full load, and the pipeline's answer is the one it gives on the whole table.
///
/// The shortcut is taken only where nobody can see the difference:
/// - a batch run of one source (`msoko -c`, `msoko run SCRIPT`; `Session.pushesIntoReader`),
///   never the workbench, where the next line may ask for any column;
/// - the dataset's name appears in exactly one later statement, as that pipeline's source, and
///   nowhere else in the script (a word-level search of the text: a join, a command, a nested
///   `run` or a second pipeline that names it keeps the full load), and no `run` or command
///   statement follows the load (a nested script or `datasets`/`describe` may look at it);
/// - the pipeline is `where`, `derive`, `sort` and `head` stages ending in `summarize`, `count`
///   or `select`, whose result holds only what its expressions compute, and every function it
///   calls is built in (a `def`'s body may name columns of its own);
/// - the load is a plain CSV/TSV file without `provenance`, `ignore_errors`, `optional` or a
///   `profile` (`Loader` builds every column for anything else).
/// A name the pipeline reads that the file lacks makes the reader build every column, so the
/// pipeline's error about it lists the file's columns as it always did.
///
/// Filters are not pushed into the reader: a `where` evaluated while parsing would type each
/// column over the kept rows only (a stray text value in a dropped row would no longer make the
/// column text), so the answer could differ from a full load's. The filter runs on the built
/// columns instead and gathers only what the summary reads (`LateMaterialisation`).
enum ReaderPushdown {
    /// The verbs a pushed-down pipeline may pass through before its last stage.
    static let passing: Set<String> = ["where", "derive", "sort", "head"]
    /// The verbs whose result depends only on the columns their expressions name.
    static let closing: Set<String> = ["summarize", "count", "select"]
    /// `MSOKO_PUSHDOWN=0` builds every column (to measure a full load, or to rule the shortcut
    /// out when something looks wrong).
    static let disabled = ProcessInfo.processInfo.environment["MSOKO_PUSHDOWN"] == "0"
    /// Load options after which every column is built.
    static let fullLoadOptions: Set<String> = ["provenance", "ignore_errors", "optional", "profile"]

    /// For each `load` statement of `plan` (by its index) that qualifies, the columns to build.
    static func columns(in plan: BoundPlan) -> [Int: Set<String>] {
        var result: [Int: Set<String>] = [:]
        let statements = plan.statements
        for (index, bound) in statements.enumerated() {
            guard case .load(let pathExpr, let name, let options) = bound.statement.kind,
                  case .literal(.text(let path)) = pathExpr.kind,
                  !options.contains(where: { fullLoadOptions.contains($0.name ?? "") }) else { continue }
            let datasetName = name ?? Session.defaultName(for: path)
            let later = statements[(index + 1)...]
            if later.contains(where: {
                switch $0.statement.kind { case .run, .command: return true; default: return false }
            }) { continue }
            let readers = later.filter { mentions($0.statement.range, word: datasetName) }
            guard readers.count == 1, let reader = readers.first, let pipeline = reader.pipeline,
                  pipeline.source == datasetName, occurrences(of: datasetName, in: reader.statement.range) == 1,
                  let needed = columnsRead(by: pipeline) else { continue }
            result[index] = needed
        }
        return result
    }

    /// The columns of its source a pipeline reads, when it qualifies (see the type's notes).
    static func columnsRead(by pipeline: BoundPipeline) -> Set<String>? {
        guard let last = pipeline.stages.last, closing.contains(last.verb.name),
              pipeline.stages.dropLast().allSatisfy({ passing.contains($0.verb.name) }) else { return nil }
        var needed: Set<String> = []
        var derived: Set<String> = []
        var builtInOnly = true
        func read(_ expr: Expr) {
            expr.walk { node in
                switch node.kind {
                case .column(let name) where !derived.contains(name): needed.insert(name)
                case .call(let function, _) where AggregateFunction(rawValue: function) == nil
                    && ScalarFunctions.lookup(function) == nil:
                    builtInOnly = false
                case .argument: builtInOnly = false
                default: break
                }
            }
        }
        for stage in pipeline.stages {
            switch stage.arguments {
            case let filter as WhereVerb.Arguments:
                read(filter.condition)
            case let derive as DeriveVerb.Arguments:
                for key in derive.keys ?? [] { read(key) }
                for column in derive.columns {
                    read(column.expr)
                    derived.insert(column.name)
                }
            case let sort as SortVerb.Arguments:
                for key in sort.keys { read(key.expr) }
            case is HeadVerb.Arguments:
                break
            case let summary as SummarizeVerb.Arguments:
                for item in summary.aggregates + summary.keys { read(item.expr) }
            case let count as CountVerb.Arguments:
                for key in count.keys { read(key.expr) }
            case let select as SelectVerb.Arguments:
                for column in select.columns { read(column.expr) }
            default:
                return nil
            }
        }
        return builtInOnly ? needed : nil
    }

    /// Whether `word` occurs in the statement's text as a whole word.
    static func mentions(_ range: SourceRange, word: String) -> Bool {
        occurrences(of: word, in: range) > 0
    }

    /// How often `word` occurs in the statement's text as a whole word (letters, digits and `_`
    /// around it do not count: `scores` is not in `scores_2024`).
    static func occurrences(of word: String, in range: SourceRange) -> Int {
        let text = Array(range.file.slice(range.start, range.end).unicodeScalars)
        let target = Array(word.unicodeScalars)
        guard !target.isEmpty, text.count >= target.count else { return 0 }
        func isWordPart(_ scalar: Unicode.Scalar) -> Bool {
            scalar == "_" || scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
        }
        var count = 0
        var index = 0
        while index + target.count <= text.count {
            if text[index..<(index + target.count)].elementsEqual(target),
               index == 0 || !isWordPart(text[index - 1]),
               index + target.count == text.count || !isWordPart(text[index + target.count]) {
                count += 1
                index += target.count
            } else {
                index += 1
            }
        }
        return count
    }
}
