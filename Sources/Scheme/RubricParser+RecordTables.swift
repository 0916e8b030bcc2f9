import YAMLSupport
import Yams

extension RubricParser {
    /// The keys of a `record_tables` entry and of one of its columns.
    enum RecordTableKeys {
        static let table = ["name", "label", "keywords", "columns"]
        static let column = ["name", "type", "required", "aliases"]
    }

    /// The `record_tables` section: the tables the rules read, with their columns and aliases.
    func recordTables(_ node: Node) -> [RecordTableDeclaration] {
        guard let items = reader.sequence(node, "`record_tables`") else { return [] }
        return items.compactMap(recordTable)
    }

    func recordTable(_ node: Node) -> RecordTableDeclaration? {
        var what = "a record table"
        if case .mapping(let mapping) = node, let name = mapping["name"]?.scalar?.string {
            what = "record table \(name)"
        }
        guard let fields = reader.mapping(node, what, keys: RecordTableKeys.table, required: ["name", "columns"]),
            let name = fields["name"].flatMap({ reader.identifier($0, "`name` of \(what)") })
        else { return nil }
        let label = fields["label"].flatMap { reader.localized($0, "`label` of \(what)") }
        let keywords = fields["keywords"].flatMap { reader.strings($0, "`keywords` of \(what)") } ?? []
        var columns: [RecordTableDeclaration.Column] = []
        if let node = fields["columns"], let items = reader.sequence(node, "`columns` of \(what)") {
            for item in items {
                guard let column = recordColumn(item, of: what) else { continue }
                if columns.contains(where: { $0.name == column.name }) {
                    reader.report(
                        .error, FindingCode.duplicateID, "\(what) declares column `\(column.name)` twice", at: item)
                    continue
                }
                for alias in column.aliases {
                    if let other = columns.first(where: { $0.name == alias || $0.aliases.contains(alias) }) {
                        reader.report(
                            .error, FindingCode.duplicateID,
                            "\(what): `\(alias)` names both column `\(other.name)` and column `\(column.name)`",
                            at: item)
                    }
                }
                columns.append(column)
            }
        }
        return RecordTableDeclaration(
            name: name, label: label, keywords: keywords, columns: columns, location: reader.location(node))
    }

    private func recordColumn(_ node: Node, of table: String) -> RecordTableDeclaration.Column? {
        let what = "a column of \(table)"
        guard let fields = reader.mapping(node, what, keys: RecordTableKeys.column, required: ["name", "type"]),
            let name = fields["name"].flatMap({ reader.identifier($0, "`name` of \(what)") }),
            let type = fields["type"].flatMap({ reader.identifier($0, "`type` of column `\(name)` of \(table)") })
        else { return nil }
        guard RecordTableDeclaration.columnTypes.contains(type) else {
            reader.report(
                .error, FindingCode.invalidValue,
                "`type` of column `\(name)` of \(table) is `\(type)`; expected one of \(RecordTableDeclaration.columnTypes.joined(separator: ", "))",
                at: fields["type"])
            return nil
        }
        let required = fields["required"].flatMap { reader.bool($0, "`required` of column `\(name)` of \(table)") }
        let aliases = fields["aliases"].flatMap { reader.strings($0, "`aliases` of column `\(name)` of \(table)") }
        return RecordTableDeclaration.Column(
            name: name, type: type, required: required ?? false, aliases: aliases ?? [])
    }
}

extension RubricParser {
    /// The `document_keywords` section: for a document type id, the words that suggest a
    /// file is of that type (its usual titles); `rubric bundle init` guesses types with them.
    func applyDocumentKeywords(_ node: Node, to rubric: inout Rubric) {
        guard case .mapping(let mapping) = node else {
            reader.report(
                .error, FindingCode.wrongType,
                "`document_keywords` must be a mapping of document type ids to lists of words",
                at: node)
            return
        }
        for (keyNode, value) in mapping {
            guard let id = reader.identifier(keyNode, "a key of `document_keywords`") else { continue }
            guard let index = rubric.documentTypes.firstIndex(where: { $0.id == id }) else {
                reader.report(
                    .error, FindingCode.unknownReference,
                    "`document_keywords` names `\(id)`, which is not a document type of the rubric", at: keyNode)
                continue
            }
            let words = reader.strings(value, "`document_keywords` of `\(id)`") ?? []
            for word in words where !rubric.documentTypes[index].keywords.contains(word) {
                rubric.documentTypes[index].keywords.append(word)
            }
        }
    }
}
