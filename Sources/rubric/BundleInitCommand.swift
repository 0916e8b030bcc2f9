import ArgumentParser
import Foundation
import Scheme

/// `rubric bundle init FOLDER --rubric DIR`: drafts `FOLDER/bundle.yaml` from the files.
struct BundleInitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Draft a bundle's manifest from a folder of files, for the auditor to confirm. / 起草证据包清单。",
        discussion: """
            Guesses each file's document type from its name, title and headings against the \
            rubric's document vocabulary (labels and document_keywords), its date from the text \
            (编制日期, 落款日期, 签署日期), projects from contracts and folder names, and which \
            spreadsheets (.csv, .xlsx) are the rubric's record tables, by column name or alias. \
            Every guess is marked `# 待确认 confirm`; what only the auditor knows is marked \
            `# 待填写 fill in`; files it could not place are listed at the end. Then run \
            `rubric bundle check`.

            Exit status: 0 written; 1 bad input (or a manifest already there without --force); \
            \(ExitStatusText.badUsage).

            Example:
              rubric bundle init audits/acme --rubric Rubrics/isi
            """
    )

    @Argument(help: "The folder of evidence files. / 证据文件夹")
    var folder: String

    @OptionGroup var rubric: RubricOptions

    @Option(help: "Write the manifest here instead of FOLDER/bundle.yaml. / 输出文件")
    var output: String?

    @Flag(help: "Overwrite an existing manifest. / 覆盖已有清单")
    var force = false

    func run() throws {
        let loaded = try RubricLoader.load(directory: rubric.rubricDirectory, overlays: rubric.overlayFiles)
        let folderURL = URL(fileURLWithPath: folder)
        let target = output.map { URL(fileURLWithPath: $0) } ?? folderURL.appendingPathComponent("bundle.yaml")
        if FileManager.default.fileExists(atPath: target.path), !force {
            FileHandle.standardError.write(
                Data("error: \(target.path) exists; give --force to overwrite it / 清单已存在，覆盖请加 --force\n".utf8))
            throw ExitCode(1)
        }
        var drafter = ManifestDrafter(rubric: loaded.rubric, folder: folderURL)
        drafter.draft()
        let text = ManifestDraftWriter.yaml(drafter, scheme: loaded.rubric.scheme.id)
        try Data(text.utf8).write(to: target)
        print(
            "wrote \(target.path): \(drafter.documents.count) document(s), \(drafter.tables.count) record table(s), \(drafter.unplaced.count) file(s) not placed / 已写入清单草稿"
        )
        for path in drafter.unplaced { print("  not placed / 未归类: \(path)") }
    }
}

/// The draft manifest as YAML text.
enum ManifestDraftWriter {
    static let confirm = "# 待确认 confirm"
    static let fill = "# 待填写 fill in"

    static func quoted(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            case "\t": escaped += "\\t"
            default: escaped.append(character)
            }
        }
        return "\"\(escaped)\""
    }

    static func yaml(_ draft: ManifestDrafter, scheme: String) -> String {
        var lines: [String] = [
            "# 证据包清单草稿 Draft evidence bundle manifest, written by `rubric bundle init`.",
            "# Every guess is marked `\(confirm)`; fill in what is marked `\(fill)`; then run `rubric bundle check`.",
            "format: 1",
            "organization:",
            "  name: \"\"  \(fill)",
            "  credit_code: \"\"  \(fill)",
            "assessment:",
            "  scheme: \(scheme)",
            "  type: initial  \(confirm) (initial, surveillance or recertification)",
            "  audit_period: {from: \"\", to: \"\"}  \(fill)",
            "  as_of: \"\"  \(fill)",
        ]
        var projectIDs: [String: String] = [:]
        if !draft.projects.isEmpty {
            lines.append("projects:")
            for (i, name) in draft.projects.enumerated() {
                let id = "P\(i + 1)"
                projectIDs[name] = id
                lines.append("  - id: \(id)  \(confirm) (from a contract's title or a folder name)")
                lines.append("    name: \(quoted(name))")
                lines.append("    customer: \"\"  \(fill)")
                lines.append("    contract_date: \"\"  \(fill)")
                lines.append("    start_date: \"\"  \(fill)")
            }
        }
        if !draft.documents.isEmpty {
            lines.append("documents:")
            for (i, document) in draft.documents.enumerated() {
                lines.append("  - id: \(String(format: "D%03d", i + 1))")
                lines.append(
                    "    type: \(document.type.id)  \(confirm): \(document.type.label.zh) (by \(quoted(document.keyword)))"
                )
                lines.append("    title: \(quoted(document.title))")
                lines.append("    path: \(quoted(document.path))")
                if let project = document.project, let id = projectIDs[project] {
                    lines.append("    project: \(id)  \(confirm)")
                }
                if let date = document.date {
                    lines.append("    date: \(date)  \(confirm) (from the text)")
                }
            }
        }
        if !draft.tables.isEmpty {
            lines.append("records:")
            var used: [String: Int] = [:]
            for table in draft.tables {
                let count = used[table.table.name, default: 0] + 1
                used[table.table.name] = count
                let name = count == 1 ? table.table.name : "\(table.table.name)_\(count)"
                let label = table.table.label.map { ": \($0.zh)" } ?? ""
                lines.append(
                    "  - name: \(name)  \(confirm)\(label) (\(table.matched) of \(table.table.columns.count) columns matched by name or alias)"
                )
                lines.append("    path: \(quoted(table.path))")
                if let sheet = table.sheet { lines.append("    sheet: \(quoted(sheet))") }
                lines.append("    # columns: as the rubric declares them, read by alias (rubric explain --evidence)")
            }
        }
        if !draft.unplaced.isEmpty {
            lines.append("")
            lines.append("# 未归类的文件 Files not placed (add them above, or leave them out):")
            for path in draft.unplaced { lines.append("#   \(path)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
