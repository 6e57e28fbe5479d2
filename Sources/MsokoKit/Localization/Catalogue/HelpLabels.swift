// The catalogue's part for help and the reference: headings and labels of `help` (Session/Help.swift)
// and of docs/reference.md. Keys: `help.*`, `reference.*`. The texts of the registries themselves
// (what a verb, function, option does) are in HelpRussian*.swift, keyed by registry path.
extension MessageCatalogue {
    static let help: [Message] = [
        // `help` (Session/Help.swift)
        Message("help.overview.title", en: "msoko — a workbench for education-quality data: load results, filter, summarize, save.",
                ru: "msoko — рабочее место для данных об оценке качества образования: загрузить результаты, отобрать, свести, сохранить."),
        Message("help.overview.statements", en: "Statements (one per line; `help NAME` for each):",
                ru: "Инструкции (по одной в строке; `help NAME` — справка по каждой):"),
        Message("help.overview.pipeline", en: "a pipeline; its result is printed unless saved",
                ru: "конвейер; результат выводится, если не сохранён"),
        Message("help.overview.verbs", en: "Verbs (`help where`, …):", ru: "Глаголы (`help where`, …):"),
        Message("help.overview.aggregates", en: "Aggregates: {names}", ru: "Агрегатные функции: {names}"),
        Message("help.overview.functions", en: "Functions: {names}", ru: "Функции: {names}"),
        Message("help.overview.prelude", en: "Indicators (prelude; `help NAME` for one, `prelude` for all): {names}",
                ru: "Показатели (прелюдия; `help NAME` — один, `prelude` — все): {names}"),
        Message("help.overview.commands", en: "Commands:", ru: "Команды:"),
        Message("help.overview.syntax", en: "Expressions: `help syntax`.", ru: "Выражения: `help syntax`."),
        Message("help.examples", en: "Examples:", ru: "Примеры:"),
        Message("help.example", en: "Example:", ru: "Пример:"),
        Message("help.aggregate_tag", en: "(aggregate)", ru: "(агрегатная)"),
        Message("help.load.options", en: "Options (`with NAME = VALUE, …`; what is not given is sniffed):",
                ru: "Параметры (`with NAME = VALUE, …`; что не задано, определяется по файлу):"),
        Message("help.verb.options", en: "Options (`with NAME = VALUE, …`):", ru: "Параметры (`with NAME = VALUE, …`):"),
        Message("reference.verb.options.header", en: "| option | value | does |", ru: "| параметр | значение | что делает |"),
        Message("help.defined_in", en: "defined in {origin}", ru: "определена в {origin}"),
        Message("help.defined_in_prelude", en: "defined in prelude", ru: "определена в прелюдии"),
        Message("help.no_topic", en: "no help on `{topic}`", ru: "справки по `{topic}` нет"),
        Message("help.no_topic.hint", en: "`help` lists the topics", ru: "`help` перечисляет темы справки"),
        // The `kind` column of `functions` (`help functions`)
        Message("help.kind.aggregate", en: "aggregate", ru: "агрегатная"),
        Message("help.kind.scalar", en: "scalar", ru: "скалярная"),
        Message("help.kind.prelude", en: "prelude", ru: "прелюдия"),
        Message("help.kind.defined", en: "defined", ru: "пользовательская"),

        // docs/reference.md and docs/reference.ru.md (Help.referenceMarkdown)
        Message("reference.title", en: "msoko language reference", ru: "Справочник языка msoko"),
        Message("reference.generated", en: """
        *Generated from the verb, function and aggregate registries (`Help.referenceMarkdown`); do not edit by hand —
        run `MSOKO_RECORD=1 swift test --filter Reference` after changing a registry.*
        """, ru: """
        *Создан по реестрам глаголов, функций и агрегатных функций (`Help.referenceMarkdown`); не правьте вручную —
        после изменения реестра выполните `MSOKO_RECORD=1 swift test --filter Reference`.*
        """),
        Message("reference.statements", en: "Statements", ru: "Инструкции"),
        Message("reference.statements.header", en: "| statement | does |", ru: "| инструкция | что делает |"),
        Message("reference.pipeline", en: "a pipeline; its result is printed unless it ends in `save`",
                ru: "конвейер; результат выводится, если конвейер не заканчивается на `save`"),
        Message("reference.load.options", en: """
        Options (`with NAME = VALUE, …`). Everything not given is sniffed: encoding (BOM, valid UTF-8, else Cyrillic
        single-byte), delimiter, header, column types and the decimal comma.
        """, ru: """
        Параметры (`with NAME = VALUE, …`). Всё, что не задано, определяется по файлу: кодировка (BOM, корректный UTF-8,
        иначе однобайтовая кириллица), разделитель, строка заголовка, типы столбцов и десятичная запятая.
        """),
        Message("reference.load.header", en: "| option | value | files | does |", ru: "| параметр | значение | файлы | что делает |"),
        Message("reference.expressions", en: "Expressions", ru: "Выражения"),
        Message("reference.verbs", en: "Verbs", ru: "Глаголы"),
        Message("reference.aggregates", en: "Aggregates", ru: "Агрегатные функции"),
        Message("reference.aggregates.intro", en: "Aggregates skip nulls; an empty group gives null (counts give 0).",
                ru: "Агрегатные функции пропускают пустые значения (null); пустая группа даёт null (подсчёты дают 0)."),
        Message("reference.aggregates.header", en: "| aggregate | does | example |", ru: "| функция | что делает | пример |"),
        Message("reference.functions", en: "Functions", ru: "Функции"),
        Message("reference.functions.intro", en: "A null argument gives null, except in `coalesce`, `concat`, `if`, `nullif`, `greatest`, `least`.",
                ru: "Пустой аргумент (null) даёт null, кроме `coalesce`, `concat`, `if`, `nullif`, `greatest`, `least`."),
        Message("reference.functions.header", en: "| function | does | example |", ru: "| функция | что делает | пример |"),
        Message("reference.prelude", en: "Prelude", ru: "Прелюдия"),
        Message("reference.prelude.intro", en: "Defined in the language and loaded into every session (`prelude` prints it):",
                ru: "Определена на самом языке и загружается в каждый сеанс (`prelude` выводит её):"),
        Message("reference.commands", en: "Session commands", ru: "Команды сеанса"),
        Message("reference.commands.header", en: "| command | does |", ru: "| команда | что делает |"),
    ]
}
