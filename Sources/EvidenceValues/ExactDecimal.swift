import Foundation

/// A decimal number kept exactly as written: a signed integer significand and a
/// count of digits after the point. `12.50` is 1250 with scale 2.
///
/// Enough for money (to the fen) and hours: up to 18 significant digits.
/// Comparison and equality are by value (`12.5 == 12.50`); the text form keeps
/// the digits as written (`12.50`).
public struct ExactDecimal: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The digits as an integer, with the sign.
    public let significand: Int64
    private let storedScale: UInt8
    /// How many of the digits are after the decimal point (0...18).
    public var scale: Int { Int(storedScale) }

    public init(significand: Int64, scale: Int) {
        precondition((0...18).contains(scale), "ExactDecimal scale must be in 0...18")
        self.significand = significand
        self.storedScale = UInt8(scale)
    }

    /// Parses `[+-]digits[.digits]`; nil for anything else, or for more than 18 digits.
    public init?(_ text: String) {
        guard let value = ExactDecimal.parse(text.utf8.span) else { return nil }
        self = value
    }

    /// Parses the bytes of `[+-]digits[.digits]`; nil for anything else, or for more than 18 digits.
    package static func parse(_ bytes: Span<UInt8>) -> ExactDecimal? {
        var i = 0
        let n = bytes.count
        var negative = false
        if i < n, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        var significand: Int64 = 0
        var digitCount = 0
        var scale = 0
        var seenPoint = false
        var digitsBeforePoint = 0
        while i < n {
            let byte = bytes[i]
            if byte == UInt8(ascii: ".") {
                guard !seenPoint, digitsBeforePoint > 0 else { return nil }
                seenPoint = true
            } else {
                let d = byte &- UInt8(ascii: "0")
                guard d < 10 else { return nil }
                if significand != 0 || d != 0 { digitCount += 1 }
                guard digitCount <= 18 else { return nil }
                significand = significand * 10 + Int64(d)
                if seenPoint { scale += 1 } else { digitsBeforePoint += 1 }
                guard scale <= 18 else { return nil }
            }
            i += 1
        }
        guard digitsBeforePoint > 0, !(seenPoint && scale == 0) else { return nil }
        return ExactDecimal(significand: negative ? -significand : significand, scale: scale)
    }

    /// The digits as written, with the point: `-12.50`.
    public var description: String {
        let magnitude = String(significand.magnitude)
        let sign = significand < 0 ? "-" : ""
        guard scale > 0 else { return sign + magnitude }
        let padded =
            magnitude.count <= scale
            ? String(repeating: "0", count: scale - magnitude.count + 1) + magnitude
            : magnitude
        let split = padded.index(padded.endIndex, offsetBy: -scale)
        return sign + padded[..<split] + "." + padded[split...]
    }

    /// The nearest `Double`: exact for the values money and hours take.
    public var doubleValue: Double {
        if significand.magnitude < (1 << 53), scale <= 22 {
            // Both operands are exact doubles, so the quotient is correctly rounded.
            return Double(significand) / powersOfTen[scale]
        }
        return Double(description) ?? .nan
    }

    /// The value as a Foundation `Decimal`, exactly.
    public var decimalValue: Decimal {
        Decimal(sign: significand < 0 ? .minus : .plus, exponent: -scale, significand: Decimal(significand.magnitude))
    }

    public static func < (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool {
        lhs.decimalValue < rhs.decimalValue
    }

    public static func == (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool {
        lhs.decimalValue == rhs.decimalValue
    }

    public func hash(into hasher: inout Hasher) {
        // Equal values hash equally: drop trailing zeros after the point.
        var s = significand
        var k = scale
        while k > 0, s % 10 == 0 {
            s /= 10
            k -= 1
        }
        hasher.combine(s)
        hasher.combine(k)
    }
}

private let powersOfTen: [Double] = (0...22).map { k in
    var value = 1.0
    for _ in 0..<k { value *= 10 }
    return value
}
