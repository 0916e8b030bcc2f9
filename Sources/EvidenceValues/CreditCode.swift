/// The unified social credit code (统一社会信用代码) of GB 32100-2015: 18 characters
/// from `0-9` and `A-Z` without I, O, S, V and Z, the last one a check character.
package enum CreditCode {
    static let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    package enum Problem: Equatable {
        case malformed
        case checkCharacter(expected: Character)
    }

    /// Nil when `code` is valid; otherwise what is wrong with it.
    package static func problem(with code: String) -> Problem? {
        let characters = Array(code)
        guard characters.count == 18, characters.allSatisfy({ alphabet.contains($0) }) else { return .malformed }
        guard let expected = checkCharacter(for: String(characters[0..<17])) else { return .malformed }
        return characters[17] == expected ? nil : .checkCharacter(expected: expected)
    }

    /// The check character for the first 17 characters of a code.
    package static func checkCharacter(for first17: String) -> Character? {
        let characters = Array(first17)
        guard characters.count == 17 else { return nil }
        var sum = 0
        for (i, c) in characters.enumerated() {
            guard let value = alphabet.firstIndex(of: c) else { return nil }
            sum += value * weights[i]
        }
        let check = (31 - sum % 31) % 31
        return alphabet[check]
    }
}
