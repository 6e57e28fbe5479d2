import Foundation

/// The prelude: education indicators written in the language itself, loaded into every session.
/// It ships as a script an analyst can read and edit, `Scripts/lib/prelude.msoko`, found like the
/// shipped rules and templates (`Session.findShipped`: the working folder, the folders above it,
/// an installed msoko's `share/msoko`). `prelude` prints the one in use; `help functions` lists
/// what it defines.
///
/// When no file is found (a folder outside any project, a binary copied alone), the copy compiled
/// in below is used; `PreludeFileTests` keeps it identical to the shipped file, so the two never
/// differ. A file with errors is not half-loaded: the session says what is wrong and uses the
/// compiled copy.
enum Prelude {
    /// Where the prelude ships, relative to the repository or to `share/msoko`.
    static let path = "Scripts/lib/prelude.msoko"

    /// The prelude compiled in: the text of `Scripts/lib/prelude.msoko` (without its last newline).
    static let builtIn = """
    # Education indicators (formulas of DOMAIN.md). `m` is a mark column (2–5); null marks
    # (absent pupils) are skipped, as aggregates skip nulls, so N = the pupils who wrote.

    # качество знаний: share of marks 4 and 5, percent
    def quality(m) = pct(m >= 4)
    # успеваемость: share of marks 3, 4 and 5, percent
    def pass_rate(m) = pct(m >= 3)
    # share of a given mark, percent (mark_pct(mark, 2) is «% двоек»)
    def mark_pct(m, k) = pct(m == k)
    # средний балл (mean mark)
    def mean_mark(m) = mean(m)
    # СОУ, степень обученности (Симонов): (100·n5 + 64·n4 + 36·n3 + 16·n2 + 7·n_н/а) / N.
    # In VPR data every pupil who wrote has a mark, so n_н/а = 0 and N = count(m): absent
    # pupils are not «не аттестован», they did not write. `sou_na` is for journal marks, where
    # a missing mark (нет отметки, н/а) is a pupil not attested: it counts 7 and is part of N.
    def sou(m) = (100 * count_if(m == 5) + 64 * count_if(m == 4) + 36 * count_if(m == 3) + 16 * count_if(m == 2)) / count(m)
    def sou_na(m) = (100 * count_if(m == 5) + 64 * count_if(m == 4) + 36 * count_if(m == 3) + 16 * count_if(m == 2) + 7 * count_if(m is null)) / count()
    # mean primary score and mean percent of the maximum (`mx` the work's maximum score)
    def mean_score(s) = mean(s)
    def pct_max(s, mx) = mean(100 * s / mx)
    # решаемость задания: Σ points / (N · max) · 100 over pupil × task rows of the pupils who
    # wrote; an empty score ("no answer", X) counts 0 points, as FIS OKO counts it. Over the
    # rows of several tasks it is the solve rate of the group of tasks.
    def solve_rate(score, mx) = 100 * sum(coalesce(score, 0)) / sum(mx)

    # VPR mark against the journal mark (pupils with both): понизили / подтвердили / повысили
    def lowered(m, j) = pct(m < j)
    def confirmed(m, j) = pct(m == j)
    def raised(m, j) = pct(m > j)
    # share whose VPR mark is 2 or more below the journal mark
    def lowered2(m, j) = pct(j - m >= 2)

    # FIOKO thresholds for a task's solve rate, by level (Б базовый; П, В повышенный, высокий)
    def insufficient_below(level) = if(level == "Б", 57, 28.5)
    def sufficient_from(level) = if(level == "Б", 60, 30)
    # "недостаточно" / "пограничный" / "достаточно" for one task
    def task_status(rate, level) = if(rate < insufficient_below(level), "недостаточно", if(rate < sufficient_from(level), "пограничный", "достаточно"))
    # for a group of tasks (a skill): the level thresholds weighted by max score (aggregates
    # over task rows)
    def group_insufficient_below(level, mx) = sum(mx * insufficient_below(level)) / sum(mx)
    def group_sufficient_from(level, mx) = sum(mx * sufficient_from(level)) / sum(mx)

    # small groups: nothing is concluded under 10; 10–19 limited, 20–49 rough, 50+ informative
    def group_size_note(n) = if(n < 10, "n < 10: не анализируется", if(n < 20, "малая группа", if(n < 50, "ориентировочно", "")))

    # Objectivity (FIOKO). Marker 1: the school's CI of the mean lies above the region's.
    def ci_above(low, region_high) = low > region_high
    # Marker 4: how surprising c0 pupils at a threshold are next to c1, c2 at the two scores
    # below, if the three scores were equally likely (binomial tail, p = 1/3)
    def peak_p(c0, c1, c2) = binom_tail(c0, c0 + c1 + c2, 1 / 3)
    # A class keeps its letter as it moves up (5А → 6А): the class id without its grade and
    # a separator ("5А", "5 А", "5-А" give "А"); an id that does not start with its grade is
    # taken whole
    def class_letter(class_id, grade) = if(starts_with(class_id, text(grade)), trim(replace(substr(class_id, length(text(grade)) + 1), "-", "")), class_id)
    # DerSimonian–Laird between-group variance τ² of estimates d with sampling variances v, around
    # `centre` (computed before: aggregates do not nest). Over the rows of a summarize:
    # τ² = max(0, (Σ (d − centre)²/v − (k − 1)) / (Σ 1/v − Σ 1/v² / Σ 1/v)).
    def dl_tau2(d, v, centre) = greatest(0, (sum(power(d - centre, 2) / v) - (count(d) - 1)) / (sum(1 / v) - sum(1 / power(v, 2)) / sum(1 / v)))
    # Marker 3: cohort coefficient K = S(grade N, year Y) / S(grade N+1, year Y+1)
    def cohort_k(s_before, s_after) = s_before / s_after

    # A part of a finding_id: "-" and the value, or nothing for null
    def id_part(x) = if(x is null, "", "-" + text(x))
    """

