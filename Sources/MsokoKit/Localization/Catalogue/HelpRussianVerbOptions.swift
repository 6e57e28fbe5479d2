// Russian help for the verbs' `with` options (each verb's `options:` in Verbs/*.swift):
// `verb.VERB.option.NAME`, in VerbRegistry's order. The English stays in the verb's spec.
extension MessageCatalogue {
    static let helpRussianVerbOptions: [String: String] = [
        "verb.ensure.option.note": "что означает значение по умолчанию; добавляется к заметке о добавленных столбцах",

        "verb.expect.option.error": "сообщение, с которым выполнение останавливается, если условие не выполнено",
        "verb.expect.option.note": "ограничение, которое записывается (и показывается), если условие не выполнено",

        "verb.join.option.kind": "какие строки оставить (пишется `kind = left` до или после `on`, не после `with`)",

        "verb.unpivot.option.names": "имя столбца, куда попадут прежние имена столбцов (по умолчанию `name`)",
        "verb.unpivot.option.values": "имя столбца, куда попадут их значения (по умолчанию `value`)",
        "verb.unpivot.option.prefix": "развернуть все столбцы, имя которых начинается с этого текста; остаток имени попадает в `names`",
        "verb.unpivot.option.from": "первый столбец разворачиваемого диапазона",
        "verb.unpivot.option.to": "последний столбец этого диапазона",

        "verb.save.option.dialect": "`excel-ru`: UTF-8 с BOM, `;` и десятичная запятая — так, как открывает русский Excel по двойному щелчку; `rfc4180` (по умолчанию): `,` и `.`",
        "verb.save.option.escape_formulas": "`false` записывает текстовые ячейки, начинающиеся с `=`, `+`, `-`, `@`, как есть (по умолчанию `true`: с ведущим `'`)",
        "verb.save.option.format": "формат файла, когда расширение его не называет",
        "verb.save.option.when": "записать, только если это условие по всем строкам выполнено (`count() > 0`)",
        "verb.save.option.split_by": "по файлу на каждое значение этого столбца; путь называет его в фигурных скобках",

        "verb.recommend.option.rules": "файл правил (по умолчанию `Rules/recommendations.tsv`)",

        "verb.register.option.seed": "набор данных, с которого начать, если файла PATH ещё нет (реестр прошлого года)",
        "verb.register.option.dialect": "`excel-ru`: CSV так, как его открывает русский Excel; `rfc4180` (по умолчанию): машинный контракт",
        "verb.register.option.xlsx_copy": "записать рядом с CSV ещё и книгу Excel и читать из неё правки аналитика",

        "verb.drafts.option.templates": "папка шаблонов (по умолчанию `Templates/ru`)",
        "verb.drafts.option.teachers": "имена учителей (teacher_id, teacher_name, school_id) для писем их собственной школе",
        "verb.drafts.option.schools": "названия школ (school_id, school_name)",
        "verb.drafts.option.settings": "настройки писем района (key, value)",
        "verb.drafts.option.heads": "руководители адресатов (addressee_id, head_position, head_name)",
        "verb.drafts.option.lang": "язык писем (по умолчанию — имя папки шаблонов)",
        "verb.drafts.option.formats": "какие файлы записать (по умолчанию все три)",

        "verb.report.option.templates": "папка шаблонов (по умолчанию `Templates/ru`)",
        "verb.report.option.title": "заголовок отчёта",
        "verb.report.option.formats": "какие файлы записать (по умолчанию оба)",

        "verb.template.option.year": "учебный год, данные которого собираются (по умолчанию — последний год `classes` плюс один)",
        "verb.template.option.classes": "классы прошлого года (по умолчанию `classes`)",
        "verb.template.option.teachers": "учителя (по умолчанию `teachers`)",
        "verb.template.option.enrolments": "записи учителей на курсы (teacher_id, course_id, year, status)",
        "verb.template.option.courses": "названия курсов (course_id, title), вместе с `enrolments`",
        "verb.template.option.deadline": "дата, к которой инструкция просит вернуть файл",
        "verb.template.option.contact": "к кому обращаться — для инструкции",
        "verb.template.option.last_grade": "последний класс школы (по умолчанию 11)",

        "verb.bars.option.width": "самая длинная полоса, в знакоместах (1–200; по умолчанию 40)",

        "verb.histogram.option.bins": "число интервалов равной ширины (по умолчанию 10 или по строке на значение для небольших целых чисел)",
        "verb.histogram.option.width": "самая длинная полоса, в знакоместах (1–200; по умолчанию 40)",
    ]
}
