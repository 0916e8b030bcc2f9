import Diagnostics
import Foundation
import Scheme

/// Describes one indicator of a loaded rubric for an author or an auditor: its
/// clause text, weight, place in the tree, the scoring bands, and for a leaf its
/// params, documents, rule and limits.
///
///     let text = try IndicatorExplainer.explain(rubric: loaded, id: "5.5.1", language: .zh)
public enum IndicatorExplainer {
    /// The language of the labels; the other language follows in brackets where the rubric gives it.
    public enum Language: String, Sendable, CaseIterable {
        case zh
        case en

        /// One of two fixed labels.
        func pick(zh: String, en: String) -> String { self == .zh ? zh : en }

        /// The text in this language, with the other language after a slash.
        func pick(_ text: LocalizedText) -> String {
            let first = self == .zh ? text.zh : text.en
            let second = self == .zh ? text.en : text.zh
            if first.isEmpty { return second }
            return second.isEmpty ? first : "\(first) / \(second)"
        }
    }

    /// An id that names no indicator, with the closest id when one is likely meant.
    public struct UnknownIndicator: Error, Sendable, CustomStringConvertible {
        public var id: String
        public var suggestion: String?

        public var description: String {
            var text = "unknown indicator \(id) / 未知指标 \(id)"
            if let suggestion { text += "; did you mean \(suggestion)? / 是否指 \(suggestion)？" }
            return text
        }
    }

    /// The description of the indicator `id`; throws ``UnknownIndicator`` for an unknown id.
    public static func explain(
        rubric loaded: LoadedRubric, id: String,
        language: Language = .zh
    ) throws -> String {
        let rubric = loaded.rubric
        guard let indicator = rubric.indicator(IndicatorID(id)) else {
            let ids = rubric.allIndicators.map(\.id.rawValue)
            throw UnknownIndicator(id: id, suggestion: Suggestion.closest(to: id, among: ids))
        }
        let l = language
        var lines: [String] = []
        lines.append("\(indicator.id)  \(l.pick(indicator.title))")
        lines.append("\(l.pick(zh: "权重", en: "Weight")): \(indicator.weight)")
        lines.append("\(l.pick(zh: "上级", en: "Parent")): \(parent(of: indicator.id, in: rubric, language: l))")
        if !indicator.children.isEmpty {
            lines.append("\(l.pick(zh: "下级", en: "Children")):")
            for child in indicator.children {
                lines.append(
                    "  \(child.id)  \(l.pick(child.title))  (\(l.pick(zh: "权重", en: "weight")) \(child.weight))")
            }
        }
        if let clause = indicator.clause {
            lines.append("\(l.pick(zh: "条款", en: "Clause")):")
            lines += clause.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }
        }
        if !rubric.bands.isEmpty {
            lines.append("\(l.pick(zh: "评分档次", en: "Bands")):")
            for band in rubric.bands {
                lines.append("  \(band.id)  \(band.range)  \(l.pick(band.label))")
                for criterion in band.criteria {
                    lines.append("    - \(l.pick(criterion.text))")
                }
            }
        }
        if indicator.isLeaf, let leaf = rubric.leaf(indicator.id) {
            lines += leafLines(leaf, loaded: loaded, language: l)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The parts of the description that only leaves have.
    static func leafLines(_ leaf: Leaf, loaded: LoadedRubric, language l: Language) -> [String] {
        var lines: [String] = []
        lines.append("\(l.pick(zh: "参数", en: "Params")):\(leaf.params.isEmpty ? " -" : "")")
        for entry in leaf.params {
            lines.append("  \(entry.key): \(entry.value)")
        }
        let documents = leaf.documents.map { id in
            loaded.rubric.documentType(id).map { "\(id) (\(l.pick($0.label)))" } ?? id
        }
        lines.append(
            "\(l.pick(zh: "文档", en: "Documents")): \(documents.isEmpty ? "-" : documents.joined(separator: ", "))")
        if !leaf.critical.isEmpty {
            lines.append("\(l.pick(zh: "关键要求（未满足时封顶）", en: "Critical demands (cap while missed)")):")
            for demand in leaf.critical {
                let somewhere = loaded.rubric.bands.first { $0.id == demand.missedSomewhere }
                let throughout = loaded.rubric.bands.first { $0.id == demand.missedThroughout }
                lines.append(
                    "  \(demand.id)  \(l.pick(demand.label))  "
                        + "\(l.pick(zh: "部分未满足", en: "missed somewhere")) ≤ \(somewhere.map { "\($0.range)" } ?? demand.missedSomewhere), "
                        + "\(l.pick(zh: "全部未满足", en: "missed throughout")) ≤ \(throughout.map { "\($0.range)" } ?? demand.missedThroughout)"
                )
            }
        }
        if let rule = leaf.rule {
            lines.append("\(l.pick(zh: "规则", en: "Rule")): \(rule.path)  (\(rule.url.path))")
        } else {
            lines.append("\(l.pick(zh: "规则", en: "Rule")): - (\(l.pick(zh: "人工评估", en: "assessed manually")))")
        }
        var limits: [String] = []
        if let value = leaf.limits.instructions { limits.append("instructions: \(value)") }
        if let value = leaf.limits.memoryBytes { limits.append("memory_bytes: \(value)") }
        if let value = leaf.limits.timeoutSeconds { limits.append("timeout_seconds: \(value)") }
        lines.append("\(l.pick(zh: "限制", en: "Limits")): \(limits.isEmpty ? "-" : limits.joined(separator: ", "))")
        return lines
    }

    /// The enclosing indicator, or the part for a top-level indicator.
    static func parent(of id: IndicatorID, in rubric: Rubric, language l: Language) -> String {
        for part in rubric.parts {
            if part.indicators.contains(where: { $0.id == id }) {
                return "\(l.pick(zh: "部分", en: "part")) \(part.id)  \(l.pick(part.title))"
            }
            if let parent = part.allIndicators.first(where: { $0.children.contains { $0.id == id } }) {
                return "\(parent.id)  \(l.pick(parent.title))"
            }
        }
        return "-"
    }
}
