import EvidenceFormats
import Foundation

/// Recognises concepts in a document and judges whether it has substance.
/// Deterministic and explainable: terms are matched after
/// ``TextNormalizer`` on headings (without numbering) and body text, and each
/// result says where it was found.
public enum ContentRecognizer {
    /// One line of a document's text with its place.
    struct Line {
        var number: Int
        var text: String
        var normalized: String
        /// The heading's level when the line is a heading.
        var headingLevel: Int?
        /// The heading of the section the line belongs to (itself for a heading).
        var section: String?
        /// For a heading: whether text follows it before the next heading of its level or above.
        var sectionHasBody: Bool

        /// Whether the line is only fields of a form left blank (`签字：________　日期：____年__月__日`):
        /// it neither gives a section a body nor counts as substantive text.
        var isBlankFormField: Bool { headingLevel == nil && BlankFormField.matches(text) }
    }

    /// The lines of `content` as ``DocumentContent/text`` numbers them.
    static func lines(of content: DocumentContent) -> [Line] {
        var lines: [Line] = []
        var section: String?
        for block in content.blocks {
            switch block {
            case .heading(let heading):
                section = heading.text
                lines.append(
                    Line(
                        number: lines.count + 1, text: heading.text,
                        normalized: TextNormalizer.normalize(TextNormalizer.stripNumbering(heading.text)),
                        headingLevel: heading.level, section: section, sectionHasBody: false))
            case .paragraph(let paragraph):
                // A paragraph of several lines (plain text keeps its line breaks) is
                // as many lines of the document's text.
                for text in paragraph.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
                    lines.append(
                        Line(
                            number: lines.count + 1, text: text,
                            normalized: TextNormalizer.normalize(TextNormalizer.stripNumbering(text)),
                            headingLevel: nil, section: section, sectionHasBody: false))
                }
            case .table(let rows):
                for row in rows {
                    let text = row.joined(separator: "\t")
                    lines.append(
                        Line(
                            number: lines.count + 1, text: text, normalized: TextNormalizer.normalize(text),
                            headingLevel: nil, section: section, sectionHasBody: false))
                }
            }
        }
        if lines.filter({ $0.headingLevel != nil }).count <= 1 { markNumberedLinesAsHeadings(&lines) }
        // A heading has a body when some non-empty line follows it before the next
        // heading of the same or a higher level.
        for index in lines.indices {
            guard let level = lines[index].headingLevel else { continue }
            var next = index + 1
            while next < lines.count {
                if let other = lines[next].headingLevel, other <= level { break }
                if lines[next].headingLevel == nil, !lines[next].normalized.isEmpty, !lines[next].isBlankFormField {
                    lines[index].sectionHasBody = true
                    break
                }
                next += 1
            }
        }
        return lines
    }

    /// The longest line, in characters, that can stand as a section title.
    static let maximumTitleLength = 40

    /// In a document without heading styles beyond its title (plain text, a `.docx`
    /// typed without them), a short numbered line (一、项目概况; 第二章 …; （三）…;
    /// 3.2 …) that does not end a sentence is the title of a section, as a reader
    /// takes it.
    static func markNumberedLinesAsHeadings(_ lines: inout [Line]) {
        var section: String?
        for index in lines.indices {
            let text = lines[index].text.trimmingCharacters(in: .whitespaces)
            let title = TextNormalizer.stripNumbering(text)
            let isTitle =
                title.count < text.count && !title.isEmpty && text.count <= maximumTitleLength
                && !TextNormalizer.contains(text, "。") && !text.hasSuffix("；") && !text.hasSuffix(";")
            if lines[index].headingLevel != nil {
                section = lines[index].text
            } else if isTitle {
                lines[index].headingLevel = 2
                section = text
            }
            lines[index].section = section
        }
    }

    /// A document's lines, numbered, normalised and placed in their sections:
    /// worked out once (``prepare(_:)``) and kept with the bundle, so that each
    /// recognition and substance check of the document only searches them.
    public struct PreparedDocument: Sendable {
        let lines: [Line]
    }

    /// The lines of `content`, ready for ``recognize(_:in:)-(_,PreparedDocument)`` and ``substance(of:rule:)-(PreparedDocument,_)``.
    public static func prepare(_ content: DocumentContent) -> PreparedDocument {
        PreparedDocument(lines: lines(of: content))
    }

    /// For each concept, the strongest place `content` treats it: a section
    /// whose heading names it, else the first line that names it.
    public static func recognize(_ concepts: [Concept], in content: DocumentContent) -> [ConceptRecognition] {
        recognize(concepts, in: prepare(content))
    }

    /// ``recognize(_:in:)-(_,DocumentContent)`` on a prepared document.
    public static func recognize(_ concepts: [Concept], in document: PreparedDocument) -> [ConceptRecognition] {
        let lines = document.lines
        return concepts.map { concept in
            let terms = concept.terms.map { ($0, TextNormalizer.normalize($0)) }.filter { !$0.1.isEmpty }
            var mention: ConceptMatch?
            for line in lines {
                guard let term = terms.first(where: { TextNormalizer.contains(line.normalized, $0.1) }) else {
                    continue
                }
                if line.headingLevel != nil, line.sectionHasBody {
                    let match = ConceptMatch(
                        strength: .section, term: term.0, section: line.text, line: line.number, excerpt: line.text)
                    return ConceptRecognition(concept: concept, match: match)
                }
                if mention == nil {
                    mention = ConceptMatch(
                        strength: .mention, term: term.0, section: line.section, line: line.number,
                        excerpt: line.text)
                }
            }
            return ConceptRecognition(concept: concept, match: mention)
        }
    }

    /// Whether `content` has substance under `rule`: no placeholder, not
    /// mostly empty sections, and enough substantive text.
    public static func substance(of content: DocumentContent, rule: SubstanceRule) -> Substance {
        substance(of: prepare(content), rule: rule)
    }

    /// ``substance(of:rule:)-(DocumentContent,_)`` of a prepared document.
    public static func substance(of document: PreparedDocument, rule: SubstanceRule) -> Substance {
        let lines = document.lines
        let markers = rule.markers.map { ($0, TextNormalizer.normalize($0)) }.filter { !$0.1.isEmpty }
        let wholeLines = rule.placeholderLines.map { ($0, TextNormalizer.normalize($0)) }.filter { !$0.1.isEmpty }
        var placeholders: [Substance.Placeholder] = []
        var characters = 0
        for line in lines {
            let marker =
                markers.first { TextNormalizer.contains(line.normalized, $0.1) }?.0
                ?? wholeLines.first { line.normalized == $0.1 }?.0
            if let marker {
                placeholders.append(Substance.Placeholder(marker: marker, line: line.number, excerpt: line.text))
            } else if line.headingLevel == nil, !line.isBlankFormField {
                characters += line.normalized.count
            }
        }
        let headings = lines.filter { $0.headingLevel != nil }
        // Sections that hold nothing, not even sub-sections: the innermost empty ones.
        let empty = lines.indices.filter { index in
            guard lines[index].headingLevel != nil, !lines[index].sectionHasBody else { return false }
            let next = index + 1
            guard next < lines.count, let level = lines[next].headingLevel else { return true }
            return level <= lines[index].headingLevel!
        }.map { lines[$0].text }
        var reasons: [Substance.Reason] = []
        if !placeholders.isEmpty { reasons.append(.placeholder) }
        if characters < rule.minimumCharacters { reasons.append(.tooLittleText) }
        if !headings.isEmpty, empty.count * 2 > headings.count { reasons.append(.emptySections) }
        return Substance(
            characters: characters, minimumCharacters: rule.minimumCharacters, placeholders: placeholders,
            sections: headings.count, emptySections: empty, reasons: reasons)
    }
}
