import ArgumentParser
import Authoring
import Diagnostics
import Engine
import Evidence
import Foundation
import Scheme

/// `rubric bundle check BUNDLE --rubric DIR`: every problem of a bundle, and what the
/// rubric's rules will look for that the bundle lacks, without assessing.
struct BundleCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "List every problem of a bundle and the evidence it lacks, without assessing. / 检查证据包。",
        discussion: """
            Reads the manifest, checks every file it lists, reads the text of every document \
            and every record table (with the rubric's column aliases), and prints each problem \
            as file:line:column: severity: message [code]. Then lists the document types and \
            record tables the rubric's leaves read that the bundle does not have, with the \
            leaves that read them. Nothing is assessed.

            Exit status: 0 no errors (warnings and missing evidence allowed); 1 errors found; \
            \(ExitStatusText.badUsage).

            Example:
              rubric bundle check Rubrics/isi/samples/qiheng-level3 --rubric Rubrics/isi
            """
    )

    @Argument(help: "The bundle: a folder with bundle.yaml, or a .zip. / 证据包")
    var bundle: String

    @OptionGroup var rubric: RubricOptions

    func run() throws {
        let loaded = try RubricLoader.load(directory: rubric.rubricDirectory, overlays: rubric.overlayFiles)
        var options = BundleOptions(
            documentTypes: loaded.rubric.documentTypes.map(\.id), schemeID: loaded.rubric.scheme.id)
        options.recordTables = RecordTableColumns.columns(of: loaded.rubric.recordTables)
        let evidence: EvidenceBundle
        do {
            evidence = try EvidenceBundle.open(URL(fileURLWithPath: bundle), options: options)
        } catch {
            for finding in error.findings.sortedByLocation() { print(finding) }
            let errors = error.findings.filter { $0.severity == .error }.count
            print("\(errors) error(s); the manifest must be fixed first / \(errors) 个错误，请先修正清单")
            throw ExitCode(1)
        }
        defer { evidence.close() }
        var findings = evidence.findings
        for document in evidence.manifest.documents {
            _ = try? evidence.text(ofDocument: document.id)
        }
        for table in evidence.manifest.records {
            _ = try? evidence.records(named: table.name)
        }
        findings += evidence.readingFindings
        for finding in findings { print(finding) }

        let catalogue = EvidenceCatalogue(rubric: loaded)
        let presentTypes = Set(evidence.manifest.documents.map(\.type))
        let presentTables = Set(evidence.manifest.records.map(\.name))
        var lacking: [String] = []
        for entry in catalogue.documents where !entry.leaves.isEmpty && !presentTypes.contains(entry.type.id) {
            lacking.append(
                "  document type \(entry.type.id) (\(entry.type.label.zh)): read by \(entry.leaves.joined(separator: ", "))"
            )
        }
        for entry in catalogue.tables where !entry.leaves.isEmpty && !presentTables.contains(entry.table.name) {
            let label = entry.table.label.map { " (\($0.zh))" } ?? ""
            lacking.append(
                "  record table \(entry.table.name)\(label): read by \(entry.leaves.joined(separator: ", "))")
        }
        if !lacking.isEmpty {
            print("The rubric's rules will look for, and the bundle lacks / 细则规则需要而证据包缺少的证据:")
            for line in lacking { print(line) }
        }
        let errors = findings.filter { $0.severity == .error }.count
        let warnings = findings.filter { $0.severity == .warning }.count
        print(
            "\(errors) error(s), \(warnings) warning(s), \(lacking.count) kind(s) of evidence missing / \(errors) 个错误，\(warnings) 个警告，缺少 \(lacking.count) 类证据"
        )
        if errors > 0 { throw ExitCode(1) }
    }
}
