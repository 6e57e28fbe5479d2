extension MessageCatalogue {
    static let helpRussianLoadOptions: [String: String] = [:]
}
