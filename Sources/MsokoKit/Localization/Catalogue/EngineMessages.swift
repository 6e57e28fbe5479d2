// The catalogue's part for the engine's own reports (storage figures, Engine/ and `describe`).
extension MessageCatalogue {
    static let engine: [Message] = [
        Message("describe.memory", en: "{name}: {rows} {rows#row|rows}, {columns} {columns#column|columns}, {size} in memory",
                ru: "{name}: {rows} {rows#строка|строки|строк}, {columns} {columns#столбец|столбца|столбцов}, в памяти {size}"),
        Message("size.bytes", en: "{value} B", ru: "{value} Б"),
        Message("size.kilobytes", en: "{value} KB", ru: "{value} КБ"),
        Message("size.megabytes", en: "{value} MB", ru: "{value} МБ"),
        Message("size.gigabytes", en: "{value} GB", ru: "{value} ГБ"),
    ]
}
