import Foundation

/// Where `rubric diff` takes an assessment from: a JSON report file, or an
/// archive entry written `FILE#ID`.
public enum AssessmentSource {
    /// The assessment named by `argument`, and the label the diff shows for it.
    public static func load(_ argument: String) throws(ArchiveError) -> (label: String, record: ArchivedAssessment) {
        if let hash = argument.lastIndex(of: "#"), let id = Int64(argument[argument.index(after: hash)...]) {
            let path = String(argument[..<hash])
            let archive = try SQLiteArchive(readingOnly: path)
            guard let entry = try archive.entry(id) else {
                throw ArchiveError("\(argument): the archive has no entry \(id) (it has \(try archive.count()))")
            }
            return (argument, entry.record)
        }
        let text: String
        do {
            text = try String(contentsOfFile: argument, encoding: .utf8)
        } catch {
            throw ArchiveError("\(argument): cannot read the report: \(error.localizedDescription)")
        }
        return (argument, try ArchivedAssessment(reportJSON: text, source: argument))
    }

    /// The organization's last two assessments in `archive` (by as-of date, then entry).
    public static func lastTwo(creditCode: String, archive path: String) throws(ArchiveError) -> (
        (label: String, record: ArchivedAssessment), (label: String, record: ArchivedAssessment)
    ) {
        let entries = try SQLiteArchive(readingOnly: path).entries(creditCode: creditCode)
        guard entries.count >= 2 else {
            throw ArchiveError(
                "\(path): \(creditCode) has \(entries.count) assessment\(entries.count == 1 ? "" : "s"); a diff needs two"
            )
        }
        let a = entries[entries.count - 2]
        let b = entries[entries.count - 1]
        return (("\(path)#\(a.id)", a.record), ("\(path)#\(b.id)", b.record))
    }
}
