/// Compiles a bound pipeline whose source is a table on PostgreSQL into one SQL query.
///
/// Each stage wraps the query so far as a subquery (`SELECT … FROM (previous) AS s3`), so a
/// stage sees exactly the columns the one before it made, with the msoko types the local engine
/// would give them (the output of every stage is checked against the verb's own body run on zero
/// rows, the binder's way of learning a schema). Compilation stops at the first stage that cannot
/// be written with the same null, ordering and rounding semantics as local execution; the caller
/// runs that stage and the rest locally on the result, and `notPushed` says why.
///
/// Row order. A table on a server has no row order, so a pipeline that never sorts gives its
/// rows in the server's order, remote or "local on the result". Once a stage orders rows
/// (`sort`, or `summarize`/`count`/`distinct`, which order by their keys), the order is kept as
/// hidden columns carried through every later subquery (`__msoko_o1`, …) and written as the
/// final `ORDER BY`: SQL keeps no order across subqueries, windows or joins, so the keys travel
/// as data. A later `sort` puts its keys before the carried ones, which is what a stable sort
/// means: ties keep the order they came in. Before any, a plain table's rows are in their stored
/// order (`RemoteRelation.rowOrder`, `ctid`): the last tie-breaker of a `sort` and the order of
/// `first`/`last`, so ties come as a whole-table read gives them, the same on every run. What no
/// stage ordered otherwise (a view's rows; several matches of one row in `join`, which msoko
/// gives in the right table's order) is the server's.
///
/// Nothing user-written is pasted into the SQL text: literals and parameters travel as bind
/// parameters (`$1`, typed by a cast), identifiers through `SQLText.identifier`.
struct RemoteRelation: Sendable {
    /// Already quoted: `"public"."vpr"`, or a parenthesised subquery (no alias).
    let qualifiedName: String
    let columns: [(name: String, type: DataType)]
    /// An expression giving the rows' stored order (`ctid` of a plain table), nil when there is
    /// none: the last tie-breaker of every `sort`, so that rows tying on every key come in the
    /// order a whole-table read gives them — the table's own "file order" — as locally.
    var rowOrder: String? = nil
}

struct CompiledQuery: Sendable {
    /// One SELECT; every value is a `$n` bind parameter.
    let sql: String
    let parameters: [Value]
    /// Stages `0..<pushedStages` are in the SQL.
    let pushedStages: Int
    /// Names and msoko types of the result, in order.
    let resultColumns: [(name: String, type: DataType)]
    /// Why stage `pushedStages` could not be pushed (for the user's note); nil when all were.
    let notPushed: String?
}

/// Why a stage (or an expression in it) cannot be compiled exactly. Carries the note shown to
/// the user; never escapes `SQLCompiler.compile`.
struct NotPushable: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}

enum SQLCompiler {
    /// The longest SQL text sent (bytes).
    static let maximumLength = 1 << 20

    /// `resolve` maps a dataset name used by `join`/`append` to a relation on the same server
    /// (nil: the dataset is local, and pushing stops there).
    static func compile(_ pipeline: BoundPipeline, source: RemoteRelation,
                        resolve: (String) -> RemoteRelation?, session: Session) throws -> CompiledQuery {
        let builder = SQLBuilder(session: session)
        var level: SQLLevel
        do {
            level = try builder.base(source)
        } catch let stop as NotPushable {
            // Names PostgreSQL itself cannot hold apart: nothing is pushed, the table is read whole.
            return CompiledQuery(sql: "SELECT * FROM \(source.qualifiedName)", parameters: [], pushedStages: 0,
                                 resultColumns: source.columns, notPushed: stop.reason)
        }
        var pushed = 0
        var reason: String? = nil
        for stage in pipeline.stages {
            do {
                let next = try builder.compile(stage, after: level, resolve: resolve)
                // Each use of a part is written out (`round` uses x several times): a query past
                // this size is not worth sending, and the rest runs locally.
                guard next.sql.utf8.count <= SQLCompiler.maximumLength else { throw NotPushable(tr("sql.not_pushed.too_long")) }
                level = next
                pushed += 1
            } catch let stop as NotPushable {
                reason = stop.reason
                break
            } catch {
                // The local engine raises this stage's error itself, with its message and place.
                reason = tr("sql.not_pushed.error", ["verb": stage.verb.name])
                break
            }
        }
        let (text, columns) = builder.final(level)
        let (sql, parameters) = builder.numbered(text)
        return CompiledQuery(sql: sql, parameters: parameters, pushedStages: pushed,
                             resultColumns: columns, notPushed: reason)
    }
}

