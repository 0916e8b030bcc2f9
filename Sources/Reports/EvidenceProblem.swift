import Diagnostics
import Evidence
import Scheme
import Scoring

extension ReportModel {
    /// A problem of the evidence bundle: a missing file, a file the manifest
    /// does not list, a wrong check character, an unreadable or scanned
    /// document, a record-table error, with the leaves whose rules it touched.
    public struct EvidenceProblem: Sendable, Hashable {
        /// The file, relative to the bundle root (`bundle.yaml` for the manifest).
        public var path: String
        /// The line in the file, when known.
        public var line: Int?
        /// The stable code of the finding (`file-missing`, `document-scanned`, …).
        public var code: String
        public var severity: Diagnostics.Finding.Severity
        public var message: String
        /// The leaves whose rules asked for the document and got no text, in document order.
        public var leaves: [LeafID]
    }

    /// The most files the manifest does not list that the report names one by one.
    static let unlistedFilesShown = 100

    /// Every problem of `bundle` (``EvidenceBundle/problems``): from opening it
    /// (manifest warnings, missing files, check characters), from reading it
    /// (unreadable and scanned documents, PDF pages without text, record
    /// tables; a missing file only once), then the files the
    /// manifest does not list. Call after the assessment, whose extraction read
    /// every document.
    static func evidenceProblems(_ bundle: EvidenceBundle, leaves: [Leaf]) -> [EvidenceProblem] {
        var problems: [EvidenceProblem] = []
        for finding: Diagnostics.Finding in bundle.problems {
            let path = finding.location.map { bundle.relativePath(ofDisplay: $0.file) } ?? ""
            let documents = Set(bundle.manifest.documents.filter { $0.path == path }.map(\.id))
            let affected =
                documents.isEmpty
                ? [] : leaves.filter { !documents.isDisjoint(with: $0.result.unreadableEvidence) }.map(\.id)
            problems.append(
                EvidenceProblem(
                    path: path, line: finding.location?.line, code: finding.code, severity: finding.severity,
                    message: finding.message, leaves: affected))
        }
        for path in bundle.unlistedFiles.prefix(unlistedFilesShown) {
            problems.append(
                EvidenceProblem(
                    path: path, line: nil, code: "file-unlisted", severity: .note,
                    message: "the file '\(path)' is in the bundle but the manifest does not list it", leaves: []))
        }
        if bundle.unlistedFiles.count > unlistedFilesShown {
            problems.append(
                EvidenceProblem(
                    path: "", line: nil, code: "file-unlisted", severity: .note,
                    message:
                        "\(bundle.unlistedFiles.count - unlistedFilesShown) more files are in the bundle but not in the manifest",
                    leaves: []))
        }
        return problems
    }

    /// How many evidence problems are warnings or errors.
    public var evidenceWarningCount: Int {
        evidenceProblems.filter { $0.severity != .note }.count
    }
}
