/// The formats `rubric assess` can write.
public enum ReportFormat: String, Sendable, Hashable, CaseIterable {
    /// ``TableReport``: aligned text for the terminal, colored on a TTY.
    case table
    /// ``JSONReport``.
    case json
    /// ``MarkdownReport``.
    case markdown
    /// ``HTMLReport``: one self-contained page with SVG charts, printable on A4.
    case html
    /// ``JUnitReport``: JUnit XML for CI, a test case per leaf.
    case junit
    /// ``OSCALReport``: OSCAL assessment results (JSON).
    case oscal
    /// ``DeliverableReport``: the report handed to the organization, as HTML.
    case deliverable
    /// The deliverable printed to PDF by headless Chromium.
    case pdf
    /// ``NonconformityRegister`` as CSV.
    case ncCSV = "nc-csv"
    /// ``NonconformityRegister`` as an Excel workbook (`.xlsx`).
    case ncXLSX = "nc-xlsx"

    /// Whether the format is bytes rather than UTF-8 text.
    public var isBinary: Bool { self == .pdf || self == .ncXLSX }
}
