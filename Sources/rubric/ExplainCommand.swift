import ArgumentParser
import Authoring
import Foundation
import Reports
import Scheme

/// `rubric explain --rubric DIR ID`: describes one indicator of a rubric.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show the clause, weight, bands, params and rule of one indicator. / 说明一个指标。",
        discussion: """
            Prints the indicator's clause text, weight, parent and children, the scoring \
            bands, and for a leaf its params (in file order), documents, rule path and limits.

            Exit status: 0 explained; 1 bad input (rubric, overlay) or an id that names no \
            indicator (with a suggestion when one is close); \(ExitStatusText.badUsage).

            With --evidence, prints the rubric's evidence catalogue instead: the document \
            types with their labels and keywords, the record tables with their columns and \
            aliases, and the leaves that read each.

            Examples:
              rubric explain --rubric Rubrics/isi 5.5.1 --lang en
              rubric explain --rubric Rubrics/isi --evidence
            """
    )

    @OptionGroup var rubric: RubricOptions

    @Argument(help: "The indicator id, such as 5.5.1. / 指标编号")
    var id: String?

    @Flag(help: "Print the rubric's evidence catalogue instead: document types, record tables, their readers. / 证据目录")
    var evidence = false

    func validate() throws {
        if id == nil, !evidence { throw ValidationError("give an indicator id, or --evidence / 请给出指标编号或 --evidence") }
    }

    func run() throws {
        let language: IndicatorExplainer.Language =
            switch rubric.lang {
            case .zh, .bilingual: .zh
            case .en: .en
            }
        let loaded = try RubricLoader.load(directory: rubric.rubricDirectory, overlays: rubric.overlayFiles)
        guard let id, !evidence else {
            print(EvidenceCatalogue(rubric: loaded).text(language: language), terminator: "")
            return
        }
        do {
            print(try IndicatorExplainer.explain(rubric: loaded, id: id, language: language), terminator: "")
        } catch let error as IndicatorExplainer.UnknownIndicator {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
