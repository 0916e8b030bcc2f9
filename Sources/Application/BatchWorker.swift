import Evidence
import Foundation

/// Assesses one bundle of a batch into its row (and its report file).
struct BatchWorker: Sendable {
    let run: BatchRun

    func assess(_ bundle: BatchBundle) -> BatchRow {
        let preparation = run.preparation
        let evidence: EvidenceBundle
        do throws(RunFailure) {
            evidence = try preparation.openBundle(bundle.url)
        } catch {
            return .failed(bundle: bundle.name, error: error.message.replacingOccurrences(of: "\n", with: "; "))
        }
        defer { evidence.close() }
        let organization = evidence.manifest.organization.name
        let assessment = preparation.assessor.assess(bundle: evidence, overrides: .empty)
        var json: String?
        do throws(RunFailure) {
            if run.keepsJSONReports {
                json = String(
                    decoding: try preparation.report(of: assessment, bundle: evidence, format: .json), as: UTF8.self)
            }
            if let folder = run.reportsDirectory {
                let data: Data
                if run.format == .json, let json {
                    data = Data(json.utf8)
                } else {
                    data = try preparation.report(of: assessment, bundle: evidence, format: run.format)
                }
                let url = folder.appendingPathComponent(
                    bundle.reportName + "." + BatchRun.fileExtension(of: run.format))
                do {
                    try ReportWriter.write(data, to: url)
                } catch {
                    return .failed(bundle: bundle.name, organization: organization, error: error.description)
                }
            }
        } catch {
            return .failed(bundle: bundle.name, organization: organization, error: error.message)
        }
        let warnings = evidence.problems.filter { $0.severity != .note }.count
        var row = BatchRow(bundle: bundle.name, organization: organization, assessment: assessment, warnings: warnings)
        row.jsonReport = json
        row.creditCode = evidence.manifest.organization.creditCode
        return row
    }
}
