import Foundation
import Reports

/// `rubric history` as text: a table, JSON, Markdown, or an HTML page with an
/// SVG line chart of the total and part points over time.
public enum HistoryReport {
    public static func render(_ history: OrganizationHistory, format: ArchiveOutputFormat) -> String {
        switch format {
        case .json: json(history).text
        case .markdown: markdown(history)
        case .html: html(history)
        case .table: table(history)
        }
    }

    static func points(_ text: String?) -> Double? {
        text.flatMap { Double($0) }
    }

    /// The organization's name as of its latest audit.
    static func name(_ history: OrganizationHistory) -> String {
        history.entries.last?.record.organizationName ?? ""
    }

    /// The history as a JSON document (`rubric.history/1`).
    public static func json(_ history: OrganizationHistory) -> JSONValue {
        .object([
            ("schema", .string("rubric.history/1")),
            ("credit_code", .string(history.creditCode)),
            ("organization", .string(name(history))),
            (
                "assessments",
                .array(
                    history.entries.map { entry in
                        let record = entry.record
                        return .object([
                            ("entry", .int(Int(entry.id))),
                            ("organization", .string(record.organizationName)),
                            ("assessment_type", .string(record.assessmentType)),
                            ("period", .string("\(record.periodFrom)/\(record.periodTo)")),
                            ("as_of", .string(record.asOf)),
                            ("rubric", .string("\(record.rubricID) \(record.rubricVersion)")),
                            ("status", .string(record.status)),
                            ("total", .string(record.total)),
                            ("grade", .string(record.grade)),
                        ])
                    })
            ),
            ("grade_path", .array(history.gradePath.map { .string($0) })),
            ("parts", series(history.parts)),
            ("leaves", series(history.leaves)),
            (
                "repeated_nonconformities",
                .array(
                    history.repeats.map { item in
                        .object([
                            ("entry", .int(Int(item.entry))), ("leaf", .string(item.leaf)),
                            ("finding", .string(item.key)),
                            ("audits_in_a_row", .int(item.run)),
                        ])
                    })
            ),
        ])
    }

    static func series(_ rows: [OrganizationHistory.Series]) -> JSONValue {
        .array(
            rows.map { row in .object([("id", .string(row.id)), ("points", .array(row.values.map { .string($0) }))]) })
    }

    /// The rows of the figures table: total, parts, leaves.
    static func figureRows(_ history: OrganizationHistory) -> [[String]] {
        [["total"] + history.entries.map(\.record.total)]
            + history.parts.map { ["part \($0.id)"] + $0.values.map { $0 ?? "—" } }
            + history.leaves.map { leaf in
                [leaf.id]
                    + leaf.values.enumerated().map { index, value in
                        let entry = history.entries[index]
                        let repeated = history.repeats.contains { $0.entry == entry.id && $0.leaf == leaf.id }
                        return (value ?? "—") + (repeated ? " ↻" : "")
                    }
            }
    }

    static func headerRow(_ history: OrganizationHistory) -> [String] {
        [""] + history.entries.map { "#\($0.id) \($0.record.asOf)" }
    }

    static func repeatLines(_ history: OrganizationHistory) -> [String] {
        history.repeats.map { "#\($0.entry) \($0.leaf): \($0.key) (\($0.run) audits in a row)" }
    }

