/// `def` calls expanded once, in the bound plan, instead of at every evaluation.
///
/// The binder knows the script's `def`s at each statement (`BindEnvironment.functions`), so a
/// stage's expressions can have their calls replaced by the functions' bodies before anything
/// runs; running the statement then evaluates an already expanded tree. The result is the tree
/// the evaluator built for itself at each call: the body with each parameter standing for one
/// shared `FunctionArgument` (so a `def` doubling its argument 24 deep stays 24 nodes, not 16
/// million), each call kept as a node of its own (`ExpandedCall`) so the run counts it towards
/// `Evaluator.maximumExpansions`, places its errors at the call and names the `def` in them as
/// it did when it expanded the call itself.
///
/// Expansion never reports anything. Whatever would make the run stop or behave otherwise — a
/// recursive `def`, a wrong number of arguments, more than `maximumExpansions` calls, a tree
/// deeper than `NestingLimit.levels`, an unused parameter (its argument is never evaluated, but
/// checks of the expression as written look at it) — leaves the expression as written, and the
/// evaluator expands its calls as it always did: the binder's own checks and the run give the
/// very messages they gave before. Where the environment is open (after `run "SCRIPT"`, which
/// may define anything) nothing is expanded.
enum DefExpansion {
    /// The nodes substituted bodies may add to one expression: a generated body of thousands of
    /// terms called thousands of times is left to the run, which frees each body after its call.
    static let maximumNodes = 200_000

    /// `expr` with every call of a `def` in `functions` expanded, or nil when it is better left
    /// as written (see the type's notes) or calls no `def`.
    static func expand(_ expr: Expr, functions: [String: UserFunction]) -> Expr? {
        guard !functions.isEmpty, callsDef(expr, functions) else { return nil }
        var expander = Expander(functions: functions)
        guard let expanded = try? expander.expand(expr, level: 1), expanded.height <= NestingLimit.levels else { return nil }
        return expanded
    }

    /// Whether any node of `expr` is a call of a `def` in `functions`.
    static func callsDef(_ expr: Expr, _ functions: [String: UserFunction]) -> Bool {
        var found = false
        expr.walk { node in
            if !found, case .call(let name, _) = node.kind, functions[name] != nil { found = true }
        }
        return found
    }

    /// Why an expression is left as written; never shown (the run says what is wrong, if anything).
    struct LeftAsWritten: Error {}

    /// One expression's expansion: the `def`s being expanded (for recursion) and what it spent.
    struct Expander {
        let functions: [String: UserFunction]
        var expanding: [String] = []
        var calls = 0
        var nodes = 0
        /// Per `def`: its body's node count, or nil when a parameter is unused or repeated.
        var sizes: [String: Int?] = [:]

        init(functions: [String: UserFunction]) {
            self.functions = functions
        }

        /// `level` is where the node will stand at least in the expanded tree (1: the root): past
        /// `NestingLimit.levels` the tree is too deep to keep, and the recursion here stops there.
        mutating func expand(_ expr: Expr, level: Int) throws -> Expr {
            guard level <= NestingLimit.levels else { throw LeftAsWritten() }
            var copy = expr
            switch expr.kind {
            case .literal, .column, .parameter, .argument:
                return expr
            case .unary(let op, let operand):
                copy.kind = .unary(op, try expand(operand, level: level + 1))
            case .binary(let op, let lhs, let rhs):
                copy.kind = .binary(op, try expand(lhs, level: level + 1), try expand(rhs, level: level + 1))
            case .chain(let first, let links):
                var expandedLinks: [Expr.Link] = []
                expandedLinks.reserveCapacity(links.count)
                for link in links { expandedLinks.append(Expr.Link(link.op, try expand(link.operand, level: level + 1))) }
                copy.kind = .chain(try expand(first, level: level + 1), expandedLinks)
            case .call(let name, let arguments):
                if let function = functions[name] { return try call(function, arguments, expr, level: level) }
                copy.kind = .call(name, try expandAll(arguments, level: level + 1))
            case .isNull(let operand, let negated):
                copy.kind = .isNull(try expand(operand, level: level + 1), negated: negated)
            case .inList(let operand, let items, let negated):
                copy.kind = .inList(try expand(operand, level: level + 1), try expandAll(items, level: level + 1), negated: negated)
            case .list(let items):
                copy.kind = .list(try expandAll(items, level: level + 1))
            case .record(let fields):
                var expandedFields: [(String, Expr)] = []
                for (name, value) in fields { expandedFields.append((name, try expand(value, level: level + 1))) }
                copy.kind = .record(expandedFields)
            }
            return copy
        }

        mutating func expandAll(_ items: [Expr], level: Int) throws -> [Expr] {
            var expanded: [Expr] = []
            expanded.reserveCapacity(items.count)
            for item in items { expanded.append(try expand(item, level: level)) }
            return expanded
        }

