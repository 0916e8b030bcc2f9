// libFuzzer harness: the bundle manifest reader (`bundle.yaml`).
// The bytes go the way `BundleOpener` takes them: decoded (UTF-8, else GB18030),
// then read by `ManifestLoader`, which takes plain manifests itself and leaves the
// rest to Yams (libyaml). Findings are the reader refusing the input, which is fine;
// only a crash, a hang or a memory blow-up is a finding of the fuzzer.
import EvidenceFormats

@testable import Evidence

/// Document types as a rubric declares them, so that the type check runs too.
private let documentTypes = ["procedure", "service_policy", "test_report", "communication_record", "plan_confirmation"]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzManifest(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    guard case .success(let decoded) = TextDecoder.decode(bytes, declared: nil) else { return 0 }
    let yaml = String(decoding: decoded.utf8, as: UTF8.self)
    _ = ManifestLoader(documentTypes: documentTypes, schemeID: "isi").load(yaml: yaml, file: "bundle.yaml")
    return 0
}
