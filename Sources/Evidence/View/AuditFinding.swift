import Diagnostics

/// What a rule concludes about the evidence, for the report the auditor signs.
public struct AuditFinding: Sendable, Hashable, Codable {
    /// How the evidence stands against the requirement.
    public enum Level: String, Sendable, Hashable, Codable, CaseIterable {
        /// 不符合: the requirement is not met.
        case nonconformity
        /// 观察项: met, but with a weakness worth noting.
        case observation
        /// 符合: met.
        case ok
    }

    public var level: Level
    public var message: String
    /// The evidence the conclusion rests on, in the order the rule gave it.
    public var references: [EvidenceReference]

    public init(level: Level, message: String, references: [EvidenceReference] = []) {
        self.level = level
        self.message = message
        self.references = references
    }
}

/// A pointer into the bundle: a document, a record table, or one row of it.
public enum EvidenceReference: Sendable, Hashable, Codable {
    case document(id: String)
    /// A record table, or one 1-based data row of it when `row` is given.
    case record(name: String, row: Int?)
}

extension AuditFinding {
    /// A finding from the table a rule hands over:
    /// `{level = "nonconformity", message = "...", evidence = {{document = "D1"}, {record = "tickets", row = 12}}}`.
    /// Throws a clear error for any other shape.
    public init(value: EvidenceValue) throws(FindingsError) {
        guard case .table = value else {
            throw .single("finding-shape", "a finding must be a table {level=, message=, evidence=}")
        }
        guard let levelText = value["level"].stringValue, let level = Level(rawValue: levelText) else {
            throw .single(
                "finding-shape",
                "a finding's level must be one of nonconformity, observation, ok; found \(Self.describe(value["level"]))"
            )
        }
        guard let message = value["message"].stringValue, !message.isEmpty else {
            throw .single(
                "finding-shape",
                "a finding needs a message (a non-empty string); found \(Self.describe(value["message"]))")
        }
        var references: [EvidenceReference] = []
        switch value["evidence"] {
        case .null: break
        case .array(let items):
            for item in items { references.append(try EvidenceReference(value: item)) }
        case let single where single.tableValue != nil:
            references.append(try EvidenceReference(value: single))
        case let other:
            throw .single(
                "finding-shape",
                "a finding's evidence must be a list of {document=} or {record=, row=} tables; found \(Self.describe(other))"
            )
        }
        self.init(level: level, message: message, references: references)
    }

    static func describe(_ value: EvidenceValue) -> String {
        switch value {
        case .null: "nothing"
        case .string(let s): "'\(s)'"
        case .integer(let i): "\(i)"
        case .number(let d): "\(d)"
        case .boolean(let b): "\(b)"
        case .array: "a list"
        case .table: "a table"
        }
    }
}

extension EvidenceReference {
    /// A reference from `{document = "D1"}`, `{record = "tickets"}` or `{record = "tickets", row = 12}`.
    public init(value: EvidenceValue) throws(FindingsError) {
        if let id = value["document"].stringValue, value["record"].isNull {
            self = .document(id: id)
            return
        }
        if let name = value["record"].stringValue, value["document"].isNull {
            switch value["row"] {
            case .null: self = .record(name: name, row: nil)
            case .integer(let row) where row >= 1: self = .record(name: name, row: Int(row))
            case .number(let row) where row >= 1 && row == row.rounded() && row < 1e15:
                self = .record(name: name, row: Int(row))
            case let other:
                throw .single(
                    "finding-shape",
                    "an evidence reference's row must be a whole number from 1; found \(AuditFinding.describe(other))")
            }
            return
        }
        throw .single(
            "finding-shape",
            "an evidence reference must be {document = \"id\"} or {record = \"name\", row = n}; found \(AuditFinding.describe(value))"
        )
    }

    /// As a rule sees it: `{document = "D1"}` or `{record = "tickets", row = 12}`.
    public var evidenceValue: EvidenceValue {
        switch self {
        case .document(let id): .fields(["document": .string(id)])
        case .record(let name, let row):
            row.map { .fields(["record": .string(name), "row": .integer(Int64($0))]) }
                ?? .fields(["record": .string(name)])
        }
    }
}
