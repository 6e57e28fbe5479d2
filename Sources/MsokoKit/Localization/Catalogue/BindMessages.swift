// The catalogue's part for the bind stage (Plan/Binder.swift) and the one checker of option values
// (Plan/VerbSpec.swift, `VerbOptions.value`).
extension MessageCatalogue {
    static let bind: [Message] = [
        Message("verbs.option_true_false", en: "`{name}` is true or false", ru: "`{name}` — true или false"),
    ]
}
