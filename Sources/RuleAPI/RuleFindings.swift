import Diagnostics
import Evidence
import Foundation

/// The findings one evaluation of a rule collects through `findings.*` in Lua.
///
/// Made per evaluation (see ``RuleEnvironment``); the engine reads ``all``
/// after the rule ran. Every reference is checked against the bundle when the
/// rule adds the finding. Safe to use from several threads.
public final class RuleFindings: @unchecked Sendable {
    // `builder` is only touched with `lock` held.
    private let lock = NSLock()
    private var builder: AuditFindingsBuilder

    /// An empty collector whose references are checked against `bundle` (nil: not checked).
    public init(bundle: EvidenceBundle?) {
        builder = AuditFindingsBuilder(bundle: bundle)
    }

    /// The findings so far, in the order the rule gave them.
    public var all: [AuditFinding] {
        lock.withLock { builder.findings }
    }

    /// Adds a finding after checking its references.
    public func add(_ finding: AuditFinding) throws(FindingsError) {
        lock.lock()
        defer { lock.unlock() }
        try builder.add(finding)
    }
}
