import Foundation

/// What a batch is compared to (`rubric batch --compare-to`): the summary of an
/// earlier batch (`.csv` or `.json`, with the leaves' fractions), or an archive
/// (the latest assessment of each organization).
public struct ImpactBaseline: Sendable {
    public var outcomes: [BundleOutcome]
    private var byBundle: [String: Int] = [:]
    private var byCreditCode: [String: Int] = [:]

    public init(outcomes: [BundleOutcome]) {
        self.outcomes = outcomes
        for (index, outcome) in outcomes.enumerated() {
            if !outcome.bundle.isEmpty && byBundle[outcome.bundle] == nil { byBundle[outcome.bundle] = index }
            if !outcome.creditCode.isEmpty { byCreditCode[outcome.creditCode] = index }
        }
    }

    /// Reads `path`: a `.csv` or `.json` batch summary, otherwise an archive.
    public init(path: String) throws(ArchiveError) {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "csv": self.init(outcomes: try Self.csvSummary(path))
        case "json": self.init(outcomes: try Self.jsonSummary(path))
        default:
            self.init(
                outcomes: try SQLiteArchive(readingOnly: path).latestEntries().map {
                    BundleOutcome($0.record)
                })
        }
    }

    /// The baseline of `outcome`: the same bundle name, else the same credit code.
    public func baseline(of outcome: BundleOutcome) -> BundleOutcome? {
        if let index = byBundle[outcome.bundle] { return outcomes[index] }
        if !outcome.creditCode.isEmpty, let index = byCreditCode[outcome.creditCode] { return outcomes[index] }
        return nil
    }

    static func read(_ path: String) throws(ArchiveError) -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ArchiveError("\(path): cannot read the baseline: \(error.localizedDescription)")
        }
    }

    static func csvSummary(_ path: String) throws(ArchiveError) -> [BundleOutcome] {
        let records = CSVRecords.parse(try read(path))
        guard let header = records.first, header.contains("bundle"), header.contains("grade") else {
            throw ArchiveError("\(path): not a batch summary (no bundle and grade columns)")
        }
        let column = Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let leafColumns = header.enumerated().filter { $0.element.hasPrefix("leaf_") }
        guard !leafColumns.isEmpty else {
            throw ArchiveError("\(path): the summary has no leaf_ columns (made before leaves were summarized)")
        }
        return records.dropFirst().map { fields in
            func field(_ name: String) -> String {
                guard let index = column[name], index < fields.count else { return "" }
                return fields[index]
            }
            var leaves: [String: String] = [:]
            for (index, name) in leafColumns where index < fields.count && !fields[index].isEmpty {
                leaves[String(name.dropFirst("leaf_".count))] = fields[index]
            }
            let total = field("total")
            let grade = field("grade")
            return BundleOutcome(
                bundle: field("bundle"), creditCode: "", status: field("status"), total: total.isEmpty ? nil : total,
                grade: grade.isEmpty ? nil : grade, leaves: leaves)
        }
    }

    static func jsonSummary(_ path: String) throws(ArchiveError) -> [BundleOutcome] {
        let object = try? JSONSerialization.jsonObject(with: Data(try read(path).utf8)) as? [String: Any]
        guard let bundles = object?["bundles"] as? [[String: Any]] else {
            throw ArchiveError("\(path): not a batch summary (no bundles list)")
        }
        return bundles.map { row in
            BundleOutcome(
                bundle: row["bundle"] as? String ?? "", creditCode: "", status: row["status"] as? String ?? "",
                total: row["total"] as? String, grade: row["grade"] as? String,
                leaves: row["leaves"] as? [String: String] ?? [:])
        }
    }
}

/// RFC 4180 records: quoted fields may hold commas, quotes (doubled) and line breaks.
enum CSVRecords {
    static func parse(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var characters = text.makeIterator()
        var pending: Character? = nil
        while let character = pending ?? characters.next() {
            pending = nil
            if quoted {
                if character == "\"" {
                    let next = characters.next()
                    if next == "\"" {
                        field.append("\"")
                    } else {
                        quoted = false
                        pending = next
                    }
                } else {
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"": quoted = true
            case ",":
                fields.append(field)
                field = ""
            case "\n", "\r\n":
                fields.append(field)
                records.append(fields)
                fields = []
                field = ""
            default: field.append(character)
            }
        }
        if !field.isEmpty || !fields.isEmpty {
            fields.append(field)
            records.append(fields)
        }
        return records
    }
}
