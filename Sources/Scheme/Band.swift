import Diagnostics
import Foundation

/// A scoring band of Appendix C: a range of fractions and the criteria that describe it.
public struct Band: Sendable, Hashable {
    /// One statement of a band's description (level, trend, comparison).
    public struct Criterion: Sendable, Hashable {
        public var text: LocalizedText
        /// Whether the rubric reconstructed this statement (the spec's text is missing).
        public var reconstructed: Bool

        public init(text: LocalizedText, reconstructed: Bool = false) {
            self.text = text
            self.reconstructed = reconstructed
        }
    }

    public var id: String
    /// The fractions the band covers (written in percent in the rubric).
    public var range: Interval
    public var label: LocalizedText
    public var criteria: [Criterion]
    /// Whether the whole row was reconstructed by the rubric.
    public var reconstructed: Bool
    /// Why the band reads as it does (an erratum, a source).
    public var note: String?
    public var location: SourceLocation?

    public init(
        id: String, range: Interval, label: LocalizedText, criteria: [Criterion] = [],
        reconstructed: Bool = false, note: String? = nil, location: SourceLocation? = nil
    ) {
        self.id = id
        self.range = range
        self.label = label
        self.criteria = criteria
        self.reconstructed = reconstructed
        self.note = note
        self.location = location
    }

    /// The highest fraction the band holds at a step of 0.01: its upper end when
    /// closed, else 0.01 below it (0.79 for [60%, 80%)). A leaf held within the
    /// band by a missed critical demand is capped at this fraction.
    public var highestFraction: Decimal {
        range.upperClosed ? range.upper : range.upper - Decimal(string: "0.01")!
    }

    /// Whether any part of the band's text is the rubric's reconstruction.
    public var containsReconstruction: Bool {
        reconstructed || criteria.contains { $0.reconstructed }
    }
}
