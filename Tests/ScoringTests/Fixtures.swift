import Evidence
import Foundation
import Scheme
import Scoring

/// The ISI rubric and helpers that build leaf results reaching given part points.
enum ISI {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Rubrics/isi")

    static let rubric: Rubric = {
        do { return try RubricLoader.load(directory: directory).rubric } catch { fatalError("\(error)") }
    }()

    /// Every leaf at full marks.
    static var full: [LeafID: LeafResult] {
        Dictionary(uniqueKeysWithValues: rubric.leaves.map { ($0.id, LeafResult.fraction(exactly: 1)) })
    }

    /// Results that give part 4 and part 5 exactly these points: each part loses what it
    /// must from its leaves in document order, each leaf losing at most its weight.
    static func results(part4: Points, part5: Points, in rubric: Rubric = rubric) -> [LeafID: LeafResult] {
        var results: [LeafID: LeafResult] = [:]
        for (partID, target) in [("4", part4), ("5", part5)] {
            let leaves = rubric.leaves.filter { $0.partID == partID }
            var loss = leaves.map(\.weight).sum() - target
            for leaf in leaves {
                let lost = min(loss, leaf.weight)
                loss = loss - lost
                results[leaf.id] = .fraction(exactly: (leaf.weight - lost).decimal / leaf.weight.decimal)
            }
        }
        return results
    }

    static func score(_ results: [LeafID: LeafResult], rubric: Rubric = rubric) -> Scorecard {
        Scorer(rubric: rubric).score(results: results)
    }

    /// The auditor's override of leaf `id` with `setting`.
    static func override(
        _ id: LeafID, _ setting: LeafOverride.Setting, by auditor: String,
        reason: String
    ) -> LeafOverride {
        LeafOverride(
            leaf: id, setting: setting, justification: reason, auditor: auditor,
            date: CalendarDate(year: 2026, month: 10, day: 20)!)
    }

    static func decimal(_ text: String) -> Decimal {
        Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))!
    }
}

extension Points {
    /// `Points("79.99")!` for tests.
    static func of(_ text: String) -> Points { Points(text)! }
}

extension Scorer {
    /// Scores results given by leaf id; each result takes the id of its key.
    func score(results: [LeafID: LeafResult]) -> Scorecard {
        score(
            results.sorted { $0.key.rawValue < $1.key.rawValue }.map { id, result in
                var result = result
                result.id = id
                return result
            })
    }
}

/// The results tests give by leaf id (the id comes from the key, see ``Scorer/score(results:)``).
extension LeafResult {
    static func fraction(_ value: Double) -> LeafResult {
        LeafResult(id: "", status: .scored, fraction: exactFraction(value))
    }

    static func fraction(exactly value: Decimal) -> LeafResult {
        LeafResult(id: "", status: .scored, fraction: value)
    }

    static func notApplicable(_ reason: String? = nil) -> LeafResult {
        LeafResult(id: "", status: .notApplicable, reason: reason)
    }

    static func error(_ message: String) -> LeafResult {
        LeafResult(id: "", status: .error, error: RuleError(kind: "runtime", message: message))
    }

    static func manual(_ note: String? = nil) -> LeafResult {
        LeafResult(id: "", status: .manual, reason: note)
    }

    /// This result with `override` applied.
    func overridden(_ override: LeafOverride) -> LeafResult {
        var result = self
        result.apply(override)
        return result
    }
}
