/// Late materialisation of `where … | summarize …` and `where … | count …`.
///
/// `where` alone gathers every column of the rows it keeps. When the next stage is `summarize`
/// or `count`, whose result holds only what its expressions compute, the kept rows are gathered
/// for the columns that stage reads and no others: on a wide table most of the gather is saved.
///
/// The stage's results are the same by construction: its expressions see the same values under
/// the same names. Whatever it reports about names (an unknown column and its "did you mean")
/// is left to the ordinary path: the shortcut is taken only when every name read is a column of
/// the table, and a stage that fails on the narrow table is run again on the whole one, so its
/// error is the one it always gave.
enum LateMaterialisation {
    /// Every expression of a stage whose result depends only on the columns its expressions
    /// name (`summarize`, `count`), read from its record; nil for any other verb.
    static func expressions(of stage: BoundStage) -> [Expr]? {
        if let summary = stage.arguments as? SummarizeVerb.Arguments {
            return summary.aggregates.map(\.expr) + summary.keys.map(\.expr)
        }
        if let count = stage.arguments as? CountVerb.Arguments {
            return count.keys.map(\.expr)
        }
        return nil
    }

    /// The positions of the columns `stage` reads, when it is a consumer that reads nothing
    /// else: no `def` call (a body may name columns of its own) and no name missing from `table`.
    static func columnsRead(by stage: BoundStage, from table: Table, session: Session) -> [Int]? {
        guard let expressions = expressions(of: stage) else { return nil }
        var names: Set<String> = []
        var readsOnlyColumns = true
        for expr in expressions {
            expr.walk { node in
                switch node.kind {
                case .column(let name): names.insert(name)
                case .call(let function, _) where session.evaluator.functions[function] != nil: readsOnlyColumns = false
                default: break
                }
            }
        }
        guard readsOnlyColumns else { return nil }
        var positions: [Int] = []
        for name in names {
            guard let position = table.index(of: name) else { return nil }
            positions.append(position)
        }
        return positions.sorted()
    }

    /// Runs `where` and the consumer after it as one step; nil when the pair does not qualify.
    /// Both records were built with their stages (clauses and options checked, as on the
    /// ordinary path). Errors are placed at the stage that raised them, as `Session.runPipeline`
    /// places them.
    static func runPair(_ filter: BoundStage, _ consumer: BoundStage, on table: Table, session: Session) throws -> Table? {
        guard let condition = filter.arguments as? WhereVerb.Arguments,
              let positions = columnsRead(by: consumer, from: table, session: session) else { return nil }
        let selection: RowSelection
        do {
            selection = try WhereVerb.selection(condition, table, session)
        } catch let error as MsokoError {
            throw error.placed(at: filter.syntax.range)
        }
        let narrow = selection.apply(to: table.project(positions))
        do {
            return try consumer.verb.run(consumer.arguments, narrow, session)
        } catch let error as MsokoError where error.stage == .interrupted {
            throw error.placed(at: consumer.syntax.range)
        } catch {
            do {
                return try consumer.verb.run(consumer.arguments, selection.apply(to: table), session)
            } catch let error as MsokoError {
                throw error.placed(at: consumer.syntax.range)
            }
        }
    }
}
