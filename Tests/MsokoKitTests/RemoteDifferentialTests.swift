import Foundation
import Testing
@testable import MsokoKit

/// Remote against local: the sample district's canonical tables (Datasets/) loaded locally and
/// into a throw-away PostgreSQL, and for each pipeline the compiled query run on the server,
/// the stages not pushed run locally on its result, compared cell by cell with the whole
/// pipeline run locally (1e-9 relative for doubles; names and types equal; row order equal
/// when the pipeline orders its rows, else the rows compared as a multiset).
@Suite(.serialized, .enabled(if: PostgresTestServer.available, "PostgreSQL could not be started: remote-vs-local tests skipped"))
struct RemoteDifferentialTests {
    /// The district's tables, with the types Scripts/lib/load.msoko reads them with.
    static let loads = """
    load "schools.csv" as schools with types = {school_id: "text"}
    load "teachers.csv" as teachers with types = {teacher_id: "text", school_id: "text"}
    load "classes.csv" as classes with types = {school_id: "text", class_id: "text", teacher_id: "text"}
    load "tasks.csv" as tasks with types = {task: "text"}
    load "mark_scales.csv" as mark_scales
    load "vpr_results.csv" as vpr with types = {school_id: "text", class_id: "text", pupil_code: "text"}
    load "vpr_task_scores.csv" as vpr_task_scores with types = {school_id: "text", class_id: "text", pupil_code: "text", task: "text"}
    load "reference_results.csv" as reference with types = {task: "text"}
    load "gia_results.csv" as gia with types = {school_id: "text", class_id: "text", pupil_code: "text", primary_score: "double", test_score: "double"}
    """

    static let tables = ["schools", "teachers", "classes", "tasks", "mark_scales", "vpr", "vpr_task_scores", "reference", "gia"]

    /// A table whose server types are narrower or other than msoko's (int2, int4, numeric,
    /// varchar): the compiler must not let int4 overflow or numeric change a result.
    static let narrow = "let vpr_narrow = vpr | select year, grade, mark, journal_mark, primary_score = double(primary_score), school_id, subject, class_id"
    static let narrowSQL = """
    CREATE TABLE msoko_test.vpr_narrow AS SELECT CAST(year AS int2) AS year, CAST(grade AS int4) AS grade, CAST(mark AS int4) AS mark,
        CAST(journal_mark AS int2) AS journal_mark, CAST(primary_score AS numeric(8,2)) AS primary_score,
        CAST(school_id AS varchar(10)) AS school_id, CAST(subject AS varchar) AS subject, CAST(class_id AS varchar(5)) AS class_id
        FROM msoko_test.vpr;
    """

