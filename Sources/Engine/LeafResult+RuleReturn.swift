import Diagnostics
import Evidence
import Foundation
import LuaHost
import RuleAPI
import Scheme
import Scoring

/// Reading what a rule function returned, checked against the contract of
/// docs/rule-contract.md. Every problem is a bad return value that names the
/// rule file and what was wrong.
extension LeafResult {
    /// The keys a returned table may have.
    static let returnKeys = ["critical", "findings", "manual", "not_applicable", "reason", "score", "summary"]

    /// The result of leaf `id` as the values its rule function returned say:
    /// its status, fraction, summary and reason, and in `findings` the
    /// entries of the returned `findings` list, references not yet checked,
    /// and in `reportedCritical` the outcomes of the leaf's critical demands
    /// (`critical`: the ids the rubric declares for the leaf).
    init(id: LeafID, returned results: [LuaValue], ruleFile: String, critical: [String] = []) throws(RuleError) {
        func bad(_ problem: String) -> RuleError { .badReturnValue(problem, ruleFile: ruleFile) }

        guard results.count <= 1 else {
            throw bad("the rule function must return one table, got \(results.count) values")
        }
        let result = results.first ?? .nil
        guard case .table = result, let fields = result.tableValue else {
            let got = result.typeName == "table" ? "a list" : result.typeName
            throw bad(
                "the rule function must return a table {score = ...}, {not_applicable = true, reason = ...} "
                    + "or {manual = true, reason = ...}, got \(got)")
        }
        for key in fields.keys.sorted() where !Self.returnKeys.contains(key) {
            throw bad("unknown key '\(key)' (keys: \(Self.returnKeys.joined(separator: ", ")))")
        }

        let given = ["score", "not_applicable", "manual"].filter { fields[$0] != nil }
        guard given.count == 1 else {
            throw bad(
                given.isEmpty
                    ? "the table needs exactly one of score, not_applicable and manual; it has none"
                    : "the table needs exactly one of score, not_applicable and manual; it has \(given.joined(separator: " and "))"
            )
        }
        switch given[0] {
        case "score":
            self.init(id: id, status: .scored, fraction: try Self.fraction(fields["score"]!, bad: bad))
        case "not_applicable":
            guard fields["not_applicable"] == .boolean(true) else {
                throw bad("not_applicable must be true, got \(Self.describe(fields["not_applicable"]!))")
            }
            self.init(id: id, status: .notApplicable)
        default:
            guard fields["manual"] == .boolean(true) else {
                throw bad("manual must be true, got \(Self.describe(fields["manual"]!))")
            }
            self.init(id: id, status: .manual)
        }

        switch fields["summary"] {
        case nil: summary = nil
        case .string(let text)?: summary = text
        case let other?: throw bad("summary must be a string, got \(Self.describe(other))")
        }

        switch (fields["reason"], status) {
        case (nil, .scored):
            reason = nil
        case (_?, .scored):
            throw bad("reason goes with not_applicable or manual; a score explains itself with summary")
        case (.string(let text)?, _) where !text.isEmpty:
            reason = text
        case (nil, _):
            throw bad("\(given[0]) needs a reason (a non-empty string)")
        case (let other?, _):
            throw bad("reason must be a non-empty string, got \(Self.describe(other))")
        }

        if let table = fields["critical"] {
            reportedCritical = try Self.criticalOutcomes(table, declared: critical, bad: bad)
        }

        if let list = fields["findings"] {
            guard let items = list.arrayValue else {
                throw bad("findings must be a list of {level = ..., message = ...} tables, got a table with keys")
            }
            for (index, item) in items.enumerated() {
                do throws(FindingsError) {
                    findings.append(try AuditFinding(value: item.evidenceValue))
                } catch {
                    throw bad("findings[\(index + 1)]: \(error.findings.map(\.message).joined(separator: "; "))")
                }
            }
        }
    }

    /// The `critical` table: each key a critical demand the rubric declares for
    /// the leaf, each value `"met"`, `"missed_somewhere"` or `"missed_throughout"`.
    private static func criticalOutcomes(
        _ value: LuaValue, declared: [String], bad: (String) -> RuleError
    ) throws(RuleError) -> [String: CriticalOutcome.Outcome] {
        let reportable = CriticalOutcome.Outcome.allCases.filter { $0 != .notReported }.map(\.rawValue)
        guard let table = value.tableValue else {
            throw bad(
                "critical must be a table of demand ids to \(reportable.joined(separator: ", ")), got \(describe(value))"
            )
        }
        var outcomes: [String: CriticalOutcome.Outcome] = [:]
        for key in table.keys.sorted() {
            guard declared.contains(key) else {
                let known =
                    declared.isEmpty ? "the rubric declares none for this leaf" : declared.joined(separator: ", ")
                throw bad("critical names '\(key)', which is not a critical demand of the leaf (\(known))")
            }
            guard case .string(let text)? = table[key], let outcome = CriticalOutcome.Outcome(rawValue: text),
                outcome != .notReported
            else {
                throw bad(
                    "critical.\(key) must be one of \(reportable.joined(separator: ", ")), got \(describe(table[key] ?? .nil))"
                )
            }
            outcomes[key] = outcome
        }
        return outcomes
    }

    /// A score: a number in [0, 1], exact through its shortest decimal text and
    /// then rounded half-up to ``LeafResult/fractionDecimals`` decimals, so that
    /// the fraction the points come from is the one every report shows.
    private static func fraction(_ value: LuaValue, bad: (String) -> RuleError) throws(RuleError) -> Decimal {
        switch value {
        case .integer(let number) where number == 0 || number == 1:
            return Decimal(number)
        case .number(let number) where number.isFinite && number >= 0 && number <= 1:
            return roundedFraction(exactFraction(number))
        default:
            break
        }
        throw bad("score must be a number in [0, 1], got \(describe(value))")
    }

    /// A value as a message shows it: numbers and Booleans as written, strings quoted, others by type.
    static func describe(_ value: LuaValue) -> String {
        switch value {
        case .nil: "nil"
        case .boolean(let flag): "\(flag)"
        case .integer(let number): "\(number)"
        case .number(let number): "\(number)"
        case .string(let text): "the string \"\(text)\""
        default: "a \(value.typeName)"
        }
    }
}
