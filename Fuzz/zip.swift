// libFuzzer harness: the zip readers.
// The bytes are read as a `.docx` (`DocxExtractor.extract`, ZIPFoundation in
// memory, the part size and ratio caps, the styles cache's `ZipStoredEntry`), and
// as a bundle `.zip` that `ZipUnpacker` unpacks into an empty temporary folder
// (names, zip-slip, links, duplicates, the bomb caps, counted while unpacking).
// The unpacker's caps are lowered (64 MiB in all) so that one input cannot fill
// the disk; the checks are the same. Thrown errors are refusals, which are fine.
import Foundation

@testable import Evidence
@testable import EvidenceFormats

private let limits = ZipLimits(maximumEntries: 1_000, maximumTotalBytes: 64 << 20)
/// One folder per process, holding the input as a file and the unpacking folder.
private let scratch: URL = {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("rubric-fuzz-zip-\(getpid())")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(at: scratch) }
    return url
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzZip(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    _ = try? DocxExtractor.extract(data: data)
    _ = ZipStoredEntry(named: "word/styles.xml", in: data)

    let zip = scratch.appendingPathComponent("input.zip")
    let folder = scratch.appendingPathComponent("unpacked")
    let fileManager = FileManager.default
    try? fileManager.removeItem(at: folder)
    guard (try? data.write(to: zip)) != nil,
        (try? fileManager.createDirectory(at: folder, withIntermediateDirectories: false)) != nil
    else {
        fatalError("cannot prepare the scratch folder \(scratch.path)")
    }
    _ = try? ZipUnpacker.unpack(zip, into: folder, limits: limits, display: "input.zip")
    try? fileManager.removeItem(at: folder)
    return 0
}