    /// Each pipeline; whether its row order is defined (compared in order) or not (as a
    /// multiset); whether every stage of it is pushed to the server.
    static let pipelines: [(String, Bool, Bool)] = [
        // filters, three-valued logic, membership, null tests
        ("vpr | where mark >= 4 and status == \"present\" | count", true, true),
        ("vpr | where mark is null or journal_mark is null | select pupil_code, mark, journal_mark", false, true),
        ("vpr | where not (mark in [2, 3, null]) | count by mark", true, true),
        ("vpr | where school_id in [\"S01\", \"S03\"] and grade != 5 | count by school_id, grade", true, true),
        ("vpr | where mark < journal_mark or mark == null | count by subject", true, true),
        ("vpr | where class_id > \"5Б\" | count by class_id", true, true),
        ("schools | where rural | select school_id, school_type", false, true),
        ("schools | where contains(school_name, \"Гимназия\") or starts_with(school_id, \"S1\") or ends_with(settlement, \"ск\") | select school_id", false, true),
        // arithmetic, rounding, functions
        ("vpr | derive pct = round(primary_score / 3, 2), gap = mark - journal_mark, r = primary_score % 4, q = primary_score / 0 | select pupil_code, subject, pct, gap, r, q", false, true),
        ("vpr | derive a = abs(journal_mark - mark), f = floor(primary_score / 5) * 5, c = ceil(primary_score / 7), s = sqrt(primary_score - 10), l = ln(primary_score) | select pupil_code, subject, a, f, c, s, l", false, true),
        ("vpr | derive half = round(primary_score / 2 - 0.25, 0), neg = round(-primary_score / 8, 1), big = round(primary_score * 1.005, 2) | select pupil_code, subject, half, neg, big", false, true),
        ("vpr | derive jm = coalesce(journal_mark, mark, 0), best = greatest(mark, journal_mark), worst = least(mark, journal_mark), ok = if(mark >= 3, \"да\", \"нет\"), z = nullif(mark, 5) | select pupil_code, subject, jm, best, worst, ok, z", false, true),
        ("vpr | derive t = text(grade) + \"-\" + class_id, i = int(primary_score / 3), d = double(mark), b = int(mark >= 4), label = concat(school_id, \" \", grade, \" \", mark) | select pupil_code, subject, t, i, d, b, label", false, true),
        ("schools | derive name = replace(school_name, \"МБОУ \", \"\") | select school_id, name", false, true),
        // summaries with every pushed aggregate
        ("vpr | where status == \"present\" | summarize n = count(), present = count(mark), fives = count_if(mark == 5), total = sum(primary_score), m = mean(primary_score), med = median(primary_score), p90 = quantile(primary_score, 0.9), lo = min(class_id), hi = max(class_id), sd = stddev(primary_score), v = var(primary_score), mo = mode(mark), q = pct(mark >= 4), classes = distinct_count(class_id), r = corr(primary_score, journal_mark) by school_id, subject, grade", true, true),
        ("vpr | summarize low = ci_low(primary_score), high = ci_high(primary_score), wl = wilson_low(mark >= 4), wh = wilson_high(mark >= 4), classes = list(class_id), marks = list(mark) by school_id", true, true),
        ("vpr | summarize m = mean(primary_score), sd = stddev(primary_score), q = pct(mark == 2), mo = mode(class_id), first_class = min(class_id)", true, true),
        ("vpr | summarize one = round(sum(primary_score) / count(), 2), spread = max(primary_score) - min(primary_score) by subject, band = floor(primary_score / 5)", true, true),
        ("vpr | where grade == 99 | summarize n = count(), m = mean(mark), s = sum(mark)", true, true),
        ("vpr | summarize c = 1, t = \"все\"", true, true),
        ("vpr | summarize c = 2 by subject", true, true),
        ("vpr_task_scores | summarize points = sum(score), solved = pct(score > 0), m = mean(score) by year, subject, grade, task", true, true),
        ("gia | summarize m = mean(primary_score), sd = stddev(test_score), ts = sum(test_score), med = median(test_score) by exam, subject", true, true),
        // windows: aggregates in derive, by group and over the whole table
        ("vpr | count by school_id, mark | derive share = n / sum(n) * 100 by school_id | sort school_id, mark", true, true),
        ("vpr | derive school_mean = mean(primary_score) by school_id, subject | derive dev = primary_score - mean(primary_score) | select pupil_code, subject, school_mean, dev", false, true),
        ("vpr | where primary_score > mean(primary_score) | count by subject", true, true),
        // sort (stable: ties keep the order of the previous sort), head, distinct
        ("vpr | summarize m = mean(primary_score), n = count() by school_id, subject | sort m desc, school_id | head 7", true, true),
        ("vpr | count by school_id, subject | sort n | sort school_id desc", true, true),
        ("vpr | distinct subject, grade", true, true),
        ("vpr | count by school_id, subject | sort n desc, school_id, subject | tail 4", true, true),
        ("vpr | count by journal_mark | tail 2", true, true),
        ("vpr | distinct class_id, journal_mark | sort journal_mark desc | head 12 | sort class_id", true, true),
        ("classes | select school_id, class_id | distinct", true, true),
        ("schools | sort school_type, school_name desc | select school_id, school_type", true, true),
        // ties: rows equal on every sort key keep the table's stored order, as the file's locally
        ("vpr | sort school_id | head 25 | select school_id, pupil_code, subject, year", true, true),
        ("vpr | sort subject desc, mark | select pupil_code, subject, mark, year", true, true),
        ("vpr | where mark >= 4 | sort grade | derive x = mark * 2 | summarize f = first(pupil_code), l = last(pupil_code) by school_id", true, true),
        ("vpr | summarize f = first(pupil_code), l = last(class_id) by school_id, year", true, true),
        // select, drop, rename
        ("vpr | select school = school_id, mark, up = mark + 1 | drop mark | rename школа = school | distinct школа, up", true, true),
        // joins
        ("vpr | join schools on school_id | count by school_type, mark", true, true),
        ("vpr | join schools on school_id kind = left | summarize q = pct(mark >= 4) by rural", true, true),
        ("schools | join vpr on school_id kind = anti | select school_id", false, true),
        ("schools | join vpr on school_id kind = semi | count", true, true),
        ("classes | rename cid = class_id | join vpr on school_id, cid == class_id, subject, year | count by teacher_id | sort n desc, teacher_id | head 5", true, true),
        ("teachers | join teachers on school_id | count by school_id", true, true),
        // append: UNION ALL, columns by name, int stacked on double, parts kept in order
        ("schools | where rural | append schools | count", true, true),
        ("schools | where rural | select school_id, rural | append teachers | select school_id, rural, teacher_id", false, true),
        ("schools | sort school_name desc | head 3 | append schools | head 3 | select school_id, school_name", true, true),
        ("vpr | select primary_score, mark | append gia | summarize s = sum(primary_score), n = count(), m = mean(mark) by exam", true, true),
        // from Scripts/lib (schools, objectivity, tasks, trends), with the prelude's `def`s
        ("param year = 2025\nvpr | where status == \"present\" and year >= $year - 1 and year <= $year | summarize n = count(), two_pct = mark_pct(mark, 2), quality = quality(mark), pass = pass_rate(mark), sou = sou(mark) by year, school_id", true, true),
        ("param year = 2025\nvpr | where status == \"present\" and year == $year | summarize n = count(), mean_score = mean(primary_score), low = ci_low(primary_score), high = ci_high(primary_score), rho_n = count(journal_mark), lowered_2 = lowered2(mark, journal_mark), lowered2_n = count_if(journal_mark - mark >= 2) by subject, grade, school_id", true, true),
        ("vpr | where status == \"present\" | summarize n = count(), two = mark_pct(mark, 2), works = distinct_count(subject + text(grade)) by year, school_id", true, true),
        ("tasks | where year == 2025 | summarize skill_tasks = count(), skill_max = sum(max_score), task_list = list(task) by year, subject, grade, skill_code, skill", true, true),
        ("param year = 2025\ngia | where year == $year and primary_score is not null | summarize g_mean = mean(primary_score), g_sd = stddev(primary_score) by year, exam, subject", true, true),
        ("vpr | where year == 2025 | count by year, subject, grade, school_id, primary_score", true, true),
        ("tasks | select prev_year = year, year = year + 1, subject, grade, task, skill_code, max_score | distinct", true, true),
        ("reference | where indicator == \"solve_rate\" | summarize m = mean(value), n = max(n) by year, subject, grade, scope", true, true),
        // first and last in an order a stage before made
        ("vpr | sort primary_score desc, year, subject, school_id, pupil_code | summarize best = first(pupil_code), worst = last(pupil_code), top = first(primary_score) by school_id", true, true),
        ("vpr | sort year, subject, grade, school_id, pupil_code | summarize j = last(journal_mark), m = first(mark), c = last(class_id) by school_id, subject", true, true),
        ("vpr_narrow | summarize f = first(class_id) by school_id", true, false),
        // Spearman's rho: mean ranks by window functions, then corr
        ("vpr | where status == \"present\" | summarize rho = spearman(journal_mark, primary_score), n = count(journal_mark) by school_id, subject", true, true),
        ("vpr | summarize rho = spearman(mark, primary_score), r2 = spearman(primary_score / 3, journal_mark), m = mean(mark)", true, true),
        ("vpr | summarize rho = round(spearman(journal_mark, mark), 3) by grade, band = floor(primary_score / 10)", true, true),
        // a table of int2, int4, numeric and varchar columns on the server
        ("vpr_narrow | summarize s = sum(mark), m = mean(primary_score), med = median(primary_score), mo = mode(primary_score), hi = max(primary_score), sd = stddev(mark), q = pct(primary_score >= 10.5), l = list(journal_mark) by school_id, grade", true, true),
        ("vpr_narrow | derive r = round(primary_score / 3, 1), g = grade * 1000000000 * 10 + year, t = text(mark) + class_id | where primary_score > 7.5 | select school_id, r, g, t", false, true),
        ("vpr_narrow | join schools on school_id | count by school_type, grade", true, true),
        ("vpr_narrow | distinct school_id, primary_score | sort school_id desc, primary_score | head 5", true, true),
        ("classes | ensure pupils = int(null) with note = \"unknown\" | summarize p = sum(pupils) by school_id", true, true),
        ("schools | ensure fisoko_login = text(null) | select school_id, fisoko_login", false, false),
        // combinations: windows in where and sort, order carried through a join, replaced columns
        ("vpr | derive m = mean(primary_score) by school_id | where primary_score > m | count by school_id", true, true),
        ("vpr | count by school_id | sort abs(n - mean(n)) desc, school_id", true, true),
        ("vpr | count by school_id | sort n desc, school_id | join schools on school_id | select school_id, n, school_type", true, true),
        ("vpr | derive mark = coalesce(mark, 0), mark = mark + 1 | count by mark", true, true),
        ("vpr | distinct g = grade * 10 + mark", true, true),
        ("vpr | where school_id == \"S01\" | select pupil_code, subject, share = primary_score / sum(primary_score)", false, true),
        ("vpr | count by band = floor(primary_score / 5), passed = mark >= 3", true, true),
        ("vpr | summarize q = pct(journal_mark >= 4), w = wilson_low(journal_mark >= 4), c = count_if(journal_mark > mark) by school_id", true, true),
        ("schools | derive d = date(\"2025-04-15\") | derive later = d + 30, y = year(d), m = month(d + 30), dd = day(d), gap = d - date(\"2025-01-01\"), after = d > \"2025-01-01\" | select school_id, later, y, m, dd, gap, after", false, true),
        // not pushed, run locally on the server's result
        ("vpr | count by school_id, mark | pivot mark, n", true, false),
        ("vpr | summarize rho = spearman_p(journal_mark, primary_score), first_class = first(class_id) by school_id", true, false),
        ("vpr | derive l = length(class_id), u = upper(class_id) | count by l, u", true, false),
        // parameters
        ("param y = 2025\nparam s = \"S02\"\nvpr | where year == $y - 1 and school_id != $s | count by year, school_id", true, true),
    ]


