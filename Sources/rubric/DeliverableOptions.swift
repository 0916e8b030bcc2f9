import Application
import ArgumentParser
import Reports

/// The options of the deliverable (`--format deliverable` or `pdf`): who
/// issues the report and who audited.
struct DeliverableOptions: ParsableArguments {
    @Option(
        name: .customLong("certification-body"),
        help: "The certification body the deliverable names on its cover and sign-off block. / 认证机构")
    var certificationBody: String?

    @Option(
        name: .customLong("audit-team"),
        help: "An auditor the deliverable names; repeat for each, the lead auditor first. / 审核组成员")
    var auditTeam: [String] = []

    /// `preparation` with these details for its reports.
    func applied(to preparation: AssessmentPreparation) -> AssessmentPreparation {
        var preparation = preparation
        preparation.deliverable = DeliverableDetails(certificationBody: certificationBody, auditTeam: auditTeam)
        return preparation
    }
}
