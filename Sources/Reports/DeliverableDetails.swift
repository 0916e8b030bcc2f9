/// What the deliverable names beyond the assessment itself: the
/// certification body and the audit team (`rubric assess --certification-body
/// … --audit-team …`). Empty fields leave blank lines on the cover and in the
/// sign-off block, for the auditors to fill in by hand.
public struct DeliverableDetails: Sendable, Hashable {
    /// The certification body issuing the report.
    public var certificationBody: String?
    /// The auditors, the lead auditor first.
    public var auditTeam: [String]

    public init(certificationBody: String? = nil, auditTeam: [String] = []) {
        self.certificationBody = certificationBody
        self.auditTeam = auditTeam
    }
}
