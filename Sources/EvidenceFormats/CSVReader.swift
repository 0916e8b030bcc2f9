/// An RFC 4180 CSV reader over UTF-8 bytes: fields separated by commas, records
/// by CRLF or LF (a lone CR too), fields optionally in double quotes, in which
/// commas and line breaks are text and `""` is one quote.
///
/// It works on bytes and unescapes quoted fields in place, so reading a large
/// file allocates nothing per field. A NUL byte anywhere is a syntax error: a
/// CSV file is text, and a NUL would pass into cells and on to the rules.
///
/// Worst case: linear. Each byte is looked at once (and moved once when a quoted
/// field is unescaped); one record's field offsets are kept at a time, in arrays
/// reused from record to record, so memory is the buffer and the widest record's
/// offsets, whatever the input's shape (one huge field, one huge record, many
/// empty lines).
package struct CSVReader {
    /// A syntax error; `line` is the 1-based physical line.
    package struct SyntaxError: Error, Equatable {
        package var message: String
        package var line: Int
    }

    /// One record: the byte ranges of its fields in the buffer, and where it starts.
    package struct Record {
        /// Start and end offsets of each field's (unescaped) bytes.
        package var starts: [Int] = []
        package var ends: [Int] = []
        /// The physical line the record starts on.
        package var line = 1
        /// Whether the record is an empty line (one empty, unquoted field).
        package var isBlank = false

        package var count: Int { starts.count }
    }

    private var buffer: [UInt8]

    private static let nulMessage =
        "a NUL byte (0x00) in a field: a CSV file is text (was another kind of file saved as .csv?)"

    package init(utf8: consuming [UInt8]) {
        self.buffer = utf8
    }

    /// Calls `body` with each record, in file order, and the buffer its ranges point into.
    /// Stops at the first syntax error or at the first error `body` throws.
    package mutating func forEachRecord(_ body: (borrowing Record, Span<UInt8>) throws -> Void) throws {
        try buffer.withUnsafeMutableBufferPointer { p in
            let n = p.count
            let comma = UInt8(ascii: ",")
            let quote = UInt8(ascii: "\"")
            let cr = UInt8(ascii: "\r")
            let lf = UInt8(ascii: "\n")
            var i = 0
            var line = 1
            var record = Record()
            record.starts.reserveCapacity(32)
            record.ends.reserveCapacity(32)
            while i < n {
                record.starts.removeAll(keepingCapacity: true)
                record.ends.removeAll(keepingCapacity: true)
                record.line = line
                var firstQuoted = false
                fields: while true {
                    if i < n, p[i] == quote {
                        if record.starts.isEmpty { firstQuoted = true }
                        let openLine = line
                        i += 1
                        var w = i
                        let start = w
                        while true {
                            guard i < n else {
                                throw SyntaxError(
                                    message: "a quoted field opened on this line is never closed (a missing '\"')",
                                    line: openLine)
                            }
                            let c = p[i]
                            if c > quote {
                                // Most bytes: none of '"', LF or NUL (all below '"').
                                p[w] = c
                                w += 1
                                i += 1
                                continue
                            }
                            if c == quote {
                                if i + 1 < n, p[i + 1] == quote {
                                    p[w] = quote
                                    w += 1
                                    i += 2
                                    continue
                                }
                                i += 1
                                break
                            }
                            if c == lf { line += 1 }
                            if c == 0 { throw SyntaxError(message: Self.nulMessage, line: line) }
                            p[w] = c
                            w += 1
                            i += 1
                        }
                        record.starts.append(start)
                        record.ends.append(w)
                        if i < n, p[i] != comma, p[i] != cr, p[i] != lf {
                            throw SyntaxError(
                                message:
                                    "unexpected text after a closing quote (a field that starts with '\"' must end with '\"' before the next ',')",
                                line: line)
                        }
                    } else {
                        let start = i
                        while i < n {
                            let c = p[i]
                            if c > comma {
                                // Most bytes: none of ',', '"', CR, LF or NUL (all below ',').
                                i += 1
                                continue
                            }
                            if c == comma || c == lf || c == cr { break }
                            if c == 0 { throw SyntaxError(message: Self.nulMessage, line: line) }
                            if c == quote {
                                throw SyntaxError(
                                    message:
                                        "a '\"' inside a field that is not quoted (quote the field and double the quote: \"5\"\" screen\")",
                                    line: line)
                            }
                            i += 1
                        }
                        record.starts.append(start)
                        record.ends.append(i)
                    }
                    // After a field: a comma, a line break, or the end.
                    if i >= n { break fields }
                    let c = p[i]
                    if c == comma {
                        i += 1
                        if i >= n {
                            // A trailing comma at the very end: one more empty field.
                            record.starts.append(i)
                            record.ends.append(i)
                            break fields
                        }
                        continue fields
                    }
                    if c == cr {
                        i += (i + 1 < n && p[i + 1] == lf) ? 2 : 1
                    } else {
                        i += 1
                    }
                    line += 1
                    break fields
                }
                record.isBlank = record.starts.count == 1 && record.starts[0] == record.ends[0] && !firstQuoted
                try body(record, UnsafeBufferPointer(p).span)
            }
        }
    }
}
