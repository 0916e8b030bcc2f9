/// The id of an indicator as the spec numbers it: `4.1`, `5.1`, `5.1.2`.
///
/// Ids compare by their numeric components, so `5.9` sorts before `5.10`;
/// components that are not numbers compare as text.
public struct IndicatorID: Sendable, Hashable, Comparable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public var rawValue: String

    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    public init(stringLiteral value: String) {
        self.rawValue = value
    }

    public init(from decoder: Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    /// The dot-separated components: `["5", "1", "2"]`.
    public var components: [Substring] {
        rawValue.split(separator: ".", omittingEmptySubsequences: false)
    }

    public static func < (lhs: IndicatorID, rhs: IndicatorID) -> Bool {
        let a = lhs.components
        let b = rhs.components
        for (x, y) in zip(a, b) where x != y {
            if let i = Int(x), let j = Int(y) { return i < j }
            return x < y
        }
        return a.count < b.count
    }
}

/// The id of a leaf indicator, the unit a rule judges.
public typealias LeafID = IndicatorID
