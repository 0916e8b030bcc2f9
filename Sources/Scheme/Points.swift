import Foundation

/// An exact number of points, kept in integer hundredths (0.01 point).
///
/// Weights, leaf points, part points and totals are all `Points`, so sums are
/// exact and the figure shown is the figure compared: `Points(hundredths: 17250)`
/// prints as `172.50`. Binary floating point never touches a point.
public struct Points: Sendable, Hashable, Comparable, Codable, CustomStringConvertible,
    AdditiveArithmetic, ExpressibleByIntegerLiteral
{
    /// The value in hundredths of a point.
    public var hundredths: Int

    public init(hundredths: Int) {
        self.hundredths = hundredths
    }

    /// Whole points: `Points(15)` is 15.00.
    public init(_ whole: Int) {
        self.hundredths = whole * 100
    }

    public init(integerLiteral value: Int) {
        self.init(value)
    }

    /// Parses a decimal text such as `15`, `2.5` or `0.01`.
    ///
    /// Returns `nil` when the text is not a plain decimal number or is finer than 0.01
    /// (`2.505` is rejected; `2.500` is accepted).
    public init?(_ text: String) {
        var digits = Substring(text.trimmingCharacters(in: .whitespaces))
        var negative = false
        if digits.first == "-" || digits.first == "+" {
            negative = digits.first == "-"
            digits = digits.dropFirst()
        }
        let pieces = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let wholeText = pieces.first, !wholeText.isEmpty,
            wholeText.allSatisfy(\.isASCIIDigit), wholeText.count <= 15,
            let whole = Int(wholeText)
        else { return nil }
        var fraction = pieces.count == 2 ? String(pieces[1]) : ""
        if pieces.count == 2 && fraction.isEmpty { return nil }
        guard fraction.allSatisfy(\.isASCIIDigit) else { return nil }
        while fraction.count > 2 && fraction.hasSuffix("0") { fraction.removeLast() }
        guard fraction.count <= 2 else { return nil }
        fraction = fraction.padding(toLength: 2, withPad: "0", startingAt: 0)
        let value = whole * 100 + Int(fraction)!
        self.hundredths = negative ? -value : value
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let points = Points(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "not a number of points: \(text)")
        }
        self = points
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public static let zero = Points(hundredths: 0)

    /// The exact value as a `Decimal`.
    public var decimal: Decimal {
        Decimal(hundredths) / 100
    }

    /// Two decimals always: `172.50`, `0.05`, `-3.00`.
    public var description: String {
        let magnitude = hundredths.magnitude
        let whole = magnitude / 100
        let cents = magnitude % 100
        let sign = hundredths < 0 ? "-" : ""
        return "\(sign)\(whole).\(cents < 10 ? "0" : "")\(cents)"
    }

    public static func < (lhs: Points, rhs: Points) -> Bool { lhs.hundredths < rhs.hundredths }
    public static func + (lhs: Points, rhs: Points) -> Points {
        Points(hundredths: lhs.hundredths + rhs.hundredths)
    }
    public static func - (lhs: Points, rhs: Points) -> Points {
        Points(hundredths: lhs.hundredths - rhs.hundredths)
    }
}

extension Sequence where Element == Points {
    /// The exact sum.
    public func sum() -> Points {
        reduce(.zero, +)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