    /// Loads the district locally and into the throw-away server (once per process): each
    /// table created with the types msoko read it with, its rows written by COPY.
    nonisolated(unsafe) static let prepared: Result<(Session, PGConnection), MsokoError> = {
        let session = Session(sink: CollectingSink(format: .csv), workingDirectory: TestPaths.repository.appendingPathComponent("Datasets").path)
        do {
            try session.run(text: loads, name: "<load>")
            let connection = try PGConnection(url: try PostgresTestServer.server.conninfo)
            _ = try connection.execute("DROP SCHEMA IF EXISTS msoko_test CASCADE")
            _ = try connection.execute("CREATE SCHEMA msoko_test")
            for name in tables {
                guard let table = session.datasets[name]?.table else { continue }
                let columns = try zip(table.names, table.columns).map { "\(try SQLText.identifier($0)) \(SQLText.type($1.type) ?? "text")" }
                _ = try connection.execute("CREATE TABLE msoko_test.\(try SQLText.identifier(name)) (\(columns.joined(separator: ", ")))")
                _ = try connection.copyIn(table, into: "msoko_test", table: name)
                // The server keeps rows in its own order (a short row may fill a gap of an
                // earlier page): locally the table is read back in that order, the one a sort's
                // ties keep there (ctid), so the two sides see the same rows in the same order.
                let columnList = try table.names.map { try SQLText.identifier($0) }.joined(separator: ", ")
                let stored = try connection.query("SELECT \(columnList) FROM msoko_test.\(try SQLText.identifier(name)) ORDER BY ctid")
                session.setDataset(name, stored)
            }
            try session.run(text: narrow, name: "<narrow>")
            _ = try connection.execute(narrowSQL)
            return .success((session, connection))
        } catch let error as MsokoError {
            return .failure(error)
        } catch let failure as MsokoFailure {
            return .failure(failure.errors.first ?? MsokoError(.runtime, "load failed"))
        } catch {
            return .failure(MsokoError(.runtime, "\(error)"))
        }
    }()

