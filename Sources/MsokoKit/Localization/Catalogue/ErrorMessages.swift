// The catalogue's part for typed errors (Source/MsokoError.swift, Source/MsokoErrorKind.swift):
// the label each stage's errors are printed with. Keys: `diag.stage.*`. The runtime stage keeps
// `diag.error` and Ctrl-C keeps `diag.interrupted` (General.swift).
extension MessageCatalogue {
    static let errors: [Message] = [
        Message("diag.stage.syntax", en: "syntax error", ru: "синтаксическая ошибка"),
        Message("diag.stage.name", en: "name error", ru: "ошибка в имени"),
        Message("diag.stage.type", en: "type error", ru: "ошибка типа"),
        Message("diag.stage.data", en: "data error", ru: "ошибка в данных"),
        Message("diag.stage.io", en: "file error", ru: "ошибка файла"),
        Message("diag.stage.database", en: "database error", ru: "ошибка базы данных"),
    ]
}
