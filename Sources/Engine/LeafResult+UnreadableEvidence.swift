import Evidence
import Foundation
import Scoring

extension LeafResult {
    /// The reason given to a leaf left to the auditor because evidence its rule
    /// needed could not be read, before the documents are named.
    static let unreadableReason = "证据无法读取，由审核员判断 evidence the rule needed could not be read; the auditor decides"

    /// Records that the rule asked for the documents `read` (ids) of `bundle`
    /// and got no text; `documents` are those among them that need the
    /// auditor (``DocumentText/needsAuditor``). When there are any, unless the rule gave full marks anyway, or found the leaf not
    /// applicable, the leaf becomes manual: the rule's value is kept in
    /// ``provisional``, its error (if it failed) goes into the reason, and its
    /// non-conformities become observations, so that an unreadable document
    /// never makes a non-conformity by itself.
    mutating func leaveToAuditor(read: [String], unreadable documents: [String], bundle: EvidenceBundle) {
        unreadableEvidence = read
        guard !documents.isEmpty else { return }
        switch status {
        case .notApplicable: return
        case .scored where fraction == 1: return
        case .scored, .manual, .error: break
        }
        let named = documents.map { id in
            bundle.manifest.document(id: id).map { "\(id) (\($0.path))" } ?? id
        }
        var text = "\(Self.unreadableReason): \(named.joined(separator: ", "))"
        switch status {
        case .scored:
            let value = fraction.map { NSDecimalNumber(decimal: $0).stringValue } ?? "?"
            text += "; the rule's provisional fraction: \(value)"
        case .error:
            if let error { text += "; the rule failed: \(error.message)" }
        case .manual:
            if let reason, !reason.isEmpty { text += "; the rule's reason: \(reason)" }
        case .notApplicable:
            break
        }
        provisional = RuleValue(status: status, fraction: fraction)
        status = .manual
        fraction = nil
        error = nil
        reason = text
        findings = findings.map { finding in
            guard finding.level == .nonconformity else { return finding }
            var provisional = finding
            provisional.level = .observation
            provisional.message = "(待人工复核 provisional) " + finding.message
            return provisional
        }
    }
}
