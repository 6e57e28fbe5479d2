import Foundation

extension MsokoError {
    /// What went wrong, with what code needs to reason about it. The words come from the
    /// catalogue when the error is read (`text`), in the language of that moment.
    public enum Kind: Sendable, Equatable {
        /// Any other error: its words, already in the person's language.
        case message(String)
        /// A name that is not a column here; `candidates` are the columns that are.
        case unknownColumn(name: String, candidates: [String])
        case unknownFunction(name: String)
        case unknownVerb(name: String)
        case unknownDataset(name: String)
        /// `types` names a column the file at `path` does not have; `columns` are the ones it has.
        case unknownTypedColumn(name: String, path: String, columns: [String])
        /// `with OPTION = …` that `verb` does not declare.
        case unknownOption(verb: String, option: String)
        /// A call of `function` with `got` arguments where it takes `expected` (an upper bound of
        /// 99 or more stands for "any number").
        case arity(function: String, expected: ClosedRange<Int>, got: Int)
        /// A string or a quoted name left open (the line editor waits for more input).
        case unterminated(Unterminated)
        /// No file at `path` (named as the script wrote it once the loader knows it).
        case missingFile(path: String)
        /// Any other reason a file could not be read.
        case file(path: String, problem: FileProblem)
        /// Ctrl-C stopped the work.
        case interrupted(Interruption)
        /// A field of a data file that is not of the type `types` gives its column.
        case dataField(value: String, column: String, field: Int, type: String)
        /// A PostgreSQL server (`server`: host:port/database as libpq resolved them, never a
        /// password) could not be reached, refused us, or refused a statement.
        case remote(server: String, problem: RemoteProblem)
    }

    /// What went wrong with a database server (Remote/PGConnection.swift). `detail` is the
    /// server's or libpq's own words, on one line.
    public enum RemoteProblem: Sendable, Equatable {
        /// The address holds a password; msoko takes it only from PGPASSWORD or ~/.pgpass.
        case passwordInAddress
        /// libpq could not read the address.
        case badAddress(detail: String)
        /// No server answers there (refused, no socket, unknown host, timeout).
        case unreachable(detail: String)
        /// The server asks for a password and none is in PGPASSWORD or ~/.pgpass.
        case noPassword(user: String)
        /// The user name or the password was refused.
        case credentials(user: String, detail: String)
        /// The server has no such database.
        case noDatabase(database: String)
        /// Any other reason the connection failed.
        case cannotConnect(detail: String)
        /// The server refused a statement: its SQLSTATE (42P01 no such table, 42703 no such
        /// column, …) and its message.
        case statement(sqlState: String, detail: String)
        /// A result column of a type msoko has no column type for.
        case unsupportedType(column: String, type: String)
        /// A value msoko cannot hold (an infinite date).
        case badValue(column: String, value: String)
        /// The connection broke while a statement ran; nothing of the result was kept.
        case connectionLost(detail: String)
    }

    /// What was left open.
    public enum Unterminated: Sendable, Equatable {
        /// A string at the end of the input.
        case string
        /// A string at a line break (strings end on their line).
        case stringAtLineEnd
        /// A `` `quoted name` ``.
        case quotedName
    }

    /// Why a file that is there could not be read.
    public enum FileProblem: Sendable, Equatable {
        /// `open` failed with this `errno`.
        case cannotOpen(errno: Int32)
        /// `read` failed with this `errno`.
        case cannotRead(errno: Int32)
        /// A folder where a file of `role` was expected; `dataName` when its name looks like a
        /// data file's (`results.xlsx`), which was surely meant as one.
        case folder(role: FileRole, dataName: Bool)
        /// A pipe, a device, a socket: `words` say which, in the person's language.
        case special(words: String)
        /// 4 GiB or more.
        case tooLarge
        /// A ZIP archive (an .xlsx workbook?) read as CSV.
        case zipArchive
        /// A legacy .xls workbook read as CSV.
        case legacyWorkbook
        /// Shortened or rewritten by another program while it was being read.
        case changedWhileRead
        /// A buffer of the reader could not grow to `bytes` (out of memory).
        case outOfMemory(bytes: Int)
    }

