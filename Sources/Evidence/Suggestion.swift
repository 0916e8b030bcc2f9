import Diagnostics

extension Suggestion {
    /// `; did you mean 'x'?` or the empty string.
    static func hint(for word: String, in candidates: [String]) -> String {
        guard let match = closest(to: word, among: candidates) else { return "" }
        return "; did you mean '\(match)'?"
    }
}