/// One column of a level: its msoko name and type (the SQL name is the same, quoted).
struct SQLColumn {
    var name: String
    var type: DataType
}

/// A key of the row order: a carried hidden column of the level.
struct SQLOrderKey {
    var alias: String
    var descending: Bool
    var type: DataType
    /// The column's SQL type when msoko has none for it (`tid` for the stored order).
    var sqlType: String? = nil
}

/// A query so far: a complete SELECT whose output is `columns` then `carried`.
struct SQLLevel {
    var sql: String
    var columns: [SQLColumn]
    /// Hidden columns carried through later subqueries (order keys), after the visible ones.
    var carried: [String]
    var ordering: [SQLOrderKey]
    /// The rows' stored order (carried too), the tie-breaker after every sort key: what
    /// `sort` appends when no order came before, and what `first`/`last` follow then.
    var physical: [SQLOrderKey] = []

    func column(_ name: String) -> SQLColumn? { columns.first { $0.name == name } }

    /// The order rows are in: the one stages made, else the stored one.
    var rowOrder: [SQLOrderKey] { ordering.isEmpty ? physical : ordering }

    /// The SQL type of a carried column: an order key's, else (a partition key, never carried
    /// past its stage) text.
    func carriedType(_ alias: String) -> String {
        guard let key = (ordering + physical).first(where: { $0.alias == alias }) else { return "text" }
        return key.sqlType ?? SQLText.type(key.type) ?? "text"
    }
}

/// Quoting: the one place identifiers become SQL text.
enum SQLText {
    /// A quoted identifier; a NUL cannot be in one, so such a name is not pushed.
    static func identifier(_ name: String) throws -> String {
        guard !name.isEmpty, !name.contains(SQLBuilder.mark) else {
            throw NotPushable(tr("sql.not_pushed.name", ["name": name]))
        }
        return PGConnection.quoteIdentifier(name)
    }

    /// The SQL type a msoko type is read back as.
    static func type(_ type: DataType) -> String? {
        switch type {
        case .int: return "int8"
        case .double: return "float8"
        case .text: return "text"
        case .bool: return "bool"
        case .date: return "date"
        case .null: return nil
        }
    }

    /// `ORDER BY` terms for the level's ordering, the columns read through `alias`.
    /// `reversed`: the exact reverse order (nulls first), for the last rows.
    static func orderBy(_ keys: [SQLOrderKey], alias: String, reversed: Bool = false) throws -> String {
        try keys.map { key in
            let column = "\(alias).\(try identifier(key.alias))"
            let collated = key.type == .text ? "\(column) COLLATE \"C\"" : column
            return "\(collated) \(key.descending != reversed ? "DESC" : "ASC") NULLS \(reversed ? "FIRST" : "LAST")"
        }.joined(separator: ", ")
    }
}

/// Holds the bind parameters and names subqueries while a pipeline is compiled.
final class SQLBuilder {
    let session: Session
    /// Every value given a placeholder, by placeholder number.
    private var values: [Value] = []
    private var aliases = 0
    private var hiddenNames = 0

    /// Hidden column names begin so; a user's column of such a name is not pushed.
    static let hiddenPrefix = "__msoko_"

    init(session: Session) { self.session = session }

    /// A value as a placeholder, cast to its SQL type so the server never guesses it. The
    /// placeholders become `$1`, `$2`, … in `final`, numbered by first use: a part compiled and
    /// then left out of the SQL (a stage not pushed, `x + null`) leaves no unused parameter,
    /// which the server would refuse ("could not determine data type of parameter").
    func parameter(_ value: Value) -> String {
        guard let type = SQLText.type(value.type) else { return "NULL" }
        values.append(value)
        return "CAST(\(SQLBuilder.mark)\(values.count - 1)\(SQLBuilder.mark) AS \(type))"
    }

    /// Around a placeholder's number: NUL, which no PostgreSQL name can hold (names are C
    /// strings) and which `SQLText.identifier` and `base` refuse, so only placeholders hold it.
    static let mark: Character = "\u{0}"

    /// The SQL with placeholders numbered `$1`, `$2`, … by first use, and the values in that order.
    /// Only `mark digits mark` with a known number is a placeholder: anything else (a mark in
    /// a relation's name, which the caller quoted) stays as it is.
    func numbered(_ sql: String) -> (String, [Value]) {
        var output = ""
        var used: [Int: Int] = [:]
        var ordered: [Value] = []
        var rest = sql[...]
        while let start = rest.firstIndex(of: SQLBuilder.mark) {
            output += rest[..<start]
            let afterMark = rest.index(after: start)
            let digits = rest[afterMark...].prefix { $0.isASCII && $0.isNumber }
            let end = digits.endIndex
            if !digits.isEmpty, end < rest.endIndex, rest[end] == SQLBuilder.mark,
               let index = Int(digits), values.indices.contains(index) {
                if used[index] == nil {
                    ordered.append(values[index])
                    used[index] = ordered.count
                }
                output += "$\(used[index] ?? 0)"
                rest = rest[rest.index(after: end)...]
            } else {
                output.append(SQLBuilder.mark)
                rest = rest[afterMark...]
            }
        }
        output += rest
        return (output, ordered)
    }