    /// What a file was to be read as.
    public enum FileRole: Sendable, Equatable {
        case dataFile, script, workbook
    }

    /// What Ctrl-C stopped.
    public enum Interruption: Sendable, Equatable {
        /// The script, between statements or stages.
        case run
        /// A load of many files, at this file.
        case loading(file: String)
        /// Reading this file.
        case reading(file: String)
        /// Unpacking this workbook.
        case unpacking(file: String)
        /// A statement running on this database server (it was cancelled there).
        case query(server: String)
    }
}

extension MsokoError.Kind {
    /// The stage an error of this kind belongs to.
    public var stage: MsokoError.Stage {
        switch self {
        case .message: return .runtime
        case .unknownColumn, .unknownFunction, .unknownVerb, .unknownDataset, .unknownTypedColumn: return .name
        case .unknownOption, .unterminated: return .syntax
        case .arity: return .type
        case .missingFile, .file: return .io
        case .interrupted: return .interrupted
        case .dataField: return .data
        case .remote: return .database
        }
    }

    /// The words of the error, in the current language.
    public var text: String {
        switch self {
        case .message(let text):
            return text
        case .unknownColumn(let name, _):
            return tr("eval.unknown_column", ["name": name])
        case .unknownFunction(let name):
            return tr("eval.unknown_function", ["name": name])
        case .unknownVerb(let name):
            return tr("session.unknown_verb", ["verb": name])
        case .unknownDataset(let name):
            return tr("session.unknown_dataset", ["name": name])
        case .unknownTypedColumn(let name, let path, let columns):
            return tr("io.csv.types_names_column_which", ["name": name, "file_name": path, "value": columns.joined(separator: ", ")])
        case .unknownOption(let verb, let option):
            return tr("verbs.unknown_option", ["value": option, "verb": verb])
        case .arity(let function, let expected, let got):
            if expected.lowerBound == expected.upperBound {
                return tr("eval.arity_exact", ["name": function, "arity": expected.lowerBound, "count": got])
            }
            if expected.upperBound >= 99 {
                return tr("eval.arity_at_least", ["name": function, "low": expected.lowerBound, "count": got])
            }
            return tr("eval.arity_range", ["name": function, "low": expected.lowerBound, "high": expected.upperBound, "count": got])
        case .unterminated(.string):
            return tr("lex.unterminated_string")
        case .unterminated(.stringAtLineEnd):
            return tr("lex.unterminated_string_at_line_end")
        case .unterminated(.quotedName):
            return tr("lex.unterminated_quoted_name")
        case .missingFile(let path):
            return tr("io.load.cannot_open", ["shown_path": path, "reason": InputFile.reason(ENOENT)])
        case .file(let path, let problem):
            return problem.text(path)
        case .interrupted(.run):
            return tr("session.stopped_by_interrupt")
        case .interrupted(.loading(let file)):
            return tr("io.many.interrupted", ["file": file])
        case .interrupted(.reading(let file)):
            return tr("io.xlsx.interrupted_reading", ["shown_path": file])
        case .interrupted(.unpacking(let file)):
            return tr("io.xlsx.interrupted_unpacking", ["shown_path": file])
        case .interrupted(.query(let server)):
            return tr("remote.interrupted", ["server": server])
        case .remote(let server, let problem):
            return problem.text(server)
        case .dataField(let value, let column, let field, let type):
            return tr("io.csv.not_of_type", ["value": value, "field": field, "name": column,
                                             "a_type": CSVParse.withArticle(type), "type": type])
        }
    }