        /// A call of `function`: its arguments expanded where the call stands (the evaluator
        /// evaluates them in the caller's context too), then its body with the parameters
        /// replaced, expanded inside the function. The arguments, already expanded, are not
        /// walked again however often their parameter is used.
        mutating func call(_ function: UserFunction, _ arguments: [Expr], _ expr: Expr, level: Int) throws -> Expr {
            guard arguments.count == function.parameters.count, !expanding.contains(function.name) else { throw LeftAsWritten() }
            calls += 1
            guard calls <= Evaluator.maximumExpansions, let size = bodySize(function) else { throw LeftAsWritten() }
            nodes += size
            guard nodes <= DefExpansion.maximumNodes else { throw LeftAsWritten() }
            // An argument stands at least a level below the call's body, which is below the call.
            let expandedArguments = try expandAll(arguments, level: level + 1)
            let (body, shared) = Evaluator.substitutedBody(function, expandedArguments, callers: expanding)
            expanding.append(function.name)
            defer { expanding.removeLast() }
            let expandedBody = try expand(body, level: level + 1)
            let call = ExpandedCall(function: function, written: expr, arguments: shared)
            return Expr(.argument(FunctionArgument(expanding: call, body: expandedBody)), expr.range)
        }

        /// The body's node count, once per `def`; nil when one of its parameters is not used
        /// (or named twice): such a call is left to the run (see the type's notes).
        mutating func bodySize(_ function: UserFunction) -> Int? {
            if let known = sizes[function.name] { return known }
            var count = 0
            var named: Set<String> = []
            function.body.walk { node in
                count += 1
                if case .column(let name) = node.kind { named.insert(name) }
            }
            let parameters = Set(function.parameters)
            let usable = parameters.count == function.parameters.count && parameters.isSubset(of: named)
            sizes[function.name] = .some(usable ? count : nil)
            return usable ? count : nil
        }
    }
}

extension StageSyntax {
    /// The stage with the `def` calls of the expressions its verb evaluates expanded (its items
    /// when they are expressions, `by` keys, `with` options that are expressions), for the bound
    /// plan. `functions` are the `def`s as they stand at the statement; nothing is expanded when
    /// the environment is `open` (a script run before may have defined any name).
    func expandingDefs(_ functions: [String: UserFunction], for verb: VerbSpec, open: Bool) -> StageSyntax {
        guard !open, !functions.isEmpty else { return self }
        var stage = self
        if verb.items != .columns {
            for index in stage.items.indices { stage.items[index].expandDefs(functions) }
        }
        for clause in stage.clauses.indices {
            for index in stage.clauses[clause].items.indices {
                let item = stage.clauses[clause].items[index]
                switch stage.clauses[clause].keyword {
                case "by":
                    stage.clauses[clause].items[index].expandDefs(functions)
                case "with":
                    if let name = item.name, case .expression? = verb.option(name)?.value {
                        stage.clauses[clause].items[index].expandDefs(functions)
                    }
                default:
                    break
                }
            }
        }
        return stage
    }
}

extension StageItem {
    mutating func expandDefs(_ functions: [String: UserFunction]) {
        if let expanded = DefExpansion.expand(expr, functions: functions) { expr = expanded }
    }
}

extension Expr {
    /// Visits the nodes as they were written: a call the bound plan expanded is visited as the
    /// call (and its arguments), not its body — what `walk` visits in a tree whose calls the
    /// evaluator expands as it goes. A shared argument is visited once.
    func walkAsWritten(_ visit: (Expr) -> Void) {
        var seen: Set<ObjectIdentifier> = []
        walkAsWritten(visit, seen: &seen)
    }

    private func walkAsWritten(_ visit: (Expr) -> Void, seen: inout Set<ObjectIdentifier>) {
        if case .argument(let node) = kind, let call = node.call {
            call.written.walkAsWritten(visit, seen: &seen)
            return
        }
        visit(self)
        switch kind {
        case .literal, .column, .parameter: break
        case .unary(_, let e), .isNull(let e, _): e.walkAsWritten(visit, seen: &seen)
        case .binary(_, let a, let b): a.walkAsWritten(visit, seen: &seen); b.walkAsWritten(visit, seen: &seen)
        case .chain(let first, let links):
            first.walkAsWritten(visit, seen: &seen)
            for link in links { link.operand.walkAsWritten(visit, seen: &seen) }
        case .call(_, let items), .list(let items): for item in items { item.walkAsWritten(visit, seen: &seen) }
        case .inList(let e, let items, _):
            e.walkAsWritten(visit, seen: &seen)
            for item in items { item.walkAsWritten(visit, seen: &seen) }
        case .record(let fields): for field in fields { field.1.walkAsWritten(visit, seen: &seen) }
        case .argument(let argument):
            if seen.insert(ObjectIdentifier(argument)).inserted { argument.expr.walkAsWritten(visit, seen: &seen) }
        }
    }
}
