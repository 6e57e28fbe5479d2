// The catalogue's part for the bind stage (Plan/Binder.swift) and the one checker of option values
// (Plan/VerbSpec.swift, `VerbOptions.value`; Plan/StageArguments.swift).
extension MessageCatalogue {
    static let bind: [Message] = [
        Message("verbs.option_true_false", en: "`{name}` is true or false", ru: "`{name}` — true или false"),
        Message("verbs.option_whole_number", en: "`{name}` is a whole number", ru: "`{name}` — целое число"),
        Message("verbs.option_word_not_allowed", en: "unknown `{value}` in `{name}` for `{verb}`",
                ru: "`{verb}`: недопустимое значение `{value}` в `{name}`"),
        // Plan/VerbSpec.swift: a record handed to another verb's body (no script can cause it).
        Message("plan.arguments_of_another_verb", en: "`{verb}` was given another verb's arguments (an internal error)",
                ru: "`{verb}` получил аргументы другой команды (внутренняя ошибка)"),
    ]
}