    /// The prelude a session loaded: its text, the file it came from (nil: the compiled copy),
    /// and its functions in the order it defines them.
    struct Loaded {
        var text: String
        var file: String?
        var functions: [UserFunction]
        var functionNames: [String] { functions.map(\.name) }
    }

    /// The compiled copy, parsed once.
    static let builtInLoaded: Loaded = {
        let (loaded, _) = parse(SourceFile(name: "<prelude>", text: builtIn), file: nil)
        return loaded
    }()

    /// The prelude found from `session`'s working folder, or the compiled copy. `problem` says why
    /// a file that was found is not used (its errors, rendered), for the session to note.
    static func load(for session: Session) -> (prelude: Loaded, problem: String?) {
        guard let found = session.findShipped(path) else { return (builtInLoaded, nil) }
        guard let data = FileManager.default.contents(atPath: found), let text = String(data: data, encoding: .utf8) else {
            return (builtInLoaded, tr("prelude.unreadable", ["path": found]))
        }
        if text == builtIn + "\n" || text == builtIn {
            // The shipped file as it ships: the parse of the compiled copy serves, named after the file.
            return (Loaded(text: text, file: found, functions: builtInLoaded.functions), nil)
        }
        let (loaded, errors) = parse(SourceFile(name: found, text: text), file: found)
        guard errors.isEmpty else {
            let rendered = errors.map { DiagnosticRenderer.render($0, color: false) }.joined(separator: "\n")
            return (builtInLoaded, tr("prelude.has_errors", ["path": found, "errors": rendered]))
        }
        return (loaded, nil)
    }

    /// The `def`s of a prelude text, and what keeps it from being one: syntax errors, a statement
    /// that is not a `def` (the prelude runs in every session, so it defines and does nothing
    /// else), a `def` of a built-in's name.
    static func parse(_ source: SourceFile, file: String?) -> (Loaded, [MsokoError]) {
        let (statements, syntaxErrors) = Parser.parse(source)
        var errors = syntaxErrors
        var functions: [UserFunction] = []
        for statement in statements {
            guard case .define(let name, let parameters, let body) = statement.kind else {
                errors.append(MsokoError(.syntax, tr("prelude.only_definitions"), at: statement.range))
                continue
            }
            if AggregateFunction(rawValue: name) != nil || ScalarFunctions.lookup(name) != nil {
                errors.append(MsokoError(.name, tr("session.builtin_redefined", ["name": name]), at: statement.range,
                                         hint: tr("session.builtin_redefined.hint")))
                continue
            }
            functions.removeAll { $0.name == name }
            functions.append(UserFunction(name: name, parameters: parameters, body: body, range: statement.range, origin: "prelude"))
        }
        return (Loaded(text: source.text, file: file, functions: functions), errors)
    }
}
