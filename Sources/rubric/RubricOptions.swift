import Application
import ArgumentParser
import Evidence
import Foundation
import Reports

/// The options of every command that reads a rubric to assess or explain:
/// the rubric folder, its overlays and the language of labels.
struct RubricOptions: ParsableArguments {
    @Option(help: "The rubric folder (with rubric.yaml). / 评分细则目录")
    var rubric: String

    @Option(
        name: .customLong("overlay"),
        help: "An overlay file applied over the rubric; repeat for several, applied in order. / 覆盖文件")
    var overlays: [String] = []

    @Option(
        help: "The report's language: bilingual (Chinese with English alongside), zh or en, messages included. / 报告语言")
    var lang: ReportLanguage = .bilingual

    /// The rubric folder.
    var rubricDirectory: URL { URL(fileURLWithPath: rubric) }

    /// The overlay files, in order.
    var overlayFiles: [URL] { overlays.map { URL(fileURLWithPath: $0) } }

    /// Loads the rubric and its overlays for an assessment made as of `asOf`
    /// (nil: each bundle's own date).
    func prepare(asOf: CalendarDate? = nil) throws(RunFailure) -> AssessmentPreparation {
        try AssessmentPreparation(
            rubricDirectory: rubricDirectory, overlays: overlayFiles, asOf: asOf,
            language: lang, engineVersion: RubricCommand.configuration.version)
    }
}
