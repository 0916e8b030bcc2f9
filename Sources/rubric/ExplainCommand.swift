import ArgumentParser
import Authoring
import Foundation
import Scheme

/// `rubric explain --rubric DIR ID`: describes one indicator of a rubric.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show the clause, weight, bands, params and rule of one indicator. / 说明一个指标。",
        discussion: """
            Prints the indicator's clause text, weight, parent and children, the scoring \
            bands, and for a leaf its params (in file order), documents, rule path and limits. \
            Exits 1 when the id names no indicator (with a suggestion when one is close).

            Example:
              rubric explain --rubric Rubrics/isi 5.5.1 --lang en
            """
    )

    @Option(help: "The rubric folder (with rubric.yaml). / 评分细则目录")
    var rubric: String

    @Argument(help: "The indicator id, such as 5.5.1. / 指标编号")
    var id: String

    @Option(name: .customLong("overlay"), help: "An overlay applied over the rubric; repeatable. / 覆盖文件")
    var overlays: [String] = []

    @Option(help: "The language of the labels: zh or en. / 标签语言")
    var lang: String = "zh"

    func run() throws {
        guard let language = IndicatorExplainer.Language(rawValue: lang) else {
            throw ValidationError("--lang: expected zh or en, got \(lang)")
        }
        let loaded = try RubricLoader.load(
            directory: URL(fileURLWithPath: rubric),
            overlays: overlays.map { URL(fileURLWithPath: $0) })
        do {
            print(try IndicatorExplainer.explain(rubric: loaded, id: id, language: language), terminator: "")
        } catch let error as IndicatorExplainer.UnknownIndicator {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
