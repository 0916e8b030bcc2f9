import Foundation
import Scheme

/// The rubric's evidence catalogue: the document types with their labels and
/// keywords, the record tables with their columns and aliases, and which leaves
/// read each. A leaf reads a document type it lists under `documents:`, and a
/// record table it lists under `tables:` or its rule file names in quotes
/// (`"service_tickets"`; `rubric lint` warns about a table read but not listed).
public struct EvidenceCatalogue: Sendable {
    /// A document type and the leaves that declare it.
    public struct DocumentEntry: Sendable {
        public var type: DocumentType
        public var leaves: [String]
    }

    /// A record table and the leaves whose rules read it.
    public struct TableEntry: Sendable {
        public var table: RecordTableDeclaration
        public var leaves: [String]
    }

    public var documents: [DocumentEntry]
    public var tables: [TableEntry]

    /// The catalogue of a loaded rubric; rule files that cannot be read name no tables.
    public init(rubric loaded: LoadedRubric) {
        let rubric = loaded.rubric
        var ruleText: [String: String] = [:]
        for leaf in rubric.leaves {
            guard let rule = leaf.rule else { continue }
            ruleText[leaf.id.description] = (try? String(contentsOf: rule.url, encoding: .utf8)) ?? ""
        }
        documents = rubric.documentTypes.map { type in
            DocumentEntry(
                type: type, leaves: rubric.leaves.filter { $0.documents.contains(type.id) }.map(\.id.description))
        }
        tables = rubric.recordTables.map { table in
            let quoted = ["\"\(table.name)\"", "'\(table.name)'"]
            let leaves = rubric.leaves.filter { leaf in
                if leaf.tables.contains(table.name) { return true }
                guard let text = ruleText[leaf.id.description] else { return false }
                return quoted.contains { text.contains($0) }
            }.map(\.id.description)
            return TableEntry(table: table, leaves: leaves)
        }
    }

    /// The leaves that read each document type, by type id.
    public var leavesByDocumentType: [String: [String]] {
        Dictionary(uniqueKeysWithValues: documents.map { ($0.type.id, $0.leaves) })
    }

    /// The leaves that read each record table, by table name.
    public var leavesByTable: [String: [String]] {
        Dictionary(uniqueKeysWithValues: tables.map { ($0.table.name, $0.leaves) })
    }

    /// The catalogue as text, for `rubric explain --evidence`.
    public func text(language: IndicatorExplainer.Language) -> String {
        var lines: [String] = []
        lines.append(
            language.pick(
                zh: "文档类型 Document types (\(documents.count))", en: "Document types 文档类型 (\(documents.count))"))
        lines.append("")
        for entry in documents {
            lines.append("  \(entry.type.id)  \(language.pick(entry.type.label))")
            if !entry.type.keywords.isEmpty {
                lines.append(
                    "    " + language.pick(zh: "关键词 keywords: ", en: "keywords 关键词: ")
                        + entry.type.keywords.joined(separator: ", "))
            }
            lines.append("    " + language.pick(zh: "读取的指标 read by: ", en: "read by 读取的指标: ") + Self.list(entry.leaves))
        }
        lines.append("")
        lines.append(
            language.pick(zh: "记录表 Record tables (\(tables.count))", en: "Record tables 记录表 (\(tables.count))"))
        for entry in tables {
            lines.append("")
            let label = entry.table.label.map { "  " + language.pick($0) } ?? ""
            lines.append("  \(entry.table.name)\(label)")
            if !entry.table.keywords.isEmpty {
                lines.append(
                    "    " + language.pick(zh: "关键词 keywords: ", en: "keywords 关键词: ")
                        + entry.table.keywords.joined(separator: ", "))
            }
            lines.append("    " + language.pick(zh: "读取的指标 read by: ", en: "read by 读取的指标: ") + Self.list(entry.leaves))
            for column in entry.table.columns {
                let required = column.required ? language.pick(zh: ", 必填 required", en: ", required 必填") : ""
                let aliases = column.aliases.isEmpty ? "" : "  ← " + column.aliases.joined(separator: ", ")
                lines.append("    - \(column.name) (\(column.type)\(required))\(aliases)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func list(_ leaves: [String]) -> String { leaves.isEmpty ? "—" : leaves.joined(separator: ", ") }
}
