// The catalogue's part for documents: drafts, the report, the register, Reports/**.
extension MessageCatalogue {
    static let reports: [Message] = [
    ]
}
