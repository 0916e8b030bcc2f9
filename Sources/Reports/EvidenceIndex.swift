import Evidence

/// Every document and record table of the evidence bundle, in manifest order,
/// with its title, file and SHA-256: the deliverable's evidence index, and how
/// a finding cites its evidence (`2025年度管理评审报告 (docs/A02.docx)`,
/// `工单台账 (records/tickets.csv), row 12`) instead of a bare manifest id; a
/// document whose text was recognised by OCR is cited as such (`… (OCR)`).
public struct EvidenceIndex: Sendable {
    /// One document or record table.
    public struct Entry: Sendable, Hashable {
        public enum Kind: String, Sendable, Hashable {
            case document
            case table
        }

        public var kind: Kind
        /// The manifest id of a document, the name of a record table.
        public var id: String
        /// The manifest's title; empty when it gives none.
        public var title: String
        /// The file, relative to the bundle root.
        public var path: String
        /// Lowercase hex SHA-256 of the file; nil when the file is missing.
        public var sha256: String?
        /// Whether the document's text, or some of it, was recognised by OCR
        /// (`--ocr` or the rubric's `scans` policy): its citations say so.
        public var isRecognized = false
    }

    /// The documents in manifest order, then the record tables in manifest order.
    public var entries: [Entry]

    /// The index of `bundle`'s manifest, with the digests of its files.
    public init(_ bundle: EvidenceBundle) {
        var digests: [String: String] = [:]
        for file in bundle.files {
            if let sha256 = file.sha256 { digests[file.path] = sha256 }
        }
        let manifest = bundle.manifest
        let recognized = bundle.recognizedDocumentIDs
        entries =
            manifest.documents.map { document in
                Entry(
                    kind: .document, id: document.id, title: document.title, path: document.path,
                    sha256: digests[document.path], isRecognized: recognized.contains(document.id))
            }
            + manifest.records.map { table in
                Entry(
                    kind: .table, id: table.name, title: table.title ?? "", path: table.path,
                    sha256: digests[table.path])
            }
    }

    /// The entry `reference` points into, if the manifest has it.
    public func entry(_ reference: EvidenceReference) -> Entry? {
        switch reference {
        case .document(let id): entries.first { $0.kind == .document && $0.id == id }
        case .record(let name, _): entries.first { $0.kind == .table && $0.id == name }
        }
    }

    /// `title (file)` for a document, `title (file), row 12` for a row of a
    /// table (the name when the table has no title); the bare id when the
    /// manifest does not list it.
    func citation(_ reference: EvidenceReference, _ labels: Labels) -> String {
        citations([reference], labels)
    }

    /// The citations of `references`, `; `-separated in the order they are
    /// first named; the rows of one table are cited together
    /// (`工单台账 (records/tickets.csv), rows 3, 12`).
    func citations(_ references: [EvidenceReference], _ labels: Labels) -> String {
        var order: [EvidenceReference] = []
        var rows: [EvidenceReference: [Int]] = [:]
        for reference in references {
            let key: EvidenceReference
            if case .record(let name, let row?) = reference {
                key = .record(name: name, row: -1)
                if rows[key] == nil { order.append(key) }
                if rows[key]?.contains(row) != true { rows[key, default: []].append(row) }
            } else {
                key = reference
                if !order.contains(key) { order.append(key) }
            }
        }
        return order.map { reference in
            guard let entry = entry(reference) else { return HTMLReport.reference(reference) }
            let name = entry.title.isEmpty ? entry.id : entry.title
            var text = "\(name) (\(entry.path))"
            if entry.isRecognized { text += " [" + labels.text("文字识别", "OCR") + "]" }
            if let numbers = rows[reference] {
                let list = numbers.map(String.init)
                text +=
                    ", "
                    + (numbers.count == 1
                        ? labels.text("第 \(list[0]) 行", "row \(list[0])")
                        : labels.text("第 \(list.joined(separator: "、")) 行", "rows \(list.joined(separator: ", "))"))
            }
            return text
        }.joined(separator: "; ")
    }
}
