/// The prelude: education indicators written in the language itself, loaded into every session.
/// `prelude` prints it; `help functions` lists what it defines. An analyst can read and copy
/// these definitions into a script to change them.
enum Prelude {
    static let source = """
    # Education indicators (formulas of DOMAIN.md). `m` is a mark column (2–5); null marks
    # (absent pupils) are skipped, as aggregates skip nulls.

    # качество знаний: share of marks 4 and 5, percent
    def quality(m) = pct(m >= 4)
    # успеваемость: share of marks 3, 4 and 5, percent
    def pass_rate(m) = pct(m >= 3)
    # share of a given mark, percent
    def mark_pct(m, k) = pct(m == k)
    # средний балл
    def mean_mark(m) = mean(m)
    """
}
