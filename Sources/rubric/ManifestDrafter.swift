import EvidenceFormats
import Foundation
import Scheme

/// Drafts an evidence bundle's manifest from a folder of files, for the auditor to
/// confirm: each file's document type guessed from its name, title and headings
/// against the rubric's document vocabulary (labels and `document_keywords`), its
/// date from the text (编制日期, 落款日期, 签署日期), projects from contracts' titles
/// and folder names, and spreadsheets as record tables matched by column alias.
/// Every guess is marked to be confirmed; every file it could not place is listed.
struct ManifestDrafter {
    /// One file's guess.
    struct DocumentGuess {
        var path: String
        var title: String
        var type: DocumentType
        /// The word that decided the type.
        var keyword: String
        var date: String?
        var project: String?
    }

    /// One spreadsheet matched to a record table.
    struct TableGuess {
        var path: String
        var table: RecordTableDeclaration
        /// How many of the table's columns the header names (by name or alias).
        var matched: Int
        var sheet: String?
    }

    let rubric: Rubric
    let folder: URL

    var documents: [DocumentGuess] = []
    var tables: [TableGuess] = []
    /// Files that are neither a known document type nor a known record table.
    var unplaced: [String] = []
    /// Project names found in contracts' titles and folder names, in order.
    var projects: [String] = []

    init(rubric: Rubric, folder: URL) {
        self.rubric = rubric
        self.folder = folder
    }

    /// Walks the folder and guesses every file (the manifest and hidden files aside).
    mutating func draft() {
        let files = Self.files(under: folder)
        for path in files {
            let url = folder.appendingPathComponent(path)
            let ext = (path as NSString).pathExtension.lowercased()
            let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            if ext == "csv" || ext == "xlsx", let guess = tableGuess(path: path, url: url, ext: ext) {
                tables.append(guess)
                continue
            }
            let content = Self.content(of: url, ext: ext)
            let title = Self.title(fileName: name)
            // A trailing qualifier in brackets (（修订版）, （岗位职责传达）) does not name the kind.
            var candidates = [Self.withoutTrailingQualifier(title), title]
            if let content {
                candidates += content.headings.prefix(3).map(\.text)
                candidates += content.paragraphs.prefix(2)
            }
            guard let (type, keyword) = guessType(candidates) else {
                unplaced.append(path)
                continue
            }
            let text = content?.text ?? ""
            let project = projectName(in: title, folder: (path as NSString).deletingLastPathComponent, type: type)
            if let project, !projects.contains(project) { projects.append(project) }
            documents.append(
                DocumentGuess(
                    path: path, title: title, type: type, keyword: keyword, date: Self.date(in: text), project: project)
            )
        }
    }

    // MARK: Document types

    /// The type whose label or keyword occurs in the first candidate text that has one:
    /// the word that ends last (Chinese titles end with the kind of document:
    /// 某项目 系统测试报告), then the longest, then the earlier type.
    func guessType(_ candidates: [String]) -> (DocumentType, String)? {
        for text in candidates where !text.isEmpty {
            var best: (type: DocumentType, word: String, end: Int, length: Int)?
            for type in rubric.documentTypes {
                for word in [type.label.zh] + type.keywords where !word.isEmpty {
                    guard let range = text.range(of: word, options: .backwards) else { continue }
                    let end = text.distance(from: text.startIndex, to: range.upperBound)
                    let length = word.count
                    if let current = best, (current.end, current.length) >= (end, length) { continue }
                    best = (type, word, end, length)
                }
            }
            if let best { return (best.type, best.word) }
        }
        return nil
    }

    /// The title without a trailing part in brackets: `部门例会纪要（岗位职责传达）` is 部门例会纪要.
    static func withoutTrailingQualifier(_ title: String) -> String {
        let pattern = #"\s*[（(][^（()）]*[）)]\s*$"#
        guard let range = title.range(of: pattern, options: .regularExpression), range.lowerBound > title.startIndex
        else { return title }
        return String(title[..<range.lowerBound])
    }

    /// A file name without a leading document number (`A01-`, `03_`).
    static func title(fileName: String) -> String {
        let pattern = #"^[A-Za-z]{0,3}\d{1,4}[-_ .、]+"#
        guard let range = fileName.range(of: pattern, options: .regularExpression), range.upperBound < fileName.endIndex
        else { return fileName }
        return String(fileName[range.upperBound...])
    }

    /// The project a title or its folder names: the text before the document's own kind
    /// when it ends in 项目 (某区医保结算系统集成项目 合同), else a folder named like a project.
    func projectName(in title: String, folder: String, type: DocumentType) -> String? {
        if let range = title.range(of: "项目", options: .backwards) {
            let name = String(title[..<range.upperBound]).trimmingCharacters(in: .whitespaces)
            if name.count > 4, !name.hasPrefix("信息系统集成项目") { return name }
        }
        for component in folder.split(separator: "/").reversed() where component.hasSuffix("项目") {
            return String(component)
        }
        return nil
    }

