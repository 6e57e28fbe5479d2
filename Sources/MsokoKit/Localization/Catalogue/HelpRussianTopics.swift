extension MessageCatalogue {
    static let helpRussianTopics: [String: String] = [:]
}
