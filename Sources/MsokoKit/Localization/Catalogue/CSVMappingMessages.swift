// The catalogue's part for a mapped CSV file that another program shortens while it is read
// (IO/CSV/CSVMappingGuard.swift).
extension MessageCatalogue {
    static let csvMapping: [Message] = [
        Message("io.csv.changed_while_read",
                en: "`{path}` changed while it was being read (it is shorter now); load it again once the program writing it has finished",
                ru: "`{path}` изменился, пока его читали (теперь он короче); загрузите его снова, когда программа, которая его записывает, закончит"),
    ]
}
