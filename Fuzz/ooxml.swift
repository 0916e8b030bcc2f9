// libFuzzer harness: the OOXML scanner and the two readers built on it.
// The bytes are read as a `word/styles.xml` part (`DocxStyles.parse`) and as a
// `word/document.xml` part (`DocxExtractor.content`, the body reader: paragraphs,
// headings, tables). A thrown `DocxExtractor.Failure` (not well-formed XML) is
// the reader refusing the input, which is fine.
import Foundation

@testable import EvidenceFormats

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOOXML(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    let styles = DocxStyles.parse(data)
    _ = try? DocxExtractor.content(documentXML: data, styles: styles)
    return 0
}