    func nextAlias() -> String {
        aliases += 1
        return "s\(aliases)"
    }

    func hiddenName(_ kind: String) -> String {
        hiddenNames += 1
        return "\(SQLBuilder.hiddenPrefix)\(kind)\(hiddenNames)"
    }

    // MARK: levels

    func base(_ source: RemoteRelation) throws -> SQLLevel {
        guard !source.qualifiedName.contains(SQLBuilder.mark) else { throw NotPushable(tr("sql.not_pushed.name", ["name": source.qualifiedName])) }
        try SQLBuilder.distinctOnServer(source.columns.map(\.name))
        var list = try source.columns.map { try SQLText.identifier($0.name) }
        var level = SQLLevel(sql: "", columns: source.columns.map { SQLColumn(name: $0.name, type: $0.type) }, carried: [], ordering: [])
        if let rowOrder = source.rowOrder {
            let name = hiddenName("o")
            list.append("\(rowOrder) AS \(try SQLText.identifier(name))")
            level.carried = [name]
            level.physical = [SQLOrderKey(alias: name, descending: false, type: .int, sqlType: "tid")]
        }
        // An alias, so that the relation may also be a subquery (`types` casts on the server).
        level.sql = "SELECT \(list.isEmpty ? "1" : list.joined(separator: ", ")) FROM \(source.qualifiedName) AS \(nextAlias())"
        return level
    }

    /// `SELECT items, carried FROM (level) AS alias [tail]`: items are (SQL, output name) pairs.
    func wrap(_ level: SQLLevel, alias: String, items: [(sql: String, name: String)], carried: [String]? = nil,
              tail: String = "", distinct: Bool = false) throws -> String {
        var list: [String] = []
        for item in items { list.append("\(item.sql) AS \(try SQLText.identifier(item.name))") }
        for name in carried ?? level.carried { list.append("\(alias).\(try SQLText.identifier(name))") }
        if list.isEmpty { list.append("1") }
        return "SELECT \(distinct ? "DISTINCT " : "")\(list.joined(separator: ", ")) FROM (\(level.sql)) AS \(alias)\(tail)"
    }

    /// The level's visible columns as items read through `alias`.
    func passThrough(_ level: SQLLevel, alias: String) throws -> [(sql: String, name: String)] {
        try level.columns.map { ("\(alias).\(try SQLText.identifier($0.name))", $0.name) }
    }

    /// Row context of a level: each visible column by name.
    func rowColumns(_ level: SQLLevel, alias: String) throws -> [String: SQLTyped] {
        var columns: [String: SQLTyped] = [:]
        for column in level.columns {
            columns[column.name] = SQLTyped("\(alias).\(try SQLText.identifier(column.name))", column.type)
        }
        return columns
    }

    /// The outer query: every column cast to the SQL type msoko reads it as, in the level's order.
    func final(_ level: SQLLevel) -> (String, [(name: String, type: DataType)]) {
        let alias = nextAlias()
        var list: [String] = []
        for column in level.columns {
            // Checked when the column was made: every name quotes and every type has an SQL type.
            let name = (try? SQLText.identifier(column.name)) ?? "\"?\""
            let type = SQLText.type(column.type) ?? "text"
            list.append("CAST(\(alias).\(name) AS \(type)) AS \(name)")
        }
        var sql = "SELECT \(list.isEmpty ? "1" : list.joined(separator: ", ")) FROM (\(level.sql)) AS \(alias)"
        if !level.ordering.isEmpty, let order = try? SQLText.orderBy(level.ordering, alias: alias) {
            sql += " ORDER BY \(order)"
        }
        return (sql, level.columns.map { ($0.name, $0.type) })
    }

    // MARK: stages

