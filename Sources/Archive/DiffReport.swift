import Reports

/// `rubric diff` as text: a table for the terminal, JSON, or Markdown.
public enum DiffReport {
    /// `diff` in `format`; `rubric diff` offers no HTML, which is given as Markdown here.
    public static func render(_ diff: AssessmentDiff, labels: (String, String), format: ArchiveOutputFormat) -> String {
        switch format {
        case .json: json(diff, labels: labels).text
        case .markdown, .html: markdown(diff, labels: labels)
        case .table: table(diff, labels: labels)
        }
    }

    static func side(_ record: ArchivedAssessment, label: String) -> JSONValue {
        .object([
            ("entry", .string(label)),
            ("credit_code", .string(record.creditCode)),
            ("organization", .string(record.organizationName)),
            ("assessment_type", .string(record.assessmentType)),
            ("as_of", .string(record.asOf)),
            ("rubric", .string("\(record.rubricID) \(record.rubricVersion)")),
            ("rubric_sha256", .string(record.rubricSHA256)),
            ("total", .string(record.total)),
            ("grade", .string(record.grade)),
        ])
    }

    static func cause(_ cause: AssessmentDiff.Cause) -> JSONValue {
        var members: [(String, JSONValue)] = [("cause", .string(cause.code))]
        switch cause {
        case .evidenceChanged(let files): members.append(("files", .array(files.map { .string($0) })))
        case .weightChanged(let from, let to), .dateMoved(let from, let to):
            members += [("from", .string(from)), ("to", .string(to))]
        case .overrideAdded(let auditor), .overrideRemoved(let auditor), .overrideChanged(let auditor):
            members.append(("auditor", .string(auditor)))
        case .ruleChanged, .paramsChanged, .rubricChanged, .unexplained: break
        }
        return .object(members)
    }

    static func leafSide(_ leaf: ArchivedAssessment.Leaf?) -> JSONValue {
        guard let leaf else { return .null }
        return .object([
            ("status", .string(leaf.status)), ("fraction", .string(leaf.fraction)), ("points", .string(leaf.points)),
        ])
    }

    /// The diff as a JSON document (`rubric.diff/1`).
    public static func json(_ diff: AssessmentDiff, labels: (String, String)) -> JSONValue {
        .object([
            ("schema", .string("rubric.diff/1")),
            ("from", side(diff.from, label: labels.0)),
            ("to", side(diff.to, label: labels.1)),
            ("total_delta", .string(diff.totalDelta)),
            ("changed_files", .array(diff.changedFiles.map { .string($0) })),
            (
                "leaves",
                .array(
                    diff.leaves.map { change in
                        .object([
                            ("id", .string(change.id)),
                            ("from", leafSide(change.from)),
                            ("to", leafSide(change.to)),
                            ("delta", .string(change.delta)),
                            ("causes", .array(change.causes.map(cause))),
                        ])
                    })
            ),
        ])
    }

    static func figure(_ leaf: ArchivedAssessment.Leaf?) -> String {
        guard let leaf else { return "—" }
        return leaf.points ?? leaf.status
    }

    static func heading(_ diff: AssessmentDiff, labels: (String, String)) -> [String] {
        let from = diff.from
        let to = diff.to
        return [
            "\(to.organizationName) (\(to.creditCode))",
            "A \(labels.0): \(from.assessmentType), as of \(from.asOf), total \(from.total), grade \(from.grade ?? "none")",
            "B \(labels.1): \(to.assessmentType), as of \(to.asOf), total \(to.total), grade \(to.grade ?? "none")",
            "total \(diff.totalDelta ?? "—"); \(diff.leaves.count) leaves moved",
        ]
    }

    /// A plain-text table: leaf, A, B, delta, causes.
    public static func table(_ diff: AssessmentDiff, labels: (String, String)) -> String {
        var lines = heading(diff, labels: labels)
        guard !diff.leaves.isEmpty else { return lines.joined(separator: "\n") + "\n" }
        let rows = diff.leaves.map { change in
            [
                change.id, figure(change.from), figure(change.to), change.delta ?? "—",
                change.causes.map(\.description).joined(separator: "; "),
            ]
        }
        let header = ["leaf", "A", "B", "Δ", "why"]
        let widths = (0..<4).map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ fields: [String]) -> String {
            (0..<4).map { fields[$0] + String(repeating: " ", count: widths[$0] - fields[$0].count) }
                .joined(separator: "  ") + "  " + fields[4]
        }
        lines.append("")
        lines.append(line(header))
        lines += rows.map(line)
        return lines.joined(separator: "\n") + "\n"
    }

    /// Markdown: the heading as a list, then a table.
    public static func markdown(_ diff: AssessmentDiff, labels: (String, String)) -> String {
        let lines = heading(diff, labels: labels)
        var text = "# \(lines[0])\n\n" + lines.dropFirst().map { "- \($0)\n" }.joined()
        guard !diff.leaves.isEmpty else { return text }
        text += "\n| leaf | A | B | Δ | why |\n|---|---|---|---|---|\n"
        for change in diff.leaves {
            let why = change.causes.map(\.description).joined(separator: "; ").replacingOccurrences(
                of: "|", with: "\\|")
            text +=
                "| \(change.id) | \(figure(change.from)) | \(figure(change.to)) | \(change.delta ?? "—") | \(why) |\n"
        }
        return text
    }
}
