// The catalogue's part for the register of recommendations (Verbs/Register.swift).
extension MessageCatalogue {
    static let register: [Message] = [
        Message("register.needs_path", en: "`register` takes the register's file path", ru: "`register` принимает путь к файлу реестра"),
        Message("register.needs_path.hint", en: "for example `| register $out + \"/recommendations.csv\"`",
                ru: "например, `| register $out + \"/recommendations.csv\"`"),
        Message("register.missing_column", en: "the input has no column `{name}`: `register` takes the output of `recommend`",
                ru: "во входной таблице нет столбца `{name}`: `register` принимает результат `recommend`"),
        Message("register.read_edited_copy", en: "register: {copy} is newer than {path} (edited by hand): the register is read from it",
                ru: "реестр: {copy} новее, чем {path} (изменён вручную): реестр прочитан из него"),
        Message("register.wrote", en: "wrote {path} ({rows} {rows#row|rows}: {kept} kept, {added} new)",
                ru: "записано: {path} ({rows} {rows#строка|строки|строк}: сохранено {kept}, новых {added})"),
        Message("register.unknown_statuses", en: "register: statuses other than issued, in_progress, done, not_done kept as written: {list}",
                ru: "реестр: статусы, отличные от issued, in_progress, done, not_done, сохранены как записаны: {list}"),
    ]
}
