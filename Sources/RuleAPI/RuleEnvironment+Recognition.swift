import Evidence
import LuaHost
import Scheme

/// `ev.recognize` and `ev.substance`: whether, and where, a document treats
/// concepts, and whether it has substance (docs/evidence-api.md).
extension RuleEnvironment {
    /// `ev.recognize(id, concepts)`: for each concept (`{label = "验收标准",
    /// terms = {"验收准则", ...}}` or a plain string), in order, `{label,
    /// found, strength, term, section, line, excerpt, looked_for}`; nil and the
    /// reason when the document cannot be read. Every call is charged to the
    /// rule's budget by the size of the text and the number of terms, cached
    /// answer or not, so that the budget (not the machine's load) bounds it.
    static let recognizeFunction = RuleEnvironment.function("ev.recognize") { environment, arguments in
        let id = try arguments.string(1)
        let concepts = try concepts(from: try arguments.table(2))
        guard let content = try readable(environment, id) else { return try unreadable(environment, id) }
        let terms = concepts.reduce(0) { $0 + $1.terms.count }
        try arguments.charge(textCost(content) * (terms + 1) / 8)
        let key = recognitionKey(id, concepts)
        return [
            environment.view.bundle.derived(key) {
                LuaValue.array(
                    ContentRecognizer.recognize(concepts, in: prepared(environment, id, content)).map(luaValue))
            }
        ]
    }

    /// `ev.substance(id)`: `{hollow, reasons, characters, minimum, placeholders
    /// = {{marker, line, excerpt}}, sections, empty_sections}` under the rubric's
    /// `substance` policy for the document's type; nil and the reason when the
    /// document cannot be read. The verdict is worked out once per document
    /// and policy and kept with the bundle, since most rules of an assessment
    /// ask it of the same documents; every call is still charged by the size
    /// of the text, so that the charge does not depend on which rule asked first.
    static let substanceFunction = RuleEnvironment.function("ev.substance") { environment, arguments in
        let id = try arguments.string(1)
        guard let content = try readable(environment, id) else { return try unreadable(environment, id) }
        try arguments.charge(textCost(content))
        let policy = environment.substance
        let type = environment.view.bundle.manifest.document(id: id)?.type
        let rule = SubstanceRule(
            markers: policy.markers, placeholderLines: policy.placeholderLines,
            minimumCharacters: policy.minimum(forType: type))
        return [
            environment.view.bundle.derived(substanceKey(id, rule)) {
                luaValue(ContentRecognizer.substance(of: prepared(environment, id, content), rule: rule))
            }
        ]
    }

    /// The lines of document `id`, prepared once per bundle.
    private static func prepared(
        _ environment: RuleEnvironment, _ id: String, _ content: DocumentContent
    ) -> ContentRecognizer.PreparedDocument {
        environment.view.bundle.derived("ev.prepared\u{0}\(id)") { ContentRecognizer.prepare(content) }
    }

    /// The work of one pass over a document's text, in budget steps: a step per
    /// four bytes, and a few for the call itself.
    private static func textCost(_ content: DocumentContent) -> Int {
        content.text.utf8.count / 4 + 16
    }

    /// The key under which the bundle keeps `ev.substance`'s answer for
    /// document `id` under `rule` (every field of the rule is part of it).
    private static func substanceKey(_ id: String, _ rule: SubstanceRule) -> String {
        let separator = "\u{1}"
        return "ev.substance\u{0}\(id)\u{0}\(rule.minimumCharacters)\u{0}"
            + rule.markers.joined(separator: separator) + "\u{0}" + rule.placeholderLines.joined(separator: separator)
    }

    /// The key under which the bundle keeps `ev.recognize`'s answer for
    /// document `id` and `concepts` (their labels and terms, in order).
    private static func recognitionKey(_ id: String, _ concepts: [Concept]) -> String {
        var key = "ev.recognize\u{0}\(id)"
        for concept in concepts {
            key += "\u{0}" + concept.label + "\u{1}" + concept.terms.joined(separator: "\u{1}")
        }
        return key
    }

    private static func luaValue(_ substance: Substance) -> LuaValue {
        .ordered([
            "hollow": .boolean(substance.isHollow),
            "reasons": .array(substance.reasons.map { .string($0.rawValue) }),
            "characters": .integer(Int64(substance.characters)),
            "minimum": .integer(Int64(substance.minimumCharacters)),
            "placeholders": .array(
                substance.placeholders.map {
                    .ordered([
                        "marker": .string($0.marker), "line": .integer(Int64($0.line)),
                        "excerpt": .string($0.excerpt),
                    ])
                }),
            "sections": .integer(Int64(substance.sections)),
            "empty_sections": .array(substance.emptySections.map { .string($0) }),
        ])
    }

    private static func readable(_ environment: RuleEnvironment, _ id: String) throws -> DocumentContent? {
        try environment.view.bundle.text(ofDocument: id).content
    }

    private static func unreadable(_ environment: RuleEnvironment, _ id: String) throws -> [LuaValue] {
        let problem = try environment.view.bundle.text(ofDocument: id).problem
        return [.nil, .string(problem?.message ?? "the document cannot be read")]
    }

    /// The concepts of a Lua list: strings or `{label = ..., terms = {...}}`
    /// (a list of strings `{"验收标准", "验收准则"}` is labelled by its first entry).
    private static func concepts(from value: LuaValue) throws -> [Concept] {
        guard let items = value.arrayValue else {
            throw LuaHostError("ev.recognize: concepts must be a list of strings or {label = ..., terms = {...}}")
        }
        return try items.enumerated().map { index, item in
            switch item {
            case .string(let label):
                return Concept(label: label)
            default:
                if let list = item.arrayValue, let first = list.first?.stringValue {
                    return Concept(label: first, terms: list.compactMap(\.stringValue))
                }
                guard let label = item["label"]?.stringValue else {
                    throw LuaHostError(
                        "ev.recognize: concepts[\(index + 1)] must be a string or a table with a string `label`")
                }
                let terms = item["terms"]?.arrayValue?.compactMap(\.stringValue) ?? []
                return Concept(label: label, terms: terms)
            }
        }
    }

    private static func luaValue(_ recognition: ConceptRecognition) -> LuaValue {
        var fields: [LuaField] = [
            LuaField("label", .string(recognition.concept.label)),
            LuaField("found", .boolean(recognition.match != nil)),
        ]
        if let match = recognition.match {
            fields += [
                LuaField("strength", .string(match.strength.rawValue)),
                LuaField("term", .string(match.term)),
                LuaField("line", .integer(Int64(match.line))),
                LuaField("excerpt", .string(match.excerpt)),
            ]
            if let section = match.section { fields.append(LuaField("section", .string(section))) }
        }
        fields.append(LuaField("looked_for", .array(recognition.concept.terms.map { .string($0) })))
        return .fields(fields)
    }
}
