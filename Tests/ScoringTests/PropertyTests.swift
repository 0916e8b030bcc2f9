import Foundation
import PropertyBased
import Scheme
import Scoring
import Testing

/// Properties of the aggregation over random results.
@Suite struct PropertyTests {
    static let leaves = ISI.rubric.leaves

    /// A random outcome per leaf: 0…1000 is a fraction in thousandths, above that not applicable.
    static func results(_ codes: [Int]) -> [LeafID: LeafResult] {
        var results: [LeafID: LeafResult] = [:]
        for (leaf, code) in zip(leaves, codes) {
            results[leaf.id] = code > 1000 ? .notApplicable() : .fraction(exactly: Decimal(code) / 1000)
        }
        return results
    }

    static let codes = Gen.int(in: 0...1100).array(of: leaves.count)

    @Test func totalNeverExceedsTheSumOfThePartsPoints() async {
        let maximum = ISI.rubric.maximumTotal
        await propertyCheck(count: 200, input: Self.codes) { codes in
            let card = ISI.score(Self.results(codes))
            #expect(card.total <= maximum)
            #expect(card.total >= .zero)
            for part in card.parts { #expect(part.points <= part.maximum) }
        }
    }

    @Test func totalNeverDecreasesWhenOneFractionIncreases() async {
        await propertyCheck(
            count: 200, input: Self.codes, Gen.int(in: 0...(Self.leaves.count - 1)),
            Gen.int(in: 1...1000)
        ) { codes, index, increase in
            guard codes[index] <= 1000 else { return }
            var raised = codes
            raised[index] = min(1000, codes[index] + increase)
            let before = ISI.score(Self.results(codes))
            let after = ISI.score(Self.results(raised))
            #expect(after.total >= before.total)
            #expect(after.parts.map(\.points) >= before.parts.map(\.points))
        }
    }

    @Test func totalIsUnchangedByReorderingLeaves() async {
        await propertyCheck(count: 100, input: Self.codes, Gen.int(in: 0...Int.max)) { codes, seed in
            var generator = SplitMix(seed: UInt64(seed))
            let shuffled = Self.shuffle(ISI.rubric, using: &generator)
            let results = Self.results(codes)
            let original = ISI.score(results)
            let reordered = ISI.score(results, rubric: shuffled)
            #expect(reordered.total == original.total)
            #expect(reordered.grade == original.grade)
            for leaf in original.leaves {
                #expect(reordered.leaf(leaf.id)?.points == leaf.points)
            }
            for part in original.parts {
                #expect(reordered.part(part.id)?.points == part.points)
            }
        }
    }

    /// The rubric with its parts, indicators and children in a random order.
    static func shuffle(_ rubric: Rubric, using generator: inout SplitMix) -> Rubric {
        func shuffle(_ indicators: [Indicator]) -> [Indicator] {
            indicators.map { indicator in
                var copy = indicator
                copy.children = shuffle(indicator.children)
                return copy
            }.shuffled(using: &generator)
        }
        var copy = rubric
        copy.parts = rubric.parts.map { part in
            var part = part
            part.indicators = shuffle(part.indicators)
            return part
        }.shuffled(using: &generator)
        return copy
    }
}

extension Array where Element == Points {
    /// Element-wise comparison of equally long arrays.
    static func >= (lhs: [Points], rhs: [Points]) -> Bool {
        lhs.count == rhs.count && zip(lhs, rhs).allSatisfy { $0 >= $1 }
    }
}

/// A small seeded generator, so that a shuffle is reproducible from its seed.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
