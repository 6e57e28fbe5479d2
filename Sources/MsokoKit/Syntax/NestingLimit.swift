/// How deeply an expression may nest: brackets, calls, operators of different precedence,
/// `not` and `-`, and — when it is evaluated — the bodies of the `def`s it calls.
///
/// The parser and the evaluator recurse once per level, so without a limit a generated script
/// (two thousand nested brackets, a `def` wrapped in thirty calls) overflowed the stack and
/// killed the process. 256 levels is far beyond anything written by hand and a small fraction
/// of the stack even in a debug build; flat runs of one operator (`1 + 1 + … + 1`) do not nest
/// and have no limit.
public enum NestingLimit {
    public static let levels = 256

    /// The error for an expression that nests deeper than `levels`, placed at `range`.
    static func exceeded(at range: SourceRange, stage: MsokoError.Stage) -> MsokoError {
        MsokoError(stage, tr("syntax.nested_too_deeply", ["levels": levels]),
                   at: range, hint: tr("syntax.nested_too_deeply.hint"))
    }
}
