// The catalogue's part for the SQL compiler (Remote/SQLCompiler.swift and its parts): why a
// stage of a pipeline on a PostgreSQL table runs locally on the server's result.
extension MessageCatalogue {
    static let sqlCompiler: [Message] = [
        Message("sql.not_pushed.error", en: "`{verb}` runs locally: it reports an error here", ru: "`{verb}` выполняется локально: здесь он сообщает об ошибке"),
        Message("sql.not_pushed.name", en: "the column name `{name}` cannot be written in SQL", ru: "имя столбца `{name}` нельзя записать в SQL"),
        Message("sql.not_pushed.pivot", en: "`pivot` runs locally: its columns depend on the data", ru: "`pivot` выполняется локально: его столбцы зависят от данных"),
        Message("sql.not_pushed.verb", en: "`{verb}` has no SQL form", ru: "у `{verb}` нет записи на SQL"),
        Message("sql.not_pushed.types", en: "`{verb}` on these types differs in SQL", ru: "`{verb}` для этих типов в SQL работает иначе"),
        Message("sql.not_pushed.null_column", en: "column `{name}` has no type yet (all null)", ru: "у столбца `{name}` ещё нет типа (все значения пустые)"),
        Message("sql.not_pushed.local_dataset", en: "dataset `{name}` is not on the same server", ru: "набор данных `{name}` не на том же сервере"),
        Message("sql.not_pushed.too_deep", en: "the expression is nested too deeply for SQL", ru: "выражение слишком глубоко вложено для SQL"),
        Message("sql.not_pushed.too_long", en: "the SQL query would be too long", ru: "запрос SQL получился бы слишком длинным"),
        Message("sql.not_pushed.unordered", en: "`{verb}` runs locally: the rows have no order on the server", ru: "`{verb}` выполняется локально: у строк на сервере нет порядка"),
        Message("sql.not_pushed.ensure_adds", en: "`ensure` adds column `{name}` locally", ru: "`ensure` добавляет столбец `{name}` локально"),
        Message("sql.not_pushed.column", en: "column `{name}` is not known here", ru: "столбец `{name}` здесь неизвестен"),
        Message("sql.not_pushed.expression", en: "`{expression}` has no SQL form", ru: "у `{expression}` нет записи на SQL"),
        Message("sql.not_pushed.function", en: "`{name}` would give different results in SQL", ru: "`{name}` в SQL дал бы другие результаты"),
        Message("sql.not_pushed.aggregate", en: "the aggregate `{name}` is computed locally here", ru: "агрегат `{name}` здесь вычисляется локально"),
    ]
}
