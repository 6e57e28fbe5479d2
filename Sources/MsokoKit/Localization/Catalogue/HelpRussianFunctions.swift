extension MessageCatalogue {
    static let helpRussianFunctions: [String: String] = [:]
}
