import Foundation
import Signing
import TestSupport
import Testing

@Suite("Report signatures")
struct ReportSignatureTests {
    /// A JSON report as `rubric assess --format json` writes it.
    static let report: String = {
        let url = RepositoryPaths.tests.appendingPathComponent("ReportsTests/Golden/mini-basic.json")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }()

    @Test("a signed report verifies with its key, and the signature is its last member")
    func roundTrip() throws {
        let key = SigningKey.generate()
        let signature = try ReportSignature.sign(reportJSON: Self.report, with: key)
        let signed = signature.inserted(into: Self.report)
        #expect(signed.hasPrefix(String(Self.report.dropLast(3))))
        #expect(signed.hasSuffix("\"\n  }\n}\n"))
        let verified = try ReportSignature.verify(reportJSON: signed, with: key.verifyingKey)
        #expect(verified == signature)
        #expect(verified.keyFingerprint == key.verifyingKey.fingerprint)
        // Reformatting changes no value, so the signature still holds.
        let reformatted = String(decoding: try CanonicalJSON.bytes(of: JSONTree(parsing: signed)), as: UTF8.self)
        #expect(throws: Never.self) { try ReportSignature.verify(reportJSON: reformatted, with: key.verifyingKey) }
    }

    @Test("an unsigned report, another key and a malformed signature each fail with their own reason")
    func failures() throws {
        let key = SigningKey.generate()
        let other = SigningKey.generate()
        #expect(throws: VerificationFailure.unsigned) {
            try ReportSignature.verify(reportJSON: Self.report, with: key.verifyingKey)
        }
        let signed = try ReportSignature.sign(reportJSON: Self.report, with: key).inserted(into: Self.report)
        #expect(
            throws: VerificationFailure.wrongKey(
                signedBy: key.verifyingKey.fingerprint, given: other.verifyingKey.fingerprint)
        ) {
            try ReportSignature.verify(reportJSON: signed, with: other.verifyingKey)
        }
        let mangled = signed.replacingOccurrences(of: "\"algorithm\": \"ed25519\"", with: "\"algorithm\": \"rsa\"")
        #expect(throws: VerificationFailure.self) {
            try ReportSignature.verify(reportJSON: mangled, with: key.verifyingKey)
        }
        #expect(throws: SigningError.self) { try ReportSignature.sign(reportJSON: signed, with: key) }
    }

    @Test("changing any value of the report, each leaf in turn, breaks the signature")
    func everyLeafTampered() throws {
        let key = SigningKey.generate()
        let signed = try ReportSignature.sign(reportJSON: Self.report, with: key).inserted(into: Self.report)
        let tree = try JSONTree(parsing: signed)
        let body = tree.removing(key: ReportSignature.memberKey)
        let signature = try #require(tree[ReportSignature.memberKey])
        let count = Tampering.leafCount(body)
        #expect(count > 50)
        for index in 0..<count {
            var remaining = index
            let tampered = Tampering.mutateLeaf(body, at: &remaining)
            guard case .object(var members) = tampered else {
                Issue.record("not an object")
                return
            }
            members.append(JSONTree.Member(key: ReportSignature.memberKey, value: signature))
            let text = String(decoding: try CanonicalJSON.bytes(of: .object(members)), as: UTF8.self)
            #expect(throws: VerificationFailure.tampered, "leaf \(index) changed") {
                try ReportSignature.verify(reportJSON: text, with: key.verifyingKey)
            }
        }
    }

    @Test("adding or removing a member breaks the signature")
    func structureTampered() throws {
        let key = SigningKey.generate()
        let signed = try ReportSignature.sign(reportJSON: Self.report, with: key).inserted(into: Self.report)
        let added = signed.replacingOccurrences(of: "{\n  \"schema\"", with: "{\n  \"extra\": 1,\n  \"schema\"")
        #expect(throws: VerificationFailure.tampered) {
            try ReportSignature.verify(reportJSON: added, with: key.verifyingKey)
        }
        let removed = signed.replacingOccurrences(of: "  \"as_of\"", with: "  \"as_of_removed\"")
        #expect(throws: VerificationFailure.tampered) {
            try ReportSignature.verify(reportJSON: removed, with: key.verifyingKey)
        }
    }
}

/// Walks a JSON tree's leaves (scalars) in document order and changes one.
enum Tampering {
    static func leafCount(_ tree: JSONTree) -> Int {
        switch tree {
        case .array(let elements): elements.reduce(0) { $0 + leafCount($1) }
        case .object(let members): members.reduce(0) { $0 + leafCount($1.value) }
        default: 1
        }
    }

    /// `tree` with its leaf number `index` (counting down to 0) changed to another value of its kind.
    static func mutateLeaf(_ tree: JSONTree, at index: inout Int) -> JSONTree {
        switch tree {
        case .array(let elements):
            return .array(elements.map { mutateLeaf($0, at: &index) })
        case .object(let members):
            return .object(members.map { JSONTree.Member(key: $0.key, value: mutateLeaf($0.value, at: &index)) })
        default:
            defer { index -= 1 }
            guard index == 0 else { return tree }
            return mutated(tree)
        }
    }

    /// Another value: a string with a character appended, a number plus one, the other boolean, null as 0.
    static func mutated(_ leaf: JSONTree) -> JSONTree {
        switch leaf {
        case .null: .number("0")
        case .bool(let flag): .bool(!flag)
        case .number(let text): .number(String((Int(text) ?? 0) + 1))
        case .string(let text): .string(text + "x")
        default: leaf
        }
    }
}
