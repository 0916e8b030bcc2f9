import Foundation

/// PDFs written by the tests themselves: small, valid PDF 1.4 files with a
/// cross-reference table, built from content streams.
public enum GeneratedPDF {
    /// A PDF whose `pages` pages hold `glyphs` single-letter glyphs in all, each
    /// placed by its own text matrix at a scattered position: the kind of PDF on
    /// which `pdftotext -layout` works super-linearly (issue 17: 400,000 glyphs
    /// on four pages gave no answer in 60 s; 20,000 take seconds of processor time).
    public static func positionedGlyphs(_ glyphs: Int, pages: Int = 4) -> Data {
        let perPage = glyphs / pages
        let streams = (0..<pages).map { _ in
            var lines = ["BT /F1 1 Tf"]
            lines.reserveCapacity(perPage + 2)
            for glyph in 0..<perPage {
                lines.append("1 0 0 1 \(glyph * 7919 % 600) \(glyph * 104_729 % 780) Tm (a) Tj")
            }
            lines.append("ET")
            return Data(lines.joined(separator: "\n").utf8)
        }
        return document(streams, resources: "<< /Font << /F1 3 0 R >> >>")
    }

    /// A PDF of `pages` pages that each show only an image (a grey square) and
    /// no text: what a scanner makes.
    public static func imageOnly(pages: Int = 2) -> Data {
        let stream = Data("q 200 0 0 200 100 400 cm BI /W 2 /H 2 /CS /G /BPC 8 ID 0@@p EI Q".utf8)
        return document(Array(repeating: stream, count: pages), resources: "<< >>")
    }

    /// A PDF of the given page content streams; object 3 is Helvetica.
    private static func document(_ streams: [Data], resources: String) -> Data {
        let kids = streams.indices.map { "\(4 + 2 * $0) 0 R" }.joined(separator: " ")
        var objects: [Data] = [
            Data("<< /Type /Catalog /Pages 2 0 R >>".utf8),
            Data("<< /Type /Pages /Kids [\(kids)] /Count \(streams.count) >>".utf8),
            Data("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".utf8),
        ]
        for (index, stream) in streams.enumerated() {
            objects.append(
                Data(
                    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources \(resources) /Contents \(5 + 2 * index) 0 R >>"
                        .utf8))
            objects.append(Data("<< /Length \(stream.count) >>\nstream\n".utf8) + stream + Data("\nendstream".utf8))
        }
        var output = Data("%PDF-1.4\n".utf8)
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(output.count)
            output += Data("\(index + 1) 0 obj\n".utf8) + object + Data("\nendobj\n".utf8)
        }
        let crossReference = output.count
        output += Data("xref\n0 \(objects.count + 1)\n0000000000 65535 f \n".utf8)
        for offset in offsets {
            let digits = String(offset)
            output += Data((String(repeating: "0", count: 10 - digits.count) + digits + " 00000 n \n").utf8)
        }
        output += Data(
            "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(crossReference)\n%%EOF\n".utf8)
        return output
    }
}