    func compile(_ stage: BoundStage, after level: SQLLevel, resolve: (String) -> RemoteRelation?) throws -> SQLLevel {
        let verb = stage.verb.name
        let arguments = stage.arguments
        if let join = arguments as? JoinVerb.Arguments { return try self.join(join, after: level, resolve: resolve) }
        if let append = arguments as? AppendVerb.Arguments { return try self.append(append, after: level, resolve: resolve) }
        if let ensure = arguments as? EnsureVerb.Arguments { return try self.ensure(ensure, after: level) }
        // Only the verbs written below: a verb that writes files or prints must not run here.
        let known: [any StageArguments.Type] = [WhereVerb.Arguments.self, DeriveVerb.Arguments.self, SelectVerb.Arguments.self,
                                                DropVerb.Arguments.self, RenameVerb.Arguments.self, SortVerb.Arguments.self,
                                                HeadVerb.Arguments.self, TailVerb.Arguments.self, DistinctVerb.Arguments.self,
                                                SummarizeVerb.Arguments.self, CountVerb.Arguments.self]
        guard known.contains(where: { type(of: arguments) == $0 }) else { throw NotPushable(notPushedVerb(verb)) }
        // The verb's own body on zero rows: its output's names and types, and its errors.
        let expected = try stage.verb.run(arguments, SQLBuilder.zeroRows(level), session)
        let next: SQLLevel
        switch arguments {
        case let a as WhereVerb.Arguments: next = try filter(a.condition, after: level)
        case let a as DeriveVerb.Arguments: next = try derive(a.columns, keys: a.keys ?? [], after: level)
        case let a as SelectVerb.Arguments: next = try select(a.columns, after: level)
        case let a as DropVerb.Arguments:
            let dropped = Set(a.columns.map(\.name))
            next = try project(level, level.columns.filter { !dropped.contains($0.name) }.map { ($0.name, $0.name) })
        case let a as RenameVerb.Arguments:
            var pairs = level.columns.map { ($0.name, $0.name) }
            for pair in a.pairs {
                guard let index = pairs.firstIndex(where: { $0.1 == pair.oldName }) else { throw NotPushable(tr("sql.not_pushed.error", ["verb": verb])) }
                pairs[index].1 = pair.newName
            }
            next = try project(level, pairs)
        case let a as SortVerb.Arguments: next = try sort(a.keys.map { ($0.expr, $0.descending) }, after: level)
        case let a as HeadVerb.Arguments:
            let count = try a.rows.value(verb: "head", session: session)
            next = try head(count, after: level)
        case let a as TailVerb.Arguments:
            // The last rows of an order; without one, "last" means nothing on a server.
            guard !level.ordering.isEmpty else { throw NotPushable(tr("sql.not_pushed.unordered", ["verb": verb])) }
            next = try head(try a.rows.value(verb: "tail", session: session), after: level, last: true)
        case let a as DistinctVerb.Arguments: next = try distinct(a.columns, after: level)
        case let a as SummarizeVerb.Arguments: next = try summarize(a.aggregates, keys: a.keys, after: level)
        case let a as CountVerb.Arguments:
            let countAll = Expr(.call("count", []), a.verbRange)
            let item = NamedExpression(StageItem(name: "n", nameRange: nil, expr: countAll, descending: nil, range: a.verbRange))
            next = try summarize([item], keys: a.keys, after: level)
        default:
            throw NotPushable(notPushedVerb(verb))
        }
        try SQLBuilder.check(next, against: expected, verb: verb)
        return next
    }

    func notPushedVerb(_ verb: String) -> String {
        switch verb {
        case "pivot": return tr("sql.not_pushed.pivot")
        default: return tr("sql.not_pushed.verb", ["verb": verb])
        }
    }

    /// A zero-row table of the level's visible columns.
    static func zeroRows(_ level: SQLLevel) -> Table {
        Table(names: level.columns.map(\.name), columns: level.columns.map { Column.nulls($0.type, count: 0) }, rowCount: 0)
    }

    /// The compiled level must make the columns the local engine makes, with the same types.
    /// A function applied row by row gives no type on zero rows (`round` of no values is a
    /// column of no type): there the compiler's own type stands.
    static func check(_ level: SQLLevel, against expected: Table, verb: String) throws {
        guard level.columns.map(\.name) == expected.names,
              zip(level.columns, expected.columns).allSatisfy({ $0.type == $1.type || $1.type == .null }) else {
            throw NotPushable(tr("sql.not_pushed.types", ["verb": verb]))
        }
        try validate(level.columns)
    }

    /// Columns SQL can hold: a type each, no name of the hidden columns', none alike in 63 bytes.
    static func validate(_ columns: [SQLColumn]) throws {
        try distinctOnServer(columns.map(\.name))
        for column in columns {
            if column.type == .null { throw NotPushable(tr("sql.not_pushed.null_column", ["name": column.name])) }
            if column.name.hasPrefix(SQLBuilder.hiddenPrefix) { throw NotPushable(tr("sql.not_pushed.name", ["name": column.name])) }
        }
    }

