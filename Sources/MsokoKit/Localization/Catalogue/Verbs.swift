// The catalogue's part for the verbs: Verbs/**.
extension MessageCatalogue {
    static let verbs: [Message] = [
    ]
}