    static func relation(_ name: String, in session: Session) -> RemoteRelation? {
        guard tables.contains(name) || name == "vpr_narrow", let table = session.datasets[name]?.table else { return nil }
        // Written by COPY in the local row order: the stored order (ctid) is the file's. The
        // narrow table stands for one with no stored order (a view).
        return RemoteRelation(qualifiedName: "\"msoko_test\".\((try? SQLText.identifier(name)) ?? "")",
                              columns: zip(table.names, table.columns).map { ($0, $1.type) },
                              rowOrder: name == "vpr_narrow" ? nil : "ctid")
    }

    /// The golden cases' fixture district (Tests/Golden/data), locally and in schema
    /// `msoko_golden` (once per process).
    static let goldenTables = ["vpr", "schools", "tasks", "vpr_task_scores", "classes", "teachers"]

    nonisolated(unsafe) static let golden: Result<(Session, PGConnection), MsokoError> = {
        let session = Session(sink: CollectingSink(format: .csv), workingDirectory: TestPaths.golden.path)
        do {
            try session.run(text: "run \"data/setup.msoko\"", name: "<setup>")
            let connection = try PGConnection(url: try PostgresTestServer.server.conninfo)
            _ = try connection.execute("DROP SCHEMA IF EXISTS msoko_golden CASCADE")
            _ = try connection.execute("CREATE SCHEMA msoko_golden")
            for name in goldenTables {
                guard let table = session.datasets[name]?.table else { continue }
                let columns = try zip(table.names, table.columns).map { "\(try SQLText.identifier($0)) \(SQLText.type($1.type) ?? "text")" }
                _ = try connection.execute("CREATE TABLE msoko_golden.\(try SQLText.identifier(name)) (\(columns.joined(separator: ", ")))")
                _ = try connection.copyIn(table, into: "msoko_golden", table: name)
            }
            return .success((session, connection))
        } catch let error as MsokoError {
            return .failure(error)
        } catch let failure as MsokoFailure {
            return .failure(failure.errors.first ?? MsokoError(.runtime, "setup failed"))
        } catch {
            return .failure(MsokoError(.runtime, "\(error)"))
        }
    }()