    /// The hint that goes with the kind whatever the place (nil for most: the place knows better).
    public var hint: String? {
        switch self {
        case .unterminated(.string), .unterminated(.stringAtLineEnd):
            return tr("lex.unterminated_string.hint")
        case .unterminated(.quotedName):
            return tr("lex.unterminated_quoted_name.hint")
        case .file(let path, .folder(let role, let dataName)):
            let what = role.words
            return role == .script || dataName ? tr("io.load.load_reads_one_file", ["what": what])
                : tr("io.load.give_path_inside_folder", ["what": what, "shown_path": path])
        case .file(_, .special):
            return tr("io.load.copy_data_into_file")
        case .file(_, .tooLarge):
            return tr("io.csv.split_file_keep_only")
        case .file(_, .outOfMemory):
            return tr("io.csv.out_of_memory.hint")
        case .remote(_, let problem):
            return problem.hint
        default:
            return nil
        }
    }
}

extension MsokoError.FileProblem {
    func text(_ path: String) -> String {
        switch self {
        case .cannotOpen(let code):
            return tr("io.load.cannot_open", ["shown_path": path, "reason": InputFile.reason(code)])
        case .cannotRead(let code):
            return tr("io.csv.cannot_read", ["path": path, "value": InputFile.reason(code)])
        case .folder:
            return tr("io.load.folder_file", ["shown_path": path])
        case .special(let words):
            return tr("io.load.regular_file_msoko_reads", ["shown_path": path, "words": words])
        case .tooLarge:
            return tr("io.csv.too_large", ["path": path])
        case .zipArchive:
            return tr("io.csv.zip_archive_xlsx_workbook", ["file_name": path])
        case .legacyWorkbook:
            return tr("io.csv.legacy_excel_xls_workbook", ["file_name": path])
        case .changedWhileRead:
            return tr("io.csv.changed_while_read", ["path": path])
        case .outOfMemory(let bytes):
            return tr("io.csv.out_of_memory", ["path": path, "size": Commands.size(bytes)])
        }
    }
}

extension MsokoError.RemoteProblem {
    func text(_ server: String) -> String {
        switch self {
        case .passwordInAddress:
            return tr("remote.password_in_address", ["server": server])
        case .badAddress(let detail):
            return tr("remote.bad_address", ["server": server, "detail": detail])
        case .unreachable(let detail):
            return tr("remote.unreachable", ["server": server, "detail": detail])
        case .noPassword(let user):
            return tr("remote.no_password", ["server": server, "user": user])
        case .credentials(let user, let detail):
            return tr("remote.credentials", ["server": server, "user": user, "detail": detail])
        case .noDatabase(let database):
            return tr("remote.no_database", ["server": server, "database": database])
        case .cannotConnect(let detail):
            return tr("remote.cannot_connect", ["server": server, "detail": detail])
        case .statement(_, let detail):
            return tr("remote.statement", ["server": server, "detail": detail])
        case .unsupportedType(let column, let type):
            return tr("remote.unsupported_type", ["server": server, "column": column, "type": type])
        case .badValue(let column, let value):
            return tr("remote.bad_value", ["server": server, "column": column, "value": value])
        case .connectionLost(let detail):
            return tr("remote.connection_lost", ["server": server, "detail": detail])
        }
    }

    var hint: String? {
        switch self {
        case .passwordInAddress, .noPassword: return tr("remote.password.hint")
        case .badAddress: return tr("remote.bad_address.hint")
        case .unreachable: return tr("remote.unreachable.hint")
        case .credentials: return tr("remote.credentials.hint")
        case .noDatabase: return tr("remote.no_database.hint")
        case .cannotConnect: return tr("remote.unreachable.hint")
        case .statement(let state, _):
            switch state {
            case "42P01": return tr("remote.no_table.hint")
            case "42703": return tr("remote.no_column.hint")
            case "42501": return tr("remote.no_privilege.hint")
            default: return nil
            }
        case .unsupportedType(let column, _): return tr("remote.unsupported_type.hint", ["column": column])
        case .badValue: return tr("remote.bad_value.hint")
        case .connectionLost: return tr("remote.connection_lost.hint")
        }
    }
}

extension MsokoError.FileRole {
    /// "a data file", "a script", "an .xlsx workbook", in the current language.
    var words: String {
        switch self {
        case .dataFile: return tr("io.input.a_data_file")
        case .script: return tr("io.input.a_script")
        case .workbook: return tr("io.input.a_workbook")
        }
    }
}
