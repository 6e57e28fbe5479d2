// The catalogue's part for reading and writing files: IO/**.
extension MessageCatalogue {
    static let io: [Message] = [
    ]
}