    /// PostgreSQL keeps the first 63 bytes of a name: two names alike that far would be one.
    static func distinctOnServer(_ names: [String]) throws {
        var seen = Set<[UInt8]>()
        for name in names where !seen.insert(Array(name.utf8.prefix(63))).inserted {
            throw NotPushable(tr("sql.not_pushed.name", ["name": name]))
        }
    }

    func expressions(_ level: SQLLevel, alias: String, aggregates: SQLAggregateContext) throws -> SQLExpressionCompiler {
        SQLExpressionCompiler(builder: self, columns: try rowColumns(level, alias: alias), aggregates: aggregates)
    }

    /// `where`: rows where the condition is true (null drops the row, as locally).
    func filter(_ condition: Expr, after level: SQLLevel) throws -> SQLLevel {
        let alias = nextAlias()
        let compiler = try expressions(level, alias: alias, aggregates: .window(partition: []))
        let typed = try compiler.compile(condition)
        guard typed.type == .bool || typed.type == .null else { throw NotPushable(tr("sql.not_pushed.error", ["verb": "where"])) }
        var next = level
        if compiler.usedWindow {
            // A window function cannot stand in WHERE: compute the condition a level below.
            let flag = hiddenName("w")
            let inner = try wrap(level, alias: alias, items: try passThrough(level, alias: alias) + [(typed.sql, flag)])
            let outer = nextAlias()
            next.sql = try wrap(SQLLevel(sql: inner, columns: level.columns, carried: level.carried, ordering: []), alias: outer,
                                items: try passThrough(level, alias: outer), tail: " WHERE \(outer).\(try SQLText.identifier(flag))")
        } else {
            next.sql = try wrap(level, alias: alias, items: try passThrough(level, alias: alias), tail: " WHERE \(typed.sql)")
        }
        return next
    }

    /// `derive`: one level per column, since each may use the ones before it; `by` keys are
    /// computed once on the input (hidden columns), as the local engine groups before deriving.
    func derive(_ items: [NamedExpression], keys: [Expr], after level: SQLLevel) throws -> SQLLevel {
        var current = level
        var partition: [String] = []
        if !keys.isEmpty {
            let alias = nextAlias()
            let compiler = try expressions(current, alias: alias, aggregates: .none)
            var extra: [(sql: String, name: String)] = []
            for key in keys {
                let name = hiddenName("p")
                extra.append((try compiler.compile(key).sql, name))
                partition.append(name)
            }
            current.sql = try wrap(current, alias: alias, items: try passThrough(current, alias: alias) + extra)
            current.carried += partition
        }
        for item in items {
            let alias = nextAlias()
            let partitionSQL = try partition.map { "\(alias).\(try SQLText.identifier($0))" }
            let compiler = try expressions(current, alias: alias, aggregates: .window(partition: partitionSQL))
            let typed = try compiler.compile(item.expr)
            var list = try passThrough(current, alias: alias)
            if let index = current.columns.firstIndex(where: { $0.name == item.name }) {
                list[index].sql = typed.sql
                current.columns[index].type = typed.type
            } else {
                list.append((typed.sql, item.name))
                current.columns.append(SQLColumn(name: item.name, type: typed.type))
            }
            current.sql = try wrap(current, alias: alias, items: list, carried: current.carried)
        }
        if !partition.isEmpty {
            let alias = nextAlias()
            current.carried.removeAll { partition.contains($0) }
            current.sql = try wrap(current, alias: alias, items: try passThrough(current, alias: alias))
        }
        return current
    }

    func select(_ items: [NamedExpression], after level: SQLLevel) throws -> SQLLevel {
        let alias = nextAlias()
        let compiler = try expressions(level, alias: alias, aggregates: .window(partition: []))
        var next = level
        next.columns = []
        var list: [(sql: String, name: String)] = []
        for item in items {
            let typed = try compiler.compile(item.expr)
            list.append((typed.sql, item.name))
            next.columns.append(SQLColumn(name: item.name, type: typed.type))
        }
        next.sql = try wrap(level, alias: alias, items: list)
        return next
    }

    /// Keeps (old name, new name) pairs of columns, in that order.
    func project(_ level: SQLLevel, _ pairs: [(String, String)]) throws -> SQLLevel {
        let alias = nextAlias()
        var next = level
        next.columns = []
        var list: [(sql: String, name: String)] = []
        for (old, new) in pairs {
            guard let column = level.column(old) else { throw NotPushable(tr("sql.not_pushed.error", ["verb": "select"])) }
            list.append(("\(alias).\(try SQLText.identifier(old))", new))
            next.columns.append(SQLColumn(name: new, type: column.type))
        }
        next.sql = try wrap(level, alias: alias, items: list)
        return next
    }

