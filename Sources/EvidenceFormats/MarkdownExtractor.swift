/// Reads the structure of Markdown and plain text: ATX (`# Title`) and setext
/// (underlined) headings, paragraphs, and pipe tables. Fenced code blocks are
/// paragraphs whose lines are never headings.
///
/// Worst case: linear. The text is cut into lines once, and each line is trimmed
/// and looked at a bounded number of times (a table row once more, as the line
/// after a possible header); nothing looks back over earlier lines, so a very
/// long line, a long table or a line of `#` costs its length.
package enum MarkdownExtractor {
    /// Markdown: headings, paragraphs and pipe tables.
    package static func extract(markdown: String) -> DocumentContent {
        var blocks: [DocumentContent.Block] = []
        var paragraph: [String] = []
        var fence: String?
        var code: [String] = []

        func flushParagraph() {
            if !paragraph.isEmpty {
                blocks.append(.paragraph(paragraph.joined(separator: "\n")))
                paragraph.removeAll()
            }
        }

        let lines = splitLines(markdown)
        var i = 0
        while i < lines.count {
            let line = lines[i]
            let trimmed = line.trimmingWhitespace()
            if let open = fence {
                if trimmed.hasPrefix(open) {
                    blocks.append(.paragraph(code.joined(separator: "\n")))
                    code.removeAll()
                    fence = nil
                } else {
                    code.append(line)
                }
                i += 1
                continue
            }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                flushParagraph()
                fence = String(trimmed.prefix(3))
                i += 1
                continue
            }
            if trimmed.isEmpty {
                flushParagraph()
                i += 1
                continue
            }
            if let heading = atxHeading(line) {
                flushParagraph()
                blocks.append(.heading(heading))
                i += 1
                continue
            }
            // A setext heading: one line of paragraph text underlined with === or ---.
            if paragraph.count == 1, let level = setextLevel(trimmed) {
                blocks.append(.heading(.init(level: level, text: paragraph[0].trimmingWhitespace())))
                paragraph.removeAll()
                i += 1
                continue
            }
            if paragraph.isEmpty, isTableRow(trimmed), i + 1 < lines.count,
                isTableSeparator(lines[i + 1].trimmingWhitespace())
            {
                var rows = [tableCells(trimmed)]
                i += 2
                while i < lines.count, isTableRow(lines[i].trimmingWhitespace()) {
                    rows.append(tableCells(lines[i].trimmingWhitespace()))
                    i += 1
                }
                blocks.append(.table(rows))
                continue
            }
            paragraph.append(trimmed)
            i += 1
        }
        if fence != nil, !code.isEmpty { blocks.append(.paragraph(code.joined(separator: "\n"))) }
        flushParagraph()
        return DocumentContent(blocks: blocks)
    }

    /// Plain text: paragraphs separated by blank lines; no headings, no tables.
    package static func extract(plainText: String) -> DocumentContent {
        var blocks: [DocumentContent.Block] = []
        var paragraph: [String] = []
        for line in splitLines(plainText) {
            let trimmed = line.trimmingWhitespace()
            if trimmed.isEmpty {
                if !paragraph.isEmpty { blocks.append(.paragraph(paragraph.joined(separator: "\n"))) }
                paragraph.removeAll()
            } else {
                paragraph.append(trimmed)
            }
        }
        if !paragraph.isEmpty { blocks.append(.paragraph(paragraph.joined(separator: "\n"))) }
        return DocumentContent(blocks: blocks)
    }

    static func splitLines(_ text: String) -> [String] {
        // A line feed is always a character of its own, so cutting the UTF-8
        // bytes at 0x0A gives the same lines as cutting the characters.
        let text = text.replacingCRLF()
        return text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(Substring($0)) }
    }

    /// `# Title` to `###### Title`, at most three spaces of indent; closing #s dropped.
    static func atxHeading(_ line: String) -> DocumentContent.Heading? {
        let indent = line.prefix { $0 == " " }.count
        guard indent <= 3 else { return nil }
        let rest = line.dropFirst(indent)
        let level = rest.prefix { $0 == "#" }.count
        guard (1...6).contains(level) else { return nil }
        let after = rest.dropFirst(level)
        guard after.isEmpty || after.first == " " || after.first == "\t" else { return nil }
        var text = String(after).trimmingWhitespace()
        // Closing sequence: trailing #s preceded by a space.
        if let hashStart = text.lastIndex(where: { $0 != "#" }).map({ text.index(after: $0) }),
            hashStart < text.endIndex, text[text.index(before: hashStart)] == " "
        {
            text = String(text[..<hashStart]).trimmingWhitespace()
        } else if text.allSatisfy({ $0 == "#" }) {
            text = ""
        }
        return DocumentContent.Heading(level: level, text: text)
    }

    static func setextLevel(_ trimmed: String) -> Int? {
        if !trimmed.isEmpty, trimmed.allSatisfy({ $0 == "=" }) { return 1 }
        if trimmed.first == "-", trimmed.allSatisfy({ $0 == "-" }), trimmed.count >= 2 { return 2 }
        return nil
    }

    static func isTableRow(_ trimmed: String) -> Bool {
        trimmed.hasPrefix("|") && !trimmed.dropFirst().isEmpty
    }

    static func isTableSeparator(_ trimmed: String) -> Bool {
        guard trimmed.contains("-"), trimmed.contains("|") else { return false }
        return trimmed.allSatisfy { "|-: \t".contains($0) }
    }

    /// The cells of `| a | b |`, trimmed; `\|` is a literal bar.
    static func tableCells(_ trimmed: String) -> [String] {
        var body = Substring(trimmed)
        if body.hasPrefix("|") { body = body.dropFirst() }
        if body.hasSuffix("|"), !body.hasSuffix("\\|") { body = body.dropLast() }
        var cells: [String] = []
        var current = ""
        var escaped = false
        for c in body {
            if escaped {
                current.append(c == "|" ? "|" : "\\\(c)")
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == "|" {
                cells.append(current.trimmingWhitespace())
                current = ""
            } else {
                current.append(c)
            }
        }
        if escaped { current.append("\\") }
        cells.append(current.trimmingWhitespace())
        return cells
    }
}

extension String {
    /// The text with CRLF and lone CR line breaks turned into LF.
    func replacingCRLF() -> String {
        guard utf8.contains(13) else { return self }
        return self.replacing("\r\n", with: "\n").replacing("\r", with: "\n")
    }
}