    public static func table(_ history: OrganizationHistory) -> String {
        var lines = [
            "\(name(history)) (\(history.creditCode)): \(history.entries.count) assessments",
            "grades: " + history.gradePath.joined(separator: " → "),
            "",
        ]
        let rows = [headerRow(history)] + figureRows(history)
        let columns = rows.first?.count ?? 0
        let widths = (0..<columns).map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            lines.append(
                (0..<columns).map { column in
                    let padding = String(repeating: " ", count: widths[column] - row[column].count)
                    return column == 0 ? row[column] + padding : padding + row[column]
                }.joined(separator: "  "))
        }
        let repeats = repeatLines(history)
        if !repeats.isEmpty {
            lines += ["", "repeated nonconformities (↻):"] + repeats.map { "  " + $0 }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func markdownTable(_ rows: [[String]]) -> String {
        guard let header = rows.first else { return "" }
        var text = "| " + header.joined(separator: " | ") + " |\n"
        text += "|" + header.map { _ in "---|" }.joined() + "\n"
        for row in rows.dropFirst() {
            text += "| " + row.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n"
        }
        return text
    }

    static func assessmentRows(_ history: OrganizationHistory) -> [[String]] {
        [["entry", "type", "period", "as of", "rubric", "status", "total", "grade"]]
            + history.entries.map { entry in
                let record = entry.record
                return [
                    "#\(entry.id)", record.assessmentType, "\(record.periodFrom) – \(record.periodTo)", record.asOf,
                    "\(record.rubricID) \(record.rubricVersion)", record.status, record.total, record.grade ?? "none",
                ]
            }
    }

    public static func markdown(_ history: OrganizationHistory) -> String {
        var text = "# \(name(history)) (\(history.creditCode))\n\n"
        text += "Grades: " + history.gradePath.joined(separator: " → ") + "\n\n"
        text += markdownTable(assessmentRows(history)) + "\n"
        text += "## Points over time\n\n" + markdownTable([headerRow(history)] + figureRows(history))
        let repeats = repeatLines(history)
        if !repeats.isEmpty {
            text += "\n## Repeated nonconformities (↻)\n\n" + repeats.map { "- \($0)\n" }.joined()
        }
        return text
    }

    static func htmlTable(_ rows: [[String]]) -> String {
        guard let header = rows.first else { return "" }
        func cell(_ tag: String, _ text: String) -> String {
            let escaped = text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;")
            let repeated = text.hasSuffix("↻") ? " class=\"repeated\"" : ""
            return "<\(tag)\(repeated)>\(escaped)</\(tag)>"
        }
        var html = "<table>\n<thead><tr>" + header.map { cell("th", $0) }.joined() + "</tr></thead>\n<tbody>\n"
        for row in rows.dropFirst() { html += "<tr>" + row.map { cell("td", $0) }.joined() + "</tr>\n" }
        return html + "</tbody>\n</table>\n"
    }

    /// The highest total of the latest report (`result.max`), for the chart's scale.
    static func maximum(_ history: OrganizationHistory) -> Double {
        let fromReport = history.entries.last.flatMap { entry -> Double? in
            let object = try? JSONSerialization.jsonObject(with: Data(entry.record.reportJSON.utf8)) as? [String: Any]
            return ((object?["result"] as? [String: Any])?["max"] as? String).flatMap(Double.init)
        }
        return fromReport ?? history.entries.compactMap { points($0.record.total) }.max() ?? 1
    }

    public static func html(_ history: OrganizationHistory) -> String {
        let title = "\(name(history)) (\(history.creditCode))"
        let labels = history.entries.map { "#\($0.id) \($0.record.asOf)" }
        let lines =
            [SVGLineChart.Series(name: "total", values: history.entries.map { points($0.record.total) })]
            + history.parts.map { SVGLineChart.Series(name: "part \($0.id)", values: $0.values.map(points)) }
        let chart = SVGLineChart.render(
            xLabels: labels, series: lines, maximum: maximum(history), caption: "Points over time / 得分变化")
        let escapedTitle = title.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(
            of: "<", with: "&lt;")
        let repeats = repeatLines(history).map { "<li>\($0.replacingOccurrences(of: "<", with: "&lt;"))</li>" }
        return """
            <!DOCTYPE html>
            <html lang="zh">
            <head>
            <meta charset="utf-8">
            <title>\(escapedTitle)</title>
            <style>
            body { font-family: sans-serif; margin: 2em; }
            table { border-collapse: collapse; margin: 1em 0; }
            th, td { border: 1px solid #ccc; padding: 2px 8px; text-align: right; }
            td.repeated { background: #fde2e2; }
            .chart text { font-size: 11px; }
            .chart .grid { stroke: #ddd; }
            .chart polyline { stroke-width: 2; }
            .s0 polyline, .s0 circle { stroke: #1f5fa8; fill: #1f5fa8; } .s0 text { fill: #1f5fa8; }
            .s1 polyline, .s1 circle { stroke: #c2571a; fill: #c2571a; } .s1 text { fill: #c2571a; }
            .s2 polyline, .s2 circle { stroke: #2e8b57; fill: #2e8b57; } .s2 text { fill: #2e8b57; }
            .s3 polyline, .s3 circle { stroke: #8a2be2; fill: #8a2be2; } .s3 text { fill: #8a2be2; }
            .s4 polyline, .s4 circle { stroke: #b8860b; fill: #b8860b; } .s4 text { fill: #b8860b; }
            .chart polyline { fill: none; }
            </style>
            </head>
            <body>
            <h1>\(escapedTitle)</h1>
            <p>评级路径 Grades: \(history.gradePath.joined(separator: " → "))</p>
            \(chart)
            <h2>审核 Assessments</h2>
            \(htmlTable(assessmentRows(history)))<h2>得分 Points over time</h2>
            \(htmlTable([headerRow(history)] + figureRows(history)))<h2>重复不符合项 Repeated nonconformities (↻)</h2>
            <ul>\(repeats.joined())</ul>
            </body>
            </html>

            """
    }
}
