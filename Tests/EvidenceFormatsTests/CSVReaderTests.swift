import Testing

@testable import EvidenceFormats

@Suite("CSV syntax (RFC 4180)")
struct CSVReaderTests {
    /// Every record as its fields' text and its starting line.
    func parse(_ text: String) throws -> [(fields: [String], line: Int)] {
        var reader = CSVReader(utf8: Array(text.utf8))
        var result: [(fields: [String], line: Int)] = []
        try reader.forEachRecord { record, bytes in
            var fields: [String] = []
            for i in 0..<record.count {
                fields.append(String(decodingUTF8: bytes.extracting(record.starts[i]..<record.ends[i])))
            }
            result.append((fields, record.line))
        }
        return result
    }

    @Test func plainAndQuotedFields() throws {
        let records = try parse("a,b,c\n1,\"x, y\",\"he said \"\"hi\"\"\"\n")
        #expect(records.map(\.fields) == [["a", "b", "c"], ["1", "x, y", "he said \"hi\""]])
    }

    @Test func lineBreaksOfEveryKind() throws {
        #expect(try parse("a,b\r\n1,2\r\n").map(\.fields) == [["a", "b"], ["1", "2"]])
        #expect(try parse("a,b\r1,2").map(\.fields) == [["a", "b"], ["1", "2"]])
        #expect(try parse("a,b\n1,2").map(\.fields) == [["a", "b"], ["1", "2"]])
    }

    @Test func embeddedNewlinesKeepLineNumbers() throws {
        let records = try parse("h1,h2\r\n\"two\r\nlines\",x\r\nnext,y\r\n")
        #expect(records.map(\.fields) == [["h1", "h2"], ["two\r\nlines", "x"], ["next", "y"]])
        #expect(records.map(\.line) == [1, 2, 4])
    }

    @Test func emptyFieldsAndTrailingComma() throws {
        #expect(try parse(",,\n").map(\.fields) == [["", "", ""]])
        #expect(try parse("a,").map(\.fields) == [["a", ""]])
        #expect(try parse("\"\",x\n").map(\.fields) == [["", "x"]])
    }

    @Test func unterminatedQuoteNamesTheLineItOpened() {
        #expect {
            try parse("a,b\n1,\"never\nclosed\n")
        } throws: { error in
            (error as? CSVReader.SyntaxError)?.line == 2
        }
    }

    @Test func strayQuotesAreErrors() {
        #expect(throws: CSVReader.SyntaxError.self) { try parse("a,b\n5\" screen,x\n") }
        #expect(throws: CSVReader.SyntaxError.self) { try parse("a,b\n\"quoted\"tail,x\n") }
    }
}
