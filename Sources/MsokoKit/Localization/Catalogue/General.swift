// The catalogue's general part: how diagnostics are labelled, the executable's own messages,
// the workbench's greeting. Keys: `diag.*`, `cli.*`, `repl.*`, `run.*`.
extension MessageCatalogue {
    static let general: [Message] = [
        // Diagnostics (Source/DiagnosticRenderer.swift)
        Message("diag.error", en: "error", ru: "ошибка"),
        Message("diag.interrupted", en: "interrupted", ru: "прервано"),
        Message("diag.in_statement", en: "note: in this statement", ru: "примечание: в этой инструкции"),

        // The executable (Sources/msoko)
        Message("cli.abstract", en: "A workbench for municipal education-quality data (ВПР, ОГЭ/ЕГЭ): load, analyse, report.",
                ru: "Рабочее место для данных об оценке качества образования в муниципалитете (ВПР, ОГЭ/ЕГЭ): загрузка, анализ, отчёты."),
        Message("cli.discussion", en: """
        With no arguments in a terminal, msoko opens the interactive workbench. Otherwise it reads \
        statements from stdin. `msoko run FILE` runs a saved script; `msoko -c '…'` runs statements \
        given inline. Exit status: 0 success, 1 an error in a script or its data, 2 wrong usage. \
        Messages are in Russian when the locale is Russian (LANG=ru_RU.UTF-8) or with --lang ru.

        Spreadsheet safety: in CSV and TSV that may be opened in Excel, text cells that begin with \
        =, +, -, @, tab or CR get a leading ' (numbers such as -1,5 or -1 234 and phone numbers \
        such as +7 999 123-45-67 are left alone): files written by `save`, and stdout when it is \
        redirected to a file (`--format csv > out.csv`). A terminal or a pipe gets the values raw; \
        `--escape-formulas always|never` decides otherwise.
        """, ru: """
        Без аргументов в терминале msoko открывает рабочее место (диалог). Иначе читает инструкции \
        из стандартного ввода. `msoko run ФАЙЛ` выполняет сохранённый сценарий; `msoko -c '…'` — \
        инструкции из командной строки. Код завершения: 0 — успех, 1 — ошибка в сценарии или данных, \
        2 — неверный вызов. Сообщения выводятся по-русски, если язык системы русский \
        (LANG=ru_RU.UTF-8) или задан --lang ru.

        Защита таблиц: в CSV и TSV, которые могут открыть в Excel, текстовые ячейки, начинающиеся \
        с =, +, -, @, табуляции или CR, получают ведущий ' (числа вида -1,5 или -1 234 и телефоны \
        вида +7 999 123-45-67 не меняются): в файлах, записанных `save`, и в стандартном выводе, \
        перенаправленном в файл (`--format csv > out.csv`). Терминал и канал получают значения как \
        есть; иначе решает `--escape-formulas always|never`.
        """),
        Message("cli.option.command", en: "Statements to run (`;` or newlines separate them).",
                ru: "Инструкции для выполнения (разделяются `;` или переводом строки)."),
        Message("cli.option.init", en: "A script to run before the session starts.", ru: "Сценарий, выполняемый перед началом сеанса."),
        Message("cli.option.format", en: "How printed tables look: table, csv, tsv, json, jsonl, markdown.",
                ru: "Вид выводимых таблиц: table, csv, tsv, json, jsonl, markdown."),
        Message("cli.option.param", en: "Set a script parameter (repeatable).", ru: "Задать параметр сценария (можно повторять)."),
        Message("cli.option.escape_formulas",
                en: "When CSV/TSV text printed to stdout that a spreadsheet would run as a formula gets a leading ': auto (when stdout is redirected to a file), always, never.",
                ru: "Когда текст CSV/TSV в стандартном выводе, который таблица выполнила бы как формулу, получает ведущий ': auto (когда вывод перенаправлен в файл), always, never."),
        Message("cli.option.lang", en: "The language of messages and help: ru or en (default: from LANG).",
                ru: "Язык сообщений и справки: ru или en (по умолчанию — по LANG)."),
        Message("cli.run.abstract", en: "Run saved scripts unattended.", ru: "Выполнить сохранённые сценарии без участия пользователя."),
        Message("cli.run.files", en: "Script files (*.msoko), run in order in one session.",
                ru: "Файлы сценариев (*.msoko), выполняются по порядку в одном сеансе."),
        Message("cli.run.no_files", en: "give at least one script file", ru: "укажите хотя бы один файл сценария"),
        Message("cli.unknown_escape", en: "unknown --escape-formulas '{value}'; choose: {choices}",
                ru: "неизвестное значение --escape-formulas '{value}'; возможны: {choices}"),
        Message("cli.unknown_format", en: "unknown format '{value}'; formats: {choices}",
                ru: "неизвестный формат '{value}'; форматы: {choices}"),
        Message("cli.unknown_lang", en: "unknown --lang '{value}'; languages: ru, en",
                ru: "неизвестный язык --lang '{value}'; языки: ru, en"),
        Message("cli.param_syntax", en: "--param expects NAME=VALUE, got '{value}'",
                ru: "--param ожидает ИМЯ=ЗНАЧЕНИЕ, получено '{value}'"),
        Message("cli.no_script", en: "msoko: cannot open script '{file}': no such file",
                ru: "msoko: не удаётся открыть сценарий '{file}': файла нет"),
        Message("cli.script_not_utf8", en: "msoko: script '{file}' is not UTF-8 text",
                ru: "msoko: сценарий '{file}' — не текст в UTF-8"),
        Message("cli.no_init", en: "msoko: cannot open init script '{file}'",
                ru: "msoko: не удаётся открыть начальный сценарий '{file}'"),
        Message("cli.undeclared_param", en: "msoko: --param {name}: no script of this run declares a parameter `{name}`",
                ru: "msoko: --param {name}: ни один сценарий этого запуска не объявляет параметр `{name}`"),
        Message("cli.undeclared_param.suggest", en: "; did you mean `{name}`?", ru: "; возможно, имелся в виду `{name}`?"),
        Message("cli.undeclared_param.none", en: " (the run declares no parameters)", ru: " (сценарии запуска не объявляют параметров)"),
        Message("cli.undeclared_param.known", en: " (declared: {names})", ru: " (объявлены: {names})"),
        Message("cli.nothing_written", en: "msoko: nothing was written", ru: "msoko: ничего не записано"),
        // ArgumentParser's own words (Sources/msoko/ParserWords.swift)
        Message("cli.parser.overview", en: "OVERVIEW:", ru: "ОПИСАНИЕ:"),
        Message("cli.parser.usage", en: "USAGE:", ru: "ВЫЗОВ:"),
        Message("cli.parser.arguments", en: "ARGUMENTS:", ru: "АРГУМЕНТЫ:"),
        Message("cli.parser.options", en: "OPTIONS:", ru: "ПАРАМЕТРЫ:"),
        Message("cli.parser.subcommands", en: "SUBCOMMANDS:", ru: "ПОДКОМАНДЫ:"),
        Message("cli.parser.show_help", en: "Show help information.", ru: "Показать справку."),
        Message("cli.parser.show_version", en: "Show the version.", ru: "Показать версию."),
        Message("cli.parser.see_subcommand_help", en: "See 'msoko help <subcommand>' for detailed help.",
                ru: "Подробная справка: 'msoko help <подкоманда>'."),
        Message("cli.parser.error", en: "Error: ", ru: "Ошибка: "),
        Message("cli.parser.usage_line", en: "Usage: ", ru: "Вызов: "),
        Message("cli.parser.help_line", en: "Help: ", ru: "Справка: "),
        Message("cli.parser.unknown_option", en: "Unknown option", ru: "Неизвестный параметр"),
        Message("cli.parser.missing_argument", en: "Missing expected argument", ru: "Не хватает аргумента"),
        Message("cli.parser.missing_value", en: "Missing value for", ru: "Нет значения для"),
        Message("cli.parser.see_more", en: "See '{command}' for more information.", ru: "Подробнее: '{command}'."),
        Message("cli.parser.default", en: "(default:", ru: "(по умолчанию:"),
        Message("run.limitations", en: "Limitations of this run:", ru: "Ограничения анализа:"),

        // The workbench (Sources/msoko/REPL)
        Message("repl.greeting", en: "msoko {version} — {loaded}. `help` lists the verbs, `help VERB` explains one; Ctrl-D quits.",
                ru: "msoko {version} — {loaded}. `help` — список глаголов, `help ГЛАГОЛ` — справка по одному; Ctrl-D — выход."),
        Message("repl.loaded", en: "loaded {count} {count#dataset|datasets}: {names}",
                ru: "загружено {count} {count#набор|набора|наборов} данных: {names}"),
        Message("repl.nothing_loaded", en: "no data loaded (`load \"FILE\"` or `run \"Datasets/district.msoko\"`)",
                ru: "данные не загружены (`load \"ФАЙЛ\"` или `run \"Datasets/district.msoko\"`)"),
        Message("repl.more", en: "and {count} more", ru: "и ещё {count}"),
        Message("repl.no_startup_script", en: "msoko: cannot open the start-up script '{file}'", ru: "msoko: не удаётся открыть начальный сценарий '{file}'"),
        Message("repl.no_line_editing", en: "msoko: line editing is not available on this terminal; reading plain lines",
                ru: "msoko: редактирование строки в этом терминале недоступно; строки читаются как есть"),
        Message("repl.time", en: "time: {seconds} s", ru: "время: {seconds} с"),
        Message("repl.format_is", en: "format: {format} (one of {choices})", ru: "формат: {format} (возможны: {choices})"),
        Message("repl.timer_on", en: "timer is on", ru: "таймер включён"),
        Message("repl.timer_off", en: "timer is off", ru: "таймер выключен"),
        Message("repl.timer_usage", en: "`timer` takes on or off", ru: "`timer` принимает on или off"),
        Message("repl.history_usage", en: "`history` takes a number of entries", ru: "`history` принимает число записей"),
        Message("repl.nothing_printed", en: "msoko: no table has been printed yet", ru: "msoko: ни одна таблица ещё не выведена"),
        Message("repl.rows_cut", en: "{count} rows; `all` shows every one", ru: "{count} {count#строка|строки|строк}; `all` покажет все"),
        Message("repl.history_folder", en: "msoko: the history file {path} is a folder; history will not be saved (set MSOKO_HISTORY to another path)",
                ru: "msoko: файл истории {path} — это папка; история не будет сохраняться (укажите другой путь в MSOKO_HISTORY)"),
        Message("repl.history_unreadable", en: "msoko: cannot read the history file {path} ({reason}); starting a new one",
                ru: "msoko: не удаётся прочитать файл истории {path} ({reason}); начат новый"),
        Message("repl.history_no_header", en: "it does not start with libedit's history header", ru: "он не начинается с заголовка истории libedit"),
        Message("repl.history_not_utf8", en: "it is not UTF-8 text", ru: "это не текст в UTF-8"),
        Message("repl.history_libedit", en: "libedit could not read it", ru: "libedit не смогла его прочитать"),
        Message("repl.history_damaged_kept", en: "msoko: the history file {path} is damaged ({problem}); it was kept as {aside} and a new one started",
                ru: "msoko: файл истории {path} повреждён ({problem}); он сохранён как {aside}, начат новый"),
        Message("repl.history_damaged", en: "msoko: the history file {path} is damaged ({problem}); starting a new one",
                ru: "msoko: файл истории {path} повреждён ({problem}); начат новый"),
        Message("repl.history_unwritable", en: "msoko: cannot write the history file {path} ({reason}); history will not be saved in this session",
                ru: "msoko: не удаётся записать файл истории {path} ({reason}); в этом сеансе история не сохраняется"),
        Message("repl.help_section", en: """
        In the workbench:
          format F        how results print: table, csv, tsv, json, jsonl, markdown (`format` shows it)
          timer on|off    print each statement's run time (on stderr)
          history [N]     the last N entries (default 30); Up/Down recall them, Ctrl-R searches
          all             the last printed table in full (through `less` on a terminal)
          clear           clear the screen
          exit, quit      leave (or Ctrl-D on an empty line)
          Tab completes verbs, datasets, columns, functions, values (`subject == ⇥`) and file paths;
          an unfinished statement (open bracket or quote, a line ending in `|` or `,`) continues on
          the next line; a line starting with `|` extends the previous pipeline; Ctrl-C abandons the
          line or stops a running statement. History: ~/.msoko_history (MSOKO_HISTORY); start-up
          script: ~/.msokorc (MSOKO_RC), then `msoko --init FILE`.
        """, ru: """
        В рабочем месте:
          format F        вид результатов: table, csv, tsv, json, jsonl, markdown (`format` — текущий)
          timer on|off    печатать время выполнения каждой инструкции (в stderr)
          history [N]     последние N записей (по умолчанию 30); стрелки вверх/вниз, Ctrl-R — поиск
          all             последняя выведенная таблица целиком (через `less` в терминале)
          clear           очистить экран
          exit, quit      выход (или Ctrl-D на пустой строке)
          Tab дополняет глаголы, наборы данных, столбцы, функции, значения (`subject == ⇥`) и пути
          к файлам; незаконченная инструкция (открытая скобка или кавычка, строка, оканчивающаяся
          на `|` или `,`) продолжается на следующей строке; строка, начинающаяся с `|`, продолжает
          предыдущий конвейер; Ctrl-C отменяет строку или останавливает выполнение. История:
          ~/.msoko_history (MSOKO_HISTORY); начальный сценарий: ~/.msokorc (MSOKO_RC), затем
          `msoko --init ФАЙЛ`.
        """),
        Message("signal.interrupt", en: "msoko: stopped by Ctrl-C; files of the run not yet in place were removed",
                ru: "msoko: остановлено по Ctrl-C; файлы запуска, ещё не перенесённые на место, удалены"),
        Message("signal.terminate", en: "msoko: stopped by SIGTERM; files of the run not yet in place were removed",
                ru: "msoko: остановлено сигналом SIGTERM; файлы запуска, ещё не перенесённые на место, удалены"),
        Message("signal.hangup", en: "msoko: stopped by a hang-up; files of the run not yet in place were removed",
                ru: "msoko: остановлено: терминал закрыт (SIGHUP); файлы запуска, ещё не перенесённые на место, удалены"),
    ]
}
