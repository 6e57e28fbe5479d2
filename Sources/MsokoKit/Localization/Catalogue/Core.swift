// The catalogue's part for the language and the engine: Lexer, Parser, Syntax, Plan, Engine, Functions, Stats, Session, Completion, Render, and the executable's workbench.
extension MessageCatalogue {
    static let core: [Message] = [
    ]
}
