import Foundation

/// One bundle of a batch: where it is, how the summary names it, and the file
/// name of its report.
public struct BatchBundle: Sendable, Hashable {
    /// The bundle as named on the command line (or its folder's path joined
    /// with its name); opened as `rubric assess` opens its argument.
    public var name: String
    /// The report's file name without extension: the bundle's last path
    /// component (without `.zip`), made unique with `-2`, `-3`... in input order.
    public var reportName: String

    public init(name: String, reportName: String) {
        self.name = name
        self.reportName = reportName
    }

    /// The bundle (a folder with `bundle.yaml`, or a `.zip`).
    public var url: URL { URL(fileURLWithPath: name) }

    /// The report name of `path` before it is made unique: its last component without `.zip`.
    static func baseReportName(of path: String) -> String {
        let base = URL(fileURLWithPath: path).lastPathComponent
        return base.lowercased().hasSuffix(".zip") ? String(base.dropLast(4)) : base
    }
}