    /// The date after 编制日期, 落款日期, 签署日期 (or 日期) in a document's text, as YYYY-MM-DD.
    static func date(in text: String) -> String? {
        let pattern = #"(编制日期|落款日期|签署日期|签发日期|日期)[：:\s]*(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})"#
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return nil }
        let range = NSRange(text.startIndex..., in: text)
        let matches = regex.matches(in: text, range: range)
        // Prefer the named dates to a bare 日期.
        let ordered = matches.sorted { a, b in
            let la = (text as NSString).substring(with: a.range(at: 1)) == "日期" ? 1 : 0
            let lb = (text as NSString).substring(with: b.range(at: 1)) == "日期" ? 1 : 0
            return la < lb
        }
        for match in ordered {
            let ns = text as NSString
            guard let year = Int(ns.substring(with: match.range(at: 2))),
                let month = Int(ns.substring(with: match.range(at: 3))),
                let day = Int(ns.substring(with: match.range(at: 4))), (1...12).contains(month), (1...31).contains(day)
            else { continue }
            return String(format: "%04d-%02d-%02d", year, month, day)
        }
        return nil
    }

    // MARK: Record tables

    /// The rubric table whose columns the spreadsheet's header names most (by name or
    /// alias), when it names at least two of them or every required one.
    func tableGuess(path: String, url: URL, ext: String) -> TableGuess? {
        var headers: [(sheet: String?, names: [String])] = []
        if ext == "csv" {
            guard let bytes = try? Array(Data(contentsOf: url)),
                case .success(let decoded) = TextDecoder.decode(bytes, declared: nil)
            else { return nil }
            let text = String(decoding: decoded.utf8, as: UTF8.self)
            let firstLine = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            headers.append((nil, firstLine.split(separator: ",").map { Self.clean(String($0)) }))
        } else {
            guard let data = try? Data(contentsOf: url), let book = try? XLSXWorkbook(data: data) else { return nil }
            for sheet in book.sheets {
                guard let first = try? book.rows(of: sheet).rows.first else { continue }
                headers.append(
                    (sheet.name, first.cells.map { $0.value.displayText(date1904: book.date1904).trimmingWhitespace() })
                )
            }
        }
        var best: TableGuess?
        for (sheet, names) in headers {
            let present = Set(names)
            for table in rubric.recordTables {
                let matched = table.columns.filter { column in
                    ([column.name] + column.aliases).contains { present.contains($0) }
                }
                let requiredMissing = table.columns.contains { column in
                    column.required && !([column.name] + column.aliases).contains { present.contains($0) }
                }
                guard matched.count >= 2 || (!requiredMissing && !matched.isEmpty) else { continue }
                // Fewer unmatched header cells break ties between tables with the same columns.
                if let current = best, current.matched >= matched.count { continue }
                best = TableGuess(
                    path: path, table: table, matched: matched.count, sheet: sheet == headers.first?.sheet ? nil : sheet
                )
            }
        }
        return best
    }

    static func clean(_ cell: String) -> String {
        var text = cell.trimmingWhitespace()
        if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 { text = String(text.dropFirst().dropLast()) }
        return text
    }

    // MARK: Files

    static func files(under folder: URL) -> [String] {
        guard
            let enumerator = FileManager.default.enumerator(
                at: folder, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
        else { return [] }
        let base = folder.standardizedFileURL.path
        var paths: [String] = []
        for case let url as URL in enumerator {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            var path = url.standardizedFileURL.path
            if path.hasPrefix(base + "/") { path.removeFirst(base.count + 1) }
            if path == "bundle.yaml" || path.hasPrefix("bundle.yaml.") { continue }
            paths.append(path)
        }
        return paths.sorted()
    }

    /// The text of a file the program reads, or nil.
    static func content(of url: URL, ext: String) -> DocumentContent? {
        switch ext {
        case "md", "markdown", "txt":
            guard let bytes = try? Array(Data(contentsOf: url)),
                case .success(let decoded) = TextDecoder.decode(bytes, declared: nil)
            else { return nil }
            let text = String(decoding: decoded.utf8, as: UTF8.self)
            return ext == "txt" ? MarkdownExtractor.extract(plainText: text) : MarkdownExtractor.extract(markdown: text)
        case "docx": return try? DocxExtractor.extract(fileAt: url)
        case "xlsx": return try? XLSXWorkbook.extract(data: Data(contentsOf: url))
        case "pdf":
            guard let tool = PDFExtractor.findTool() else { return nil }
            return try? PDFExtractor.extract(fileAt: url, tool: tool, timeout: 30, maximumTextBytes: 8 << 20)
        default: return nil
        }
    }
}
