extension MessageCatalogue {
    static let helpRussianVerbs: [String: String] = [:]
}
