import Diagnostics

/// Collects a rule's findings, checking that every evidence reference points at
/// something in the bundle (a declared document, a declared record table, a row
/// that exists). Rules reach it as `findings.nonconformity(...)` and the like.
public struct AuditFindingsBuilder: Sendable {
    /// The findings so far, in the order the rule gave them.
    public private(set) var findings: [AuditFinding] = []
    private let bundle: EvidenceBundle?

    /// A builder whose references are checked against `bundle` (nil: not checked).
    public init(bundle: EvidenceBundle?) {
        self.bundle = bundle
    }

    /// Adds a finding after checking its references.
    public mutating func add(_ finding: AuditFinding) throws(FindingsError) {
        for reference in finding.references { try check(reference) }
        findings.append(finding)
    }

    /// Adds a finding from the table a rule hands over (`findings.add{...}`).
    public mutating func add(value: EvidenceValue) throws(FindingsError) {
        try add(try AuditFinding(value: value))
    }

    /// 不符合: the requirement is not met.
    public mutating func nonconformity(_ message: String, evidence: [EvidenceReference] = []) throws(FindingsError) {
        try add(AuditFinding(level: .nonconformity, message: message, references: evidence))
    }

    /// 观察项: met, with a weakness worth noting.
    public mutating func observation(_ message: String, evidence: [EvidenceReference] = []) throws(FindingsError) {
        try add(AuditFinding(level: .observation, message: message, references: evidence))
    }

    /// 符合: met.
    public mutating func ok(_ message: String, evidence: [EvidenceReference] = []) throws(FindingsError) {
        try add(AuditFinding(level: .ok, message: message, references: evidence))
    }

    /// The references a rule passes after the message: one reference table, or a list of them.
    public static func references(from value: EvidenceValue) throws(FindingsError) -> [EvidenceReference] {
        switch value {
        case .null: return []
        case .table: return [try EvidenceReference(value: value)]
        case .array(let items):
            var result: [EvidenceReference] = []
            for item in items { result.append(try EvidenceReference(value: item)) }
            return result
        default:
            throw .single(
                "finding-shape",
                "evidence must be {document = \"id\"}, {record = \"name\", row = n} or a list of them; found \(AuditFinding.describe(value))"
            )
        }
    }

    private func check(_ reference: EvidenceReference) throws(FindingsError) {
        guard let bundle else { return }
        switch reference {
        case .document(let id):
            guard bundle.manifest.document(id: id) != nil else {
                throw .single(
                    "finding-reference",
                    "evidence refers to document `\(id)`, which the manifest does not declare\(Suggestion.didYouMean(id, among: bundle.manifest.documents.map(\.id)))"
                )
            }
        case .record(let name, let row):
            guard bundle.manifest.recordTable(named: name) != nil else {
                throw .single(
                    "finding-reference",
                    "evidence refers to record table `\(name)`, which the manifest does not declare\(Suggestion.didYouMean(name, among: bundle.manifest.records.map(\.name)))"
                )
            }
            if let row {
                let table = try bundle.records(named: name)
                guard row >= 1, row <= table.rowCount else {
                    throw .single(
                        "finding-reference",
                        "evidence refers to row \(row) of record table '\(name)', which has \(table.rowCount) rows")
                }
            }
        }
    }
}
