import Foundation

/// `recommend [with rules = "Rules/recommendations.tsv"]` — findings → recommendation records.
enum RecommendVerb {
    static let defaultRules = "Rules/recommendations.tsv"

    static let spec = VerbSpec(
        name: "recommend",
        syntax: "recommend [with rules = \"Rules/recommendations.tsv\"]",
        summary: "turn findings into addressed recommendation records (the register's columns) by the rules file",
        details: "The input is findings (the columns of findings.csv, plus any context columns the script joined: course, names of associations, labels). Each rule of the tab-separated rules file names a finding `kind` and `scope` (`*` for any, `a|b` for either), an optional condition `when` written in the language, and the record: addressee, action_type, problem, causes, action, responsible, due (`MM-DD` of the school year starting in September of the finding's year), monitoring indicator, baseline and target (expressions; baseline defaults to `value`). Text fields are templates: `{column}` takes that column of the finding. rec_id = `R<year>-` + 8 hex digits of a hash of finding_id, action_type and addressee: the same data gives the same ids. Causes always end with «(требует проверки)». The rules file is looked for in the working folder, then in the folders above it. See docs/recommendations.md.",
        examples: [
            "vpr | where status == \"present\" | summarize value = round(mark_pct(mark, 2), 1), n = count() by year, school_id | derive finding_id = \"F\" + text(year) + \"-low_results-\" + school_id, kind = \"low_results\", scope = \"school\", indicator = \"mark2_pct\", reference = 10 | recommend",
        ],
        clauses: ["with"],
        options: [VerbOption("rules", .text, "the rules file (default `Rules/recommendations.tsv`)")],
        arguments: Arguments.self
    ) { arguments, table, session in
        let path = try arguments.rules?.text(session) ?? defaultRules
        guard let found = session.findShipped(path), let text = try? String(contentsOfFile: found, encoding: .utf8) else {
            throw MsokoError(.io, tr("verbs.cannot_open_rules_file", ["path": path]), at: arguments.range,
                             hint: tr("verbs.repository_ships_run_from", ["default_rules": defaultRules]))
        }
        let rules = try RecommendationRules.parse(text, file: path)
        return try RecommendationRules.apply(rules, to: table, session: session, rulesFile: path)
    }

    struct Arguments: StageArguments {
        /// The rules file (nil: `defaultRules`).
        let rules: OptionArgument?
        let range: SourceRange

        init(_ syntax: ArgumentSyntax) throws {
            try VerbArguments.noItems(syntax.stage)
            rules = syntax.option("rules")
            range = syntax.range
        }
    }
}