    static let goldenCases: [String] = {
        let folder = TestPaths.golden.appendingPathComponent("cases")
        var files: [String] = []
        for group in ["verbs", "language"] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(group).path)) ?? []
            files += names.filter { $0.hasSuffix(".msoko") }.sorted().map { "\(group)/\($0)" }
        }
        return files
    }()

    /// Every bare pipeline of a golden case whose source is a table of the fixture district:
    /// run on the server as far as it is pushed, then here, against the whole pipeline here.
    /// Rows are compared as multisets (a golden pipeline may sort with ties, whose order on a
    /// server is its own); names, types and values exactly (doubles to 1e-9). The case's other
    /// statements (`param`, `def`, `let`, …) run as written, so the pipelines see what they saw.
    @Test(arguments: goldenCases)
    func goldenPipelinesRemoteEqualLocal(_ file: String) throws {
        let (session, connection) = try Self.golden.get()
        let url = TestPaths.golden.appendingPathComponent("cases").appendingPathComponent(file)
        let text = try String(contentsOf: url, encoding: .utf8)
        let (statements, parseErrors) = Parser.parse(SourceFile(name: file, text: text))
        guard parseErrors.isEmpty else { return }         // a case about syntax errors
        var compared = 0
        for statement in statements {
            guard case .pipeline(let written) = statement.kind, Self.goldenTables.contains(written.source),
                  session.datasets[written.source]?.remote == nil else {
                if case .run = statement.kind { continue }      // the setup ran already
                _ = try? session.run(text: statement.range.text, name: file)
                continue
            }
            let (plan, errors) = Binder.bind([statement], session: session)
            guard errors.isEmpty, let pipeline = plan.statements.first?.pipeline,
                  pipeline.stages.allSatisfy({ $0.verb.effects == .pure }) else { continue }
            guard let local = try? session.runPipeline(pipeline) else { continue }   // a case about an error
            guard let table = session.datasets[written.source]?.table else { continue }
            let source = RemoteRelation(qualifiedName: "\"msoko_golden\".\(try SQLText.identifier(written.source))",
                                        columns: zip(table.names, table.columns).map { ($0, $1.type) })
            let query = try SQLCompiler.compile(pipeline, source: source, resolve: { name in
                guard Self.goldenTables.contains(name), let other = session.datasets[name]?.table else { return nil }
                return RemoteRelation(qualifiedName: "\"msoko_golden\".\((try? SQLText.identifier(name)) ?? "")",
                                      columns: zip(other.names, other.columns).map { ($0, $1.type) })
            }, session: session)
            let context = "\(file): \(statement.range.text)\npushed \(query.pushedStages) of \(pipeline.stages.count) \(query.notPushed ?? "")\nSQL: \(query.sql)"
            let result: Table
            do {
                result = try connection.query(query.sql, parameters: query.parameters)
            } catch {
                Issue.record("\(context)\n\(error)")
                continue
            }
            var remote = Table(names: query.resultColumns.map(\.name), columns: result.columns, rowCount: result.rowCount)
            for stage in pipeline.stages[query.pushedStages...] {
                remote = try stage.verb.run(stage.arguments, remote, session)
            }
            compared += 1
            #expect(remote.names == local.names, "\(context)")
            #expect(remote.columns.map(\.type) == local.columns.map(\.type), "\(context)")
            #expect(Self.sortedRows(remote).count == Self.sortedRows(local).count, "\(context)")
            let mismatches = zip(Self.sortedRows(remote), Self.sortedRows(local)).filter { !zip($0, $1).allSatisfy { Self.same($0, $1) } }
            #expect(mismatches.isEmpty, "\(context)\n\(mismatches.prefix(3))")
        }
        if ProcessInfo.processInfo.environment["MSOKO_SQL_TRACE"] != nil { print("GOLDEN \(file): \(compared) pipelines compared") }
    }

    /// Rows in an order that does not depend on the order they came in (doubles equal to 1e-9 sort alike).
    static func sortedRows(_ table: Table) -> [[Value]] {
        let key: ([Value]) -> String = { row in
            row.map { value in
                if case .double(let d) = value { return String(format: "%.9g", d == 0 ? 0 : d) }
                return value.plainText
            }.joined(separator: "\u{1F}")
        }
        return rows(table).sorted { key($0) < key($1) }
    }

    static func same(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.double(let x), .double(let y)):
            if x == y || (x.isNaN && y.isNaN) { return true }
            return abs(x - y) <= 1e-9 * max(abs(x), abs(y), 1e-300)
        default: return a == b
        }
    }

    static func rows(_ table: Table) -> [[Value]] {
        (0..<table.rowCount).map { row in table.columns.map { $0.value(at: row) } }
    }

    @Test(arguments: 0..<pipelines.count)
    func remoteEqualsLocal(_ index: Int) throws {
        let (text, ordered, pushedAll) = Self.pipelines[index]
        let (session, connection) = try Self.prepared.get()
        let (statements, parseErrors) = Parser.parse(SourceFile(name: "<remote>", text: text))
        #expect(parseErrors.isEmpty)
        for statement in statements.dropLast() { try session.run(text: statement.range.text, name: "<param>") }
        let (plan, errors) = Binder.bind(Array(statements.suffix(1)), session: session)
        #expect(errors.isEmpty, "\(errors.map(\.message))")
        let pipeline = try #require(plan.statements.last?.pipeline)
        let local = try session.runPipeline(pipeline)
        let source = try #require(Self.relation(pipeline.source, in: session))
        let query = try SQLCompiler.compile(pipeline, source: source, resolve: { Self.relation($0, in: session) }, session: session)
        let result: Table
        do {
            result = try connection.query(query.sql, parameters: query.parameters)
        } catch {
            Issue.record("\(text)\nSQL: \(query.sql)\n\(error)")
            return
        }
        if ProcessInfo.processInfo.environment["MSOKO_SQL_TRACE"] != nil {
            print("PUSHED \(index): \(query.pushedStages)/\(pipeline.stages.count) \(query.notPushed ?? "")")
        }
        #expect((query.pushedStages == pipeline.stages.count) == pushedAll, "\(text): pushed \(query.pushedStages), \(query.notPushed ?? "")")
        #expect((query.notPushed == nil) == pushedAll)
        // The server names columns by their first 63 bytes: the compiler's names are the ones.
        #expect(result.columns.count == query.resultColumns.count)
        #expect(result.columns.map(\.type) == query.resultColumns.map(\.type), "\(text)")
        var remote = Table(names: query.resultColumns.map(\.name), columns: result.columns, rowCount: result.rowCount)
        for stage in pipeline.stages[query.pushedStages...] {
            remote = try stage.verb.run(stage.arguments, remote, session)
        }
        let context = "\(text)\npushed \(query.pushedStages) of \(pipeline.stages.count)\(query.notPushed.map { " (\($0))" } ?? "")\nSQL: \(query.sql)"
        #expect(remote.names == local.names, "\(context)")
        #expect(remote.columns.map(\.type) == local.columns.map(\.type), "\(context)")
        #expect(remote.rowCount == local.rowCount, "\(context)")
        var a = Self.rows(remote), b = Self.rows(local)
        if !ordered {
            // Doubles equal to 1e-9 must sort alike: the key keeps 9 significant digits.
            let key: ([Value]) -> String = { row in
                row.map { value in
                    if case .double(let d) = value { return String(format: "%.9g", d == 0 ? 0 : d) }
                    return value.plainText
                }.joined(separator: "\u{1F}")
            }
            a.sort { key($0) < key($1) }
            b.sort { key($0) < key($1) }
        }
        var mismatches = 0
        for (x, y) in zip(a, b) where !zip(x, y).allSatisfy({ Self.same($0, $1) }) {
            mismatches += 1
            if mismatches <= 3 { Issue.record("\(context)\nremote \(x)\nlocal  \(y)") }
        }
        #expect(mismatches == 0, "\(context)")
    }
}
