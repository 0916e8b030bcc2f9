import Reports
import Testing

@Suite("UUIDv5")
struct UUIDv5Tests {
    @Test(
        "the same ids as Python's uuid.uuid5",
        arguments: [
            (UUIDv5.dns, "python.org", "886313e1-3b8a-5372-9b90-0c9aee199e5d"),
            (UUIDv5.url, "urn:rubric:oscal", "c2f9f90b-f56f-5e89-aca6-021f33275834"),
            (UUIDv5.url, "审核", "0d2984c1-d4ce-5fcf-9790-49a7dafe186d"),
        ])
    func knownValues(namespace: UUIDv5, name: String, expected: String) {
        #expect(UUIDv5(namespace: namespace, name: name).description == expected)
    }
}
