import Foundation

/// The signature of a JSON report, carried in the report's top-level
/// `signature` object (docs/signing.md): the Ed25519 signature of the
/// canonical JSON (``CanonicalJSON``) of the report without that object.
///
/// ```swift
/// let signed = try ReportSignature.sign(reportJSON: text, with: key).inserted(into: text)
/// let signature = try ReportSignature.verify(reportJSON: signed, with: key.verifyingKey)
/// ```
public struct ReportSignature: Sendable, Hashable {
    /// The only algorithm: Ed25519 (RFC 8032).
    public static let ed25519 = "ed25519"
    /// The report's key that holds the signature.
    public static let memberKey = "signature"

    public var algorithm: String
    /// The ``VerifyingKey/fingerprint`` of the key that signed.
    public var keyFingerprint: String
    /// The 64-byte signature in base64.
    public var value: String

    public init(algorithm: String = Self.ed25519, keyFingerprint: String, value: String) {
        self.algorithm = algorithm
        self.keyFingerprint = keyFingerprint
        self.value = value
    }

    /// Signs the report `reportJSON`, which must carry no signature yet.
    public static func sign(reportJSON: String, with key: SigningKey) throws(SigningError) -> ReportSignature {
        let tree: JSONTree
        do {
            tree = try JSONTree(parsing: reportJSON)
        } catch {
            throw .malformedReport(reason: error.description)
        }
        guard case .object = tree else { throw .malformedReport(reason: "the document is not an object") }
        guard tree[memberKey] == nil else { throw .malformedReport(reason: "the report is already signed") }
        let bytes: [UInt8]
        do {
            bytes = try CanonicalJSON.bytes(of: tree)
        } catch {
            throw .malformedReport(reason: error.description)
        }
        let signature = try key.signature(for: bytes)
        return ReportSignature(
            keyFingerprint: key.verifyingKey.fingerprint, value: signature.base64EncodedString())
    }

    /// `reportJSON` (as the JSON report writes it: an object whose closing
    /// brace ends the text, before a newline) with this signature as its last
    /// member, indented as the report's other members are.
    public func inserted(into reportJSON: String) -> String {
        var text = reportJSON
        while text.last?.isWhitespace == true { text.removeLast() }
        guard text.last == "}" else { return reportJSON }
        text.removeLast()
        while text.last?.isWhitespace == true { text.removeLast() }
        let separator = text.last == "{" ? "\n" : ",\n"
        return text + separator + """
              "\(Self.memberKey)": {
                "algorithm": "\(algorithm)",
                "key_fingerprint": "\(keyFingerprint)",
                "value": "\(value)"
              }
            }

            """
    }

    /// Checks the signature that `reportJSON` carries against `key`, and returns it.
    public static func verify(reportJSON: String, with key: VerifyingKey) throws(VerificationFailure)
        -> ReportSignature
    {
        let tree: JSONTree
        do {
            tree = try JSONTree(parsing: reportJSON)
        } catch {
            throw .malformedReport(error.description)
        }
        guard case .object = tree else { throw .malformedReport("the document is not a JSON object") }
        guard let member = tree[memberKey] else { throw .unsigned }
        let signature = try parse(member)
        guard signature.algorithm == ed25519 else {
            throw .malformedSignature("the algorithm is '\(signature.algorithm)'; only \(ed25519) is known")
        }
        guard signature.keyFingerprint == key.fingerprint else {
            throw .wrongKey(signedBy: signature.keyFingerprint, given: key.fingerprint)
        }
        guard let value = Data(base64Encoded: signature.value), value.count == 64 else {
            throw .malformedSignature("the value is not 64 bytes in base64")
        }
        let bytes: [UInt8]
        do {
            bytes = try CanonicalJSON.bytes(of: tree.removing(key: memberKey))
        } catch {
            throw .malformedReport(error.description)
        }
        guard key.isValidSignature(value, for: bytes) else { throw .tampered }
        return signature
    }

    /// The signature a report's `signature` member holds.
    public static func parse(_ member: JSONTree) throws(VerificationFailure) -> ReportSignature {
        guard case .object(let members) = member,
            members.map(\.key) == ["algorithm", "key_fingerprint", "value"],
            let algorithm = member["algorithm"]?.stringValue,
            let fingerprint = member["key_fingerprint"]?.stringValue,
            let value = member["value"]?.stringValue
        else {
            throw .malformedSignature("expected an object of the strings algorithm, key_fingerprint and value")
        }
        return ReportSignature(algorithm: algorithm, keyFingerprint: fingerprint, value: value)
    }
}

/// Why a report's signature does not verify.
public enum VerificationFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The report has no `signature` member.
    case unsigned
    /// The report is not a JSON object, or has no canonical form.
    case malformedReport(String)
    /// The `signature` member is not as docs/signing.md describes.
    case malformedSignature(String)
    /// The report names another key than the one given.
    case wrongKey(signedBy: String, given: String)
    /// The signature does not match the report's content.
    case tampered

    public var description: String {
        switch self {
        case .unsigned:
            "the report is not signed (it has no signature object; sign with rubric assess --sign KEY)"
        case .malformedReport(let reason): "not a JSON report: \(reason)"
        case .malformedSignature(let reason): "the signature object is malformed: \(reason)"
        case .wrongKey(let signedBy, let given):
            "signed with another key: the report names key \(signedBy), the key given is \(given)"
        case .tampered:
            "the signature does not match the report's content: the report was changed after it was signed"
        }
    }
}
