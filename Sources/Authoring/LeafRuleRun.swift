import Diagnostics
import Engine
import Evidence
import Foundation
import RuleAPI
import Scheme
import Scoring

/// `rubric run --rubric DIR --leaf ID BUNDLE`: one leaf's rule run against a
/// real bundle with the leaf's params and limits, as an assessment runs it,
/// and what it gave as text for the author: verdict, findings, log,
/// traceback and, on request, every call to the evidence API.
///
/// ```swift
/// let run = try LeafRuleRun(rubricDirectory: folder, leaf: "5.5.1")
/// print(try run.run(bundle: bundleURL, trace: true).text)
/// ```
public struct LeafRuleRun: Sendable {
    /// What one run gave: the leaf's result, the calls traced, and the text printed.
    public struct Output: Sendable {
        public var result: LeafResult
        /// The calls to the evidence API, when traced.
        public var calls: [RuleCallTrace.Call]
        /// The report for people, ending with a newline.
        public var text: String
    }

    public let assessor: Assessor
    public let leaf: Leaf

    /// Loads the rubric (with `overlays`) and finds the leaf `id`; an unknown
    /// id is an error with the closest leaf id.
    public init(rubricDirectory: URL, overlays: [URL] = [], leaf id: String) throws(FindingsError) {
        let loaded: LoadedRubric
        do {
            loaded = try RubricLoader.load(directory: rubricDirectory, overlays: overlays)
        } catch let error as FindingsError {
            throw error
        } catch {
            throw FindingsError([
                Finding(
                    .error, code: "rubric", message: "\(error)", location: SourceLocation(file: rubricDirectory.path))
            ])
        }
        guard let leaf = loaded.rubric.leaf(LeafID(id)) else {
            let ids = loaded.leaves.map(\.id.rawValue)
            throw FindingsError([
                Finding(
                    .error, code: "unknown-leaf",
                    message: "the rubric has no leaf indicator \"\(id)\"" + Suggestion.didYouMean(id, among: ids),
                    location: SourceLocation(file: rubricDirectory.path))
            ])
        }
        self.leaf = leaf
        assessor = try Assessor(rubric: loaded)
    }

    /// Opens `bundle` and runs the leaf's rule against it.
    public func run(bundle url: URL, trace: Bool = false) throws(FindingsError) -> Output {
        let bundle = try assessor.openBundle(url)
        let calls = trace ? RuleCallTrace() : nil
        let result =
            assessor.evaluate(leaf: leaf.id, bundle: bundle, trace: calls)
            ?? LeafResult(id: leaf.id, status: .error)
        let traced = calls?.calls ?? []
        return Output(result: result, calls: traced, text: Self.text(leaf: leaf, result: result, calls: calls))
    }

    /// The verdict, findings, log, error with its traceback, and the calls when traced.
    static func text(leaf: Leaf, result: LeafResult, calls: RuleCallTrace?) -> String {
        var lines: [String] = []
        lines.append("leaf \(leaf.id)  \(leaf.title.zh) \(leaf.title.en)")
        if let rule = leaf.rule { lines.append("rule: \(rule.path)") }
        var verdict = "status: \(result.status.rawValue)"
        if let fraction = result.fraction { verdict += "  fraction: \(fraction)" }
        if let band = result.band { verdict += "  band: \(band.id)" }
        lines.append(verdict)
        if let summary = result.summary { lines.append("summary: \(summary)") }
        if let reason = result.reason { lines.append("reason: \(reason)") }
        lines.append("findings:" + (result.findings.isEmpty ? " none" : ""))
        for finding in result.findings {
            var line = "  \(finding.level.rawValue): \(finding.message)"
            if !finding.references.isEmpty {
                line += " [" + finding.references.map(reference).joined(separator: ", ") + "]"
            }
            lines.append(line)
        }
        if !result.log.isEmpty {
            lines.append("log:")
            lines += result.log.split(separator: "\n", omittingEmptySubsequences: false).dropLast(
                result.log.hasSuffix("\n") ? 1 : 0
            ).map { "  " + $0 }
        }
        if let error = result.error {
            lines.append("error: \(error.kind): \(error)")
            lines += error.ruleFrames.map { "  " + $0 }
        }
        if let calls {
            let list = calls.calls
            lines.append("trace: \(list.count) call(s) to the evidence API")
            lines += list.enumerated().map { "  \($0.offset + 1). \($0.element)" }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func reference(_ reference: EvidenceReference) -> String {
        switch reference {
        case .document(let id): "document \(id)"
        case .record(let name, let row): "record \(name)" + (row.map { " row \($0)" } ?? "")
        }
    }
}
