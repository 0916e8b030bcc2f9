import Foundation
import YAMLSupport

/// An interval of exact numbers, written the mathematical way: `[80, 90)`, `[95, 100]`.
///
/// In a rubric, grade intervals are in points and band intervals in percent
/// (`[20%, 40%)`); band intervals are stored as fractions (0.2 to 0.4).
public struct Interval: Sendable, Hashable, CustomStringConvertible {
    public var lower: Decimal
    public var upper: Decimal
    public var lowerClosed: Bool
    public var upperClosed: Bool
    /// Whether the interval was written in percent (and is stored as fractions).
    public var percent: Bool

    public init(
        lower: Decimal, upper: Decimal, lowerClosed: Bool = true, upperClosed: Bool = false,
        percent: Bool = false
    ) {
        self.lower = lower
        self.upper = upper
        self.lowerClosed = lowerClosed
        self.upperClosed = upperClosed
        self.percent = percent
    }

    /// Parses `[a, b)`, `[a, b]`, `(a, b]` or `(a, b)`. With `percent`, both end points
    /// must carry `%` and are divided by 100. Returns `nil` on malformed text.
    public init?(_ text: String, percent: Bool = false) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let open = trimmed.first, let close = trimmed.last, trimmed.count >= 5,
            "[(".contains(open), "])".contains(close)
        else { return nil }
        let inner = trimmed.dropFirst().dropLast()
        let ends = inner.split(separator: ",", omittingEmptySubsequences: false)
        guard ends.count == 2,
            let lower = Interval.number(ends[0], percent: percent),
            let upper = Interval.number(ends[1], percent: percent)
        else { return nil }
        self.init(
            lower: lower, upper: upper, lowerClosed: open == "[", upperClosed: close == "]",
            percent: percent)
    }

    private static func number(_ text: Substring, percent: Bool) -> Decimal? {
        var body = text.trimmingCharacters(in: .whitespaces)
        if percent {
            guard body.hasSuffix("%") else { return nil }
            body.removeLast()
            body = body.trimmingCharacters(in: .whitespaces)
        }
        guard let value = exactDecimal(body) else { return nil }
        return percent ? value / 100 : value
    }

    /// Whether `value` lies in the interval.
    public func contains(_ value: Decimal) -> Bool {
        let aboveLower = lowerClosed ? value >= lower : value > lower
        let belowUpper = upperClosed ? value <= upper : value < upper
        return aboveLower && belowUpper
    }

    /// `[80, 90)` or `[20%, 40%)`.
    public var description: String {
        func show(_ value: Decimal) -> String {
            percent ? "\(value * 100)%" : "\(value)"
        }
        return "\(lowerClosed ? "[" : "(")\(show(lower)), \(show(upper))\(upperClosed ? "]" : ")")"
    }
}

/// Parses a plain decimal text (`12`, `-0.5`, `2.50`) exactly; `nil` for anything else.
func exactDecimal(_ text: String) -> Decimal? {
    YAMLReader.exactDecimal(text)
}