    /// `sort`: the keys become carried columns, before the order the rows came in (stable).
    func sort(_ keys: [(Expr, Bool)], after level: SQLLevel) throws -> SQLLevel {
        let alias = nextAlias()
        let compiler = try expressions(level, alias: alias, aggregates: .window(partition: []))
        var extra: [(sql: String, name: String)] = []
        var ordering: [SQLOrderKey] = []
        for (expr, descending) in keys {
            let typed = try compiler.compile(expr)
            if typed.type == .null { continue }              // every row ties
            let name = hiddenName("o")
            extra.append((typed.sql, name))
            ordering.append(SQLOrderKey(alias: name, descending: descending, type: typed.type))
        }
        var next = level
        next.sql = try wrap(level, alias: alias, items: try passThrough(level, alias: alias) + extra)
        next.carried += extra.map(\.name)
        next.ordering = ordering + level.rowOrder
        return next
    }

    /// The first (or last) `count` rows of the order so far; the order itself stays carried.
    func head(_ count: Int, after level: SQLLevel, last: Bool = false) throws -> SQLLevel {
        let alias = nextAlias()
        var tail = ""
        if !level.ordering.isEmpty { tail += " ORDER BY \(try SQLText.orderBy(level.ordering, alias: alias, reversed: last))" }
        tail += " LIMIT \(parameter(.int(Int64(count))))"
        var next = level
        next.sql = try wrap(level, alias: alias, items: try passThrough(level, alias: alias), tail: tail)
        return next
    }

    /// `distinct`: nulls equal each other (as in SQL's DISTINCT); rows ordered by every column.
    func distinct(_ items: [NamedExpression], after level: SQLLevel) throws -> SQLLevel {
        let alias = nextAlias()
        var list: [(sql: String, name: String)] = []
        var columns: [SQLColumn] = []
        if items.isEmpty {
            list = try passThrough(level, alias: alias)
            columns = level.columns
        } else {
            let compiler = try expressions(level, alias: alias, aggregates: .none)
            for item in items {
                let typed = try compiler.compile(item.expr)
                if let index = columns.firstIndex(where: { $0.name == item.name }) {
                    list[index].sql = typed.sql
                    columns[index].type = typed.type
                } else {
                    list.append((typed.sql, item.name))
                    columns.append(SQLColumn(name: item.name, type: typed.type))
                }
            }
        }
        let inner = SQLLevel(sql: try wrap(level, alias: alias, items: list, carried: [], distinct: true),
                             columns: columns, carried: [], ordering: [])
        return try orderedBy(columns.map(\.name), inner)
    }

    /// A level ordered by these visible columns (ascending), carried as hidden copies.
    func orderedBy(_ names: [String], _ level: SQLLevel) throws -> SQLLevel {
        let alias = nextAlias()
        var extra: [(sql: String, name: String)] = []
        var ordering: [SQLOrderKey] = []
        for name in names {
            guard let column = level.column(name) else { continue }
            let hidden = hiddenName("o")
            extra.append(("\(alias).\(try SQLText.identifier(name))", hidden))
            if column.type != .null { ordering.append(SQLOrderKey(alias: hidden, descending: false, type: column.type)) }
        }
        var next = level
        next.sql = try wrap(level, alias: alias, items: try passThrough(level, alias: alias) + extra, carried: [])
        next.carried = extra.map(\.name)
        next.ordering = ordering
        return next
    }

