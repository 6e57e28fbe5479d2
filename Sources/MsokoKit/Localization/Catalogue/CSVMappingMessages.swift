// The catalogue's part for a mapped CSV file that another program shortens or rewrites while it
// is read (IO/CSV/CSVMappingGuard.swift, CSVFileIdentity), and for a load that runs out of
// memory (IO/CSV/CSVColumnAccumulator.swift, CSVGrowable).
extension MessageCatalogue {
    static let csvMapping: [Message] = [
        Message("io.csv.changed_while_read",
                en: "`{path}` changed while it was being read (another program shortened or rewrote it); load it again once the program writing it has finished",
                ru: "`{path}` изменился, пока его читали (другая программа укоротила или перезаписала его); загрузите его снова, когда программа, которая его записывает, закончит"),
        Message("io.csv.out_of_memory",
                en: "not enough memory to load `{path}`: {size} needed",
                ru: "не хватило памяти, чтобы загрузить `{path}`: нужно {size}"),
        Message("io.csv.out_of_memory.hint",
                en: "close other programs, or split the file, or keep only the columns and rows you need",
                ru: "закройте другие программы, или разделите файл, или оставьте только нужные столбцы и строки"),
    ]
}
