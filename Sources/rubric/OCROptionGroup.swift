import Application
import ArgumentParser
import Evidence
import Foundation

/// `--ocr` and `--ocr-cache` of `rubric assess` and `rubric batch`: whether the
/// text of scanned PDF pages and of images listed as documents is recognised
/// with Tesseract, and where recognised pages are cached.
struct OCROptionGroup: ParsableArguments {
    @Flag(
        help:
            "Recognise the text of scanned PDF pages and images with Tesseract (OCR); without it they are left to the auditor. / 文字识别"
    )
    var ocr = false

    @Option(
        name: .customLong("ocr-cache"),
        help: "Where recognised pages are cached by the file's SHA-256 (default: a folder in the temporary folder).")
    var ocrCache: String?

    func validate() throws {
        if ocrCache != nil && !ocr { throw ValidationError("--ocr-cache: only with --ocr") }
    }

    /// `preparation` with these options.
    func applied(to preparation: AssessmentPreparation) -> AssessmentPreparation {
        guard ocr else { return preparation }
        var prepared = preparation
        prepared.ocr = OCRSettings(cacheDirectory: ocrCache.map { URL(fileURLWithPath: $0, isDirectory: true) })
        return prepared
    }
}
