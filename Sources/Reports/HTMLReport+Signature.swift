import Signing

extension HTMLReport {
    /// The signature section: the key fingerprint and signature value of the
    /// signed JSON report of the same assessment (`rubric assess --sign`), so
    /// that a reader of the page can match it with the JSON and its key. No
    /// lines when the report is not signed.
    static func signatureSection(_ signature: ReportSignature?, labels: Labels) -> [String] {
        guard let signature else { return [] }
        func e(_ text: String) -> String { HTMLText.escape(text) }
        return [
            "<section class=\"signature\">",
            "<h2>\(e(labels.text("签名", "Signature")))</h2>",
            "<table class=\"facts\">",
            "<tr><th>\(e(labels.text("算法", "Algorithm")))</th><td>\(e(signature.algorithm))</td></tr>",
            "<tr><th>\(e(labels.text("签名密钥指纹", "Key fingerprint")))</th>"
                + "<td><code style=\"overflow-wrap: anywhere\">\(e(signature.keyFingerprint))</code></td></tr>",
            "<tr><th>\(e(labels.text("JSON 报告的签名", "Signature of the JSON report")))</th>"
                + "<td><code style=\"overflow-wrap: anywhere\">\(e(signature.value))</code></td></tr>",
            "</table>",
            "</section>",
        ]
    }
}