    /// `summarize` and `count`: keys computed a level below (hidden), grouped, then ordered by
    /// the keys. Without keys: one row, even for no input rows, as locally.
    func summarize(_ aggregates: [NamedExpression], keys: [NamedExpression], after level: SQLLevel) throws -> SQLLevel {
        let alias = nextAlias()
        let rowCompiler = try expressions(level, alias: alias, aggregates: .none)
        var keyItems: [(sql: String, name: String)] = []
        var keyColumns: [SQLColumn] = []
        for key in keys {
            let typed = try rowCompiler.compile(key.expr)
            keyItems.append((typed.sql, hiddenName("g")))
            keyColumns.append(SQLColumn(name: key.name, type: typed.type))
        }
        // The order so far stays carried below the grouping: `first` and `last` follow it.
        let inner = SQLLevel(sql: try wrap(level, alias: alias, items: try passThrough(level, alias: alias) + keyItems),
                             columns: level.columns, carried: level.carried, ordering: level.ordering, physical: level.physical)
        let grouped = nextAlias()
        var keyContext: [String: SQLTyped] = [:]
        var list: [(sql: String, name: String)] = []
        for (item, column) in zip(keyItems, keyColumns) {
            let sql = "\(grouped).\(try SQLText.identifier(item.name))"
            keyContext[column.name] = SQLTyped(sql, column.type)
            list.append((sql, column.name))
        }
        let rows = try rowColumns(inner, alias: grouped)
        let order = level.rowOrder.isEmpty ? nil
            : (forward: try SQLText.orderBy(level.rowOrder, alias: grouped), reversed: try SQLText.orderBy(level.rowOrder, alias: grouped, reversed: true))
        let ranks = SQLRankColumns(alias: grouped, order: order)
        let compiler = SQLExpressionCompiler(builder: self, columns: keyContext, aggregates: .grouped(rows: rows, ranks: ranks))
        var columns = keyColumns
        for item in aggregates {
            let typed = try compiler.compile(item.expr)
            list.append((typed.sql, item.name))
            columns.append(SQLColumn(name: item.name, type: typed.type))
        }
        // Without keys `GROUP BY ()`: one row even when no item calls an aggregate
        // (`summarize c = 1`), and for no input rows, as locally.
        var tail = " GROUP BY ()"
        if !keyItems.isEmpty {
            tail = " GROUP BY " + (try keyItems.map { "\(grouped).\(try SQLText.identifier($0.name))" }.joined(separator: ", "))
        }
        var input = inner
        if !ranks.pairs.isEmpty {
            // The ranks, a level below the grouping, read through the same alias.
            let keys = try keyItems.map { "\(grouped).\(try SQLText.identifier($0.name))" }
            let keyRefs = try keyItems.map { ("\(grouped).\(try SQLText.identifier($0.name))", $0.name) }
            input.sql = try wrap(inner, alias: grouped, items: try passThrough(inner, alias: grouped) + keyRefs + ranks.items(partition: keys))
        }
        let result = SQLLevel(sql: try wrap(input, alias: grouped, items: list, carried: [], tail: tail),
                              columns: columns, carried: [], ordering: [])
        return try orderedBy(keyColumns.map(\.name), result)
    }

    /// `ensure` where the table has every column it names, with a type that fits: nothing to
    /// do, as locally. A column to add runs locally, where the note about it is made.
    func ensure(_ arguments: EnsureVerb.Arguments, after level: SQLLevel) throws -> SQLLevel {
        for option in arguments.notes {
            guard case .text = try option.value(session) else { throw NotPushable(tr("sql.not_pushed.error", ["verb": "ensure"])) }
        }
        for item in arguments.columns {
            guard let present = level.column(item.name) else { throw NotPushable(tr("sql.not_pushed.ensure_adds", ["name": item.name])) }
            let wanted = try EnsureVerb.declaredType(item.expr)
                ?? session.evaluator.evaluate(item.expr, in: Scope(table: SQLBuilder.zeroRows(level))).type
            guard present.type != .null, EnsureVerb.fits(present.type, wanted) else {
                throw NotPushable(tr("sql.not_pushed.error", ["verb": "ensure"]))
            }
        }
        return level
    }

