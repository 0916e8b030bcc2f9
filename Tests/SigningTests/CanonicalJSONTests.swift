import Foundation
import Signing
import Testing

@Suite("Canonical JSON")
struct CanonicalJSONTests {
    static func canonical(_ text: String) throws -> String {
        String(decoding: try CanonicalJSON.bytes(of: JSONTree(parsing: text)), as: UTF8.self)
    }

    @Test("keys sorted by UTF-16 code units, no whitespace, integers normalised")
    func form() throws {
        let text = """
            { "b": [1, -0, 007e0 ], "a": {"z": null, "é": true, "\\ud83d\\ude00": false, "ﬀ": "x"} }
            """
        // 007e0 is no JSON number: leading zeros are refused.
        #expect(throws: JSONTreeError.self) { try Self.canonical(text) }
        let valid = """
            { "b": [1, -0, 10 ], "a": {"z": null, "é": true, "\\ud83d\\ude00": false, "ﬀ": "x"} }
            """
        #expect(try Self.canonical(valid) == "{\"a\":{\"z\":null,\"é\":true,\"😀\":false,\"ﬀ\":\"x\"},\"b\":[1,0,10]}")
    }

    @Test("strings keep their characters and escape only what JSON must")
    func strings() throws {
        #expect(
            try Self.canonical(#"["a\"b\\c\/d\u0001\n\t 中文 \u2028"]"#) == "[\"a\\\"b\\\\c/d\\u0001\\n\\t 中文 \u{2028}\"]"
        )
    }

    @Test("a number with a fraction or exponent has no canonical form here")
    func fractions() {
        #expect(throws: CanonicalJSON.Unsupported.self) { try Self.canonical("[1.5]") }
        #expect(throws: CanonicalJSON.Unsupported.self) { try Self.canonical("[1e3]") }
    }

    @Test(
        "duplicate keys, trailing text and unclosed strings are refused",
        arguments: [
            #"{"a": 1, "a": 2}"#, "{} x", #"["abc"#, "[1,]", #"{"a" 1}"#, "\u{1}",
        ])
    func refused(text: String) {
        #expect(throws: JSONTreeError.self) { try JSONTree(parsing: text) }
    }

    @Test("the first difference is named by its path, with both values")
    func firstDifference() throws {
        let left = try JSONTree(parsing: #"{"a": [1, {"b": "x"}], "c": 2}"#)
        let right = try JSONTree(parsing: #"{"a": [1, {"b": "y"}], "c": 3}"#)
        let difference = try #require(left.firstDifference(from: right))
        #expect(difference.path == "a[1].b")
        #expect(difference.description == #"a[1].b: "x" against "y""#)
        #expect(left.firstDifference(from: left) == nil)
        let shorter = try JSONTree(parsing: #"{"a": [1]}"#)
        #expect(left.firstDifference(from: shorter)?.path == "a[1]")
    }
}
