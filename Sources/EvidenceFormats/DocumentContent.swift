/// The text of a document as rules read it: a sequence of blocks in reading order.
public struct DocumentContent: Sendable, Hashable {
    /// A heading with its level (1 is the top level).
    public struct Heading: Sendable, Hashable {
        public var level: Int
        public var text: String

        public init(level: Int, text: String) {
            self.level = level
            self.text = text
        }
    }

    /// One block of a document.
    public enum Block: Sendable, Hashable {
        case heading(Heading)
        case paragraph(String)
        /// A table as rows of cells; a cell's paragraphs are joined with newlines.
        case table([[String]])
    }

    /// The blocks, in reading order.
    public var blocks: [Block]

    public init(blocks: [Block]) {
        self.blocks = blocks
    }

    /// All the text: one line per heading and paragraph, one line per table row with
    /// its cells separated by tabs.
    public var text: String {
        var lines: [String] = []
        for block in blocks {
            switch block {
            case .heading(let heading): lines.append(heading.text)
            case .paragraph(let text): lines.append(text)
            case .table(let rows): lines += rows.map { $0.joined(separator: "\t") }
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The headings, in order.
    public var headings: [Heading] {
        blocks.compactMap { if case .heading(let h) = $0 { h } else { nil } }
    }

    /// The paragraphs (not headings, not tables), in order.
    public var paragraphs: [String] {
        blocks.compactMap { if case .paragraph(let p) = $0 { p } else { nil } }
    }

    /// The tables, in order, each as rows of cells.
    public var tables: [[[String]]] {
        blocks.compactMap { if case .table(let t) = $0 { t } else { nil } }
    }
}
