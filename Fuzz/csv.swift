// libFuzzer harness: the CSV reader of record tables.
// The bytes go through `RecordTableLoader`, as a record table's file does: decoded
// (UTF-8, else GB18030), split into records by `CSVReader`, every cell converted
// to its column's type. The columns are the input's own header fields (so that
// the cells are reached), typed in turn string, integer, decimal, date, datetime,
// boolean, the even ones required. A thrown `FindingsError` is the reader
// refusing the input, which is fine.
import EvidenceFormats

@testable import Evidence

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    let spec = RecordTableSpec(name: "fuzz", path: "fuzz.csv", columns: headerColumns(bytes))
    _ = try? RecordTableLoader.load(spec: spec, bytes: bytes, file: "fuzz.csv")
    return 0
}

/// The fields of the first record, as columns of every type in turn; one column when
/// the header cannot be read.
private func headerColumns(_ bytes: [UInt8]) -> [ColumnSpec] {
    var names: [String] = []
    var reader = CSVReader(utf8: bytes)
    struct Stop: Error {}
    try? reader.forEachRecord { record, buffer in
        for field in 0..<record.count {
            let text = buffer.extracting(record.starts[field]..<record.ends[field])
            names.append(text.withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) })
        }
        throw Stop()
    }
    if names.isEmpty { names = ["value"] }
    let types = ColumnType.allCases
    return names.prefix(64).enumerated().map { index, name in
        ColumnSpec(name: name, type: types[index % types.count], required: index % 2 == 0)
    }
}
