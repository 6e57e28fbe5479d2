/// Every verb, in the order help lists them.
public enum VerbRegistry {
    public static let all: [VerbSpec] = [
        WhereVerb.spec, SelectVerb.spec, DeriveVerb.spec, EnsureVerb.spec, ExpectVerb.spec, RenameVerb.spec, DropVerb.spec,
        SummarizeVerb.spec, CountVerb.spec, SortVerb.spec, HeadVerb.spec, TailVerb.spec,
        DistinctVerb.spec, JoinVerb.spec, AppendVerb.spec, PivotVerb.spec, UnpivotVerb.spec, SaveVerb.spec,
        RecommendVerb.spec, RegisterVerb.spec, DraftsVerb.spec, ReportVerb.spec, TemplateVerb.spec, BarsVerb.spec, HistogramVerb.spec,
    ]

    static let byName: [String: VerbSpec] = {
        var map: [String: VerbSpec] = [:]
        for verb in all { map[verb.name] = verb }
        map["filter"] = map["where"]
        map["limit"] = map["head"]
        map["mutate"] = map["derive"]
        return map
    }()

    public static func lookup(_ name: String) -> VerbSpec? { byName[name.lowercased()] }
}
