import Testing

@testable import Evidence

/// How the CSV loader turns cell bytes into stored values without a `String`
/// per cell: texts interned by their bytes, yes/no cells read by their bytes.
@Suite("Record cells read by their bytes")
struct RecordCellReadingTests {
    func code(_ interner: inout TextInterner, _ text: String) -> UInt32 {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { interner.code(ofUTF8: UnsafeBufferPointer($0).span) }
    }

    @Test func textsGetCodesInOrderOfFirstAppearance() {
        var interner = TextInterner()
        let cells = ["故障处理", "技术支持", "故障处理", "P1", "", "技术支持", "P1"]
        #expect(cells.map { code(&interner, $0) } == [0, 1, 0, 2, 3, 1, 2])
        #expect(interner.texts == ["故障处理", "技术支持", "P1", ""])
        #expect(interner.code(of: "技术支持") == 1)
        #expect(interner.code(of: "新") == 4)
        #expect(code(&interner, "新") == 4)
    }

    @Test func canonicallyEquivalentSpellingsShareTheFirstOnesCode() {
        // "é" precomposed (U+00E9) and decomposed (e + U+0301): equal Swift strings,
        // different bytes; as when interning by `String`, the first spelling is kept.
        var interner = TextInterner()
        #expect(code(&interner, "caf\u{E9}") == 0)
        #expect(code(&interner, "cafe\u{301}") == 0)
        #expect(code(&interner, "cafe\u{301}") == 0)
        #expect(interner.texts.count == 1)
        #expect(Array(interner.texts[0].utf8) == Array("caf\u{E9}".utf8))
    }

    @Test func manyDistinctTextsKeepTheirCodes() {
        var interner = TextInterner()
        for i in 0..<5000 { #expect(code(&interner, "工单-\(i)") == UInt32(i)) }
        for i in stride(from: 4999, through: 0, by: -7) { #expect(code(&interner, "工单-\(i)") == UInt32(i)) }
        #expect(interner.texts.count == 5000)
    }

    @Test func yesNoCellsReadTheSameAsByText() {
        func boolean(_ text: String) -> Bool? {
            var bytes = Array(text.utf8)
            return bytes.withUnsafeMutableBufferPointer { CellParsing.boolean(UnsafeBufferPointer($0).span) }
        }
        for yes in ["true", "TRUE", "True", "yes", "YeS", "y", "Y", "1", "是"] {
            #expect(boolean(yes) == true, "\(yes)")
        }
        for no in ["false", "FALSE", "no", "No", "n", "N", "0", "否"] { #expect(boolean(no) == false, "\(no)") }
        for neither in ["t", "f", "ye", "2", "yes!", "falsey", "是的", "对", "-1", "tru"] {
            #expect(boolean(neither) == nil, "\(neither)")
        }
    }
}
