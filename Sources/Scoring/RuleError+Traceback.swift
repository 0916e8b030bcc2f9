import Foundation

/// The frames of a rule error's traceback that lie in the rubric's own Lua
/// files, for people reading a report or a test's output.
extension RuleError {
    /// The traceback's frames in Lua files (the rule's and the library
    /// modules'), innermost first, each `file:line: in ...` with the file as
    /// the rubric names it (`rules/5.9.3.lua`, `lib/isi/records.lua`). Frames
    /// of the host's C functions and Lua's "tail calls" markers are left out;
    /// empty when the error carries no traceback.
    public var ruleFrames: [String] {
        guard let traceback else { return [] }
        return traceback.split(separator: "\n").compactMap { raw in
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return line[..<colon].hasSuffix(".lua") ? line : nil
        }
    }
}