    /// `append`: `UNION ALL`, columns matched by name (the first table's, then each new one in
    /// order), a column missing on one side null there, int stacked on double double. The rows
    /// of each part stay together in order (a hidden part number leads the order), the first
    /// part's rows in the order it had.
    func append(_ arguments: AppendVerb.Arguments, after level: SQLLevel, resolve: (String) -> RemoteRelation?) throws -> SQLLevel {
        var others: [RemoteRelation] = []
        for dataset in arguments.datasets {
            guard let other = resolve(dataset.name) else { throw NotPushable(tr("sql.not_pushed.local_dataset", ["name": dataset.name])) }
            others.append(other)
        }
        var columns = level.columns
        for other in others {
            for column in other.columns {
                if let index = columns.firstIndex(where: { $0.name == column.name }) {
                    guard let type = Column.stackType(columns[index].type, column.type) else {
                        throw NotPushable(tr("sql.not_pushed.types", ["verb": "append"]))
                    }
                    columns[index].type = type
                } else {
                    columns.append(SQLColumn(name: column.name, type: column.type))
                }
            }
        }
        // Its body reads the other datasets, which are on the server: the names and types are
        // worked out above by `Column.stackType`, the rule the body stacks with.
        try SQLBuilder.validate(columns)
        let part = hiddenName("part")
        func member(_ available: [String: DataType], from source: String, alias: String, carried: [String], number: Int) throws -> String {
            var list: [String] = []
            for column in columns {
                let type = SQLText.type(column.type) ?? "text"
                let name = try SQLText.identifier(column.name)
                list.append(available[column.name] == nil ? "CAST(NULL AS \(type)) AS \(name)" : "CAST(\(alias).\(name) AS \(type)) AS \(name)")
            }
            for (index, hidden) in level.carried.enumerated() {
                let name = try SQLText.identifier(hidden)
                list.append(carried.isEmpty ? "CAST(NULL AS \(level.carriedType(hidden))) AS \(name)" : "\(alias).\(try SQLText.identifier(carried[index])) AS \(name)")
            }
            list.append("\(parameter(.int(Int64(number)))) AS \(try SQLText.identifier(part))")
            return "SELECT \(list.joined(separator: ", ")) FROM \(source) AS \(alias)"
        }
        var parts: [String] = []
        var available: [String: DataType] = [:]
        for column in level.columns { available[column.name] = column.type }
        parts.append(try member(available, from: "(\(level.sql))", alias: nextAlias(), carried: level.carried, number: 0))
        for (number, other) in others.enumerated() {
            var available: [String: DataType] = [:]
            for column in other.columns { available[column.name] = column.type }
            parts.append(try member(available, from: other.qualifiedName, alias: nextAlias(), carried: [], number: number + 1))
        }
        var next = level
        next.sql = parts.joined(separator: " UNION ALL ")
        next.columns = columns
        next.carried = level.carried + [part]
        next.ordering = [SQLOrderKey(alias: part, descending: false, type: .int)] + level.rowOrder
        next.physical = []
        return next
    }

    /// `join`: msoko's kinds, key matching (null keys never match) and names (the other
    /// dataset's key columns left out, a clashing name suffixed with the dataset's name).
    func join(_ arguments: JoinVerb.Arguments, after level: SQLLevel, resolve: (String) -> RemoteRelation?) throws -> SQLLevel {
        let otherName = arguments.dataset.name
        guard let other = resolve(otherName) else { throw NotPushable(tr("sql.not_pushed.local_dataset", ["name": otherName])) }
        let kind = try arguments.kind(session)
        let left = nextAlias(), right = nextAlias()
        var conditions: [String] = []
        for key in arguments.keys {
            guard let l = level.column(key.left), let r = other.columns.first(where: { $0.name == key.right }) else {
                throw NotPushable(tr("sql.not_pushed.error", ["verb": "join"]))
            }
            // Keys of different types (int and double) match by value locally: not written here.
            guard l.type == r.type, l.type != .null else { throw NotPushable(tr("sql.not_pushed.types", ["verb": "join"])) }
            conditions.append("\(left).\(try SQLText.identifier(key.left)) = \(right).\(try SQLText.identifier(key.right))")
        }
        let on = conditions.isEmpty ? "TRUE" : conditions.joined(separator: " AND ")
        var next = level
        switch kind {
        case .semi, .anti:
            let exists = "EXISTS (SELECT 1 FROM \(other.qualifiedName) AS \(right) WHERE \(on))"
            next.sql = try wrap(level, alias: left, items: try passThrough(level, alias: left),
                                tail: " WHERE \(kind == .anti ? "NOT " : "")\(exists)")
            return next
        case .inner, .left:
            var list = try passThrough(level, alias: left)
            var names = level.columns.map(\.name)
            let rightKeys = Set(arguments.keys.map(\.right))
            for column in other.columns where !rightKeys.contains(column.name) {
                var output = column.name
                if names.contains(output) { output = "\(column.name)_\(otherName)" }
                var suffix = 2
                while names.contains(output) { output = "\(column.name)_\(otherName)_\(suffix)"; suffix += 1 }
                names.append(output)
                list.append(("\(right).\(try SQLText.identifier(column.name))", output))
                next.columns.append(SQLColumn(name: output, type: column.type))
            }
            let join = kind == .left ? "LEFT JOIN" : "JOIN"
            var items: [String] = []
            for item in list { items.append("\(item.sql) AS \(try SQLText.identifier(item.name))") }
            for name in level.carried { items.append("\(left).\(try SQLText.identifier(name))") }
            next.sql = "SELECT \(items.joined(separator: ", ")) FROM (\(level.sql)) AS \(left) \(join) \(other.qualifiedName) AS \(right) ON \(on)"
            try SQLBuilder.distinctOnServer(next.columns.map(\.name))
            for column in next.columns where column.name.hasPrefix(SQLBuilder.hiddenPrefix) {
                throw NotPushable(tr("sql.not_pushed.name", ["name": column.name]))
            }
            return next
        }
    }
}
