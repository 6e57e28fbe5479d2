/// A script after the bind stage: each statement with its pipeline's verbs resolved.
///
/// The binder (`Binder.swift`) has checked every stage's verb, clauses, option names and
/// constant option values, read its arguments into its verb's record, checked the functions it
/// calls and their arity, and — where the input's columns were known — its names and types, for
/// the whole script before any statement runs. Execution (`Session.execute`) runs these: each
/// verb receives its record, not its syntax.
public struct BoundPlan: Sendable {
    public var statements: [BoundStatement]
}

public struct BoundStatement: Sendable {
    public var statement: Statement
    /// For `name = pipeline` and a bare pipeline: the pipeline with its verbs resolved.
    public var pipeline: BoundPipeline?
}

/// `source | stage | …` with each stage's verb looked up once.
public struct BoundPipeline: Sendable {
    public var syntax: Pipeline
    public var stages: [BoundStage]

    public var source: String { syntax.source }
    public var sourceRange: SourceRange { syntax.sourceRange }
}

public struct BoundStage: Sendable {
    public var syntax: StageSyntax
    public var verb: VerbSpec
    /// The stage's arguments as the verb's own record (`WhereVerb.Arguments`, …): what the verb
    /// runs with, and what a reader of the plan asks for by the verb's type.
    public var arguments: any StageArguments
}
