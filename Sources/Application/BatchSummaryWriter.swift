import Foundation
import Reports

/// Writes the summary file of `rubric batch` as rows arrive (in input order),
/// so memory stays flat however many bundles there are: CSV, or JSON with the
/// counts after the rows. The text goes to a temporary file beside the
/// destination, renamed over it by ``finish(counts:)``; nothing is left when
/// the run stops before. Not thread-safe: call it from one thread at a time
/// (``BatchRun`` hands rows on one at a time).
public final class BatchSummaryWriter: @unchecked Sendable {
    /// The summary's formats, chosen by the file's extension.
    public enum Format: String, Sendable {
        case csv
        case json
    }

    public let destination: URL
    public let format: Format
    /// The rubric's part ids, in order: the columns of the part points.
    public let partIDs: [String]
    /// The rubric's leaf ids, in order: the columns of the leaves' fractions.
    public let leafIDs: [String]
    private let temporary: URL
    private let handle: FileHandle
    private var rowCount = 0
    /// The first write that failed, reported by ``finish(counts:)``.
    private var writeError: String?

    /// Opens the temporary file and writes the header. Throws a
    /// ``ReportWriter/WriteError`` when it cannot be created.
    public init(
        destination: URL, format: Format, partIDs: [String], leafIDs: [String] = []
    ) throws(ReportWriter.WriteError) {
        self.destination = destination
        self.format = format
        self.partIDs = partIDs
        self.leafIDs = leafIDs
        temporary = destination.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).\(UUID().uuidString).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil),
            let handle = try? FileHandle(forWritingTo: temporary)
        else {
            throw ReportWriter.WriteError(path: destination.path, reason: "cannot create \(temporary.path)")
        }
        self.handle = handle
        switch format {
        case .csv: write(Self.csvLine(columns))
        case .json: write("{\n  \"bundles\": [")
        }
    }

    deinit {
        try? handle.close()
        try? FileManager.default.removeItem(at: temporary)
    }

    /// The CSV header's names.
    public var columns: [String] {
        ["bundle", "organization", "status"] + partIDs.map { "part_\($0)" } + ["total", "grade", "warnings", "error"]
            + leafIDs.map { "leaf_\($0)" }
    }

    /// Appends one row.
    public func add(_ row: BatchRow) {
        switch format {
        case .csv:
            let points = partIDs.indices.map { $0 < row.partPoints.count ? row.partPoints[$0] : "" }
            write(
                Self.csvLine(
                    [row.bundle, row.organization, row.status.rawValue] + points
                        + [row.total, row.grade, row.status == .failed ? "" : String(row.warnings), row.error]
                        + leafIDs.map { row.leafFractions[$0] ?? "" }))
        case .json:
            write((rowCount == 0 ? "\n    " : ",\n    ") + json(row).text(indent: "    "))
        }
        rowCount += 1
    }

    /// Ends the file (JSON: the counts) and renames it over the destination.
    public func finish(counts: BatchCounts) throws(ReportWriter.WriteError) {
        if format == .json {
            write((rowCount == 0 ? "],\n" : "\n  ],\n") + "  \"counts\": " + counts.json.text(indent: "  ") + "\n}\n")
        }
        do {
            if let writeError { throw ReportWriter.WriteError(path: destination.path, reason: writeError) }
            try handle.close()
        } catch {
            throw ReportWriter.WriteError(path: destination.path, reason: error.localizedDescription)
        }
        if rename(temporary.path, destination.path) != 0 {
            throw ReportWriter.WriteError(path: destination.path, reason: String(cString: strerror(errno)))
        }
    }

    /// A row as JSON: empty fields are `null`, the part points an object by part id.
    func json(_ row: BatchRow) -> JSONValue {
        func optional(_ text: String) -> JSONValue { text.isEmpty ? .null : .string(text) }
        var members: [(String, JSONValue)] = [
            ("bundle", .string(row.bundle)),
            ("organization", optional(row.organization)),
            ("status", .string(row.status.rawValue)),
            ("parts", row.partPoints.isEmpty ? .null : .object(zip(partIDs, row.partPoints).map { ($0, .string($1)) })),
            ("total", optional(row.total)),
            ("grade", optional(row.grade)),
            ("warnings", row.status == .failed ? .null : .int(row.warnings)),
            ("error", optional(row.error)),
        ]
        if !leafIDs.isEmpty {
            members.append(
                (
                    "leaves",
                    row.leafFractions.isEmpty
                        ? .null : .object(leafIDs.map { ($0, .string(row.leafFractions[$0])) })
                ))
        }
        return .object(members)
    }

    private func write(_ text: String) {
        guard writeError == nil else { return }
        do {
            try handle.write(contentsOf: Data(text.utf8))
        } catch {
            writeError = error.localizedDescription
        }
    }

    /// RFC 4180 fields joined by commas, ending in LF.
    static func csvLine(_ fields: [String]) -> String {
        fields.map { field in
            guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
            return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: ",") + "\n"
    }
}
