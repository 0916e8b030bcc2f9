import Application
import Archive

/// Feeds each batch row to the impact analysis as rows arrive (in input order,
/// one at a time: ``BatchRun``'s contract). Failed bundles are compared too:
/// a bundle that fails now but had a grade moves down.
final class ImpactSink: @unchecked Sendable {
    private(set) var analysis: ImpactAnalysis

    init(_ analysis: ImpactAnalysis) {
        self.analysis = analysis
    }

    func add(_ row: BatchRow) {
        analysis.add(
            BundleOutcome(
                bundle: row.bundle, creditCode: row.creditCode, status: row.status.rawValue,
                total: row.total.isEmpty ? nil : row.total, grade: row.grade.isEmpty ? nil : row.grade,
                leaves: row.leafFractions))
    }
}
