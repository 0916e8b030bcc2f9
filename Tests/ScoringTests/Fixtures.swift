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
    static var full: [LeafID: LeafOutcome] {
        Dictionary(uniqueKeysWithValues: rubric.leaves.map { ($0.id, LeafOutcome.fraction(exactly: 1)) })
    }

    /// Results that give part 4 and part 5 exactly these points: each part loses what it
    /// must from its leaves in document order, each leaf losing at most its weight.
    static func results(part4: Points, part5: Points, in rubric: Rubric = rubric) -> [LeafID: LeafOutcome] {
        var results: [LeafID: LeafOutcome] = [:]
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

    static func score(_ results: [LeafID: LeafOutcome], rubric: Rubric = rubric) -> Scorecard {
        Scorer(rubric: rubric).score(results: results)
    }

    static func decimal(_ text: String) -> Decimal {
        Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))!
    }
}

extension Points {
    /// `Points("79.99")!` for tests.
    static func of(_ text: String) -> Points { Points(text)! }
}
