import ArgumentParser
import Evidence
import Reports

// The values of options that are more than text. A value they refuse is bad
// usage: argument-parser names the option, lists the values and exits 64.

/// `--format`: a ``ReportFormat`` by its name (`json`, `pdf`, `nc-xlsx`, …), in any case.
extension ReportFormat: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(rawValue: argument.lowercased())
    }
}

/// `--lang`: `bilingual`, `zh` or `en`, in any case.
extension ReportLanguage: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(rawValue: argument.lowercased())
    }
}

/// `--as-of`: a date `YYYY-MM-DD`.
extension CalendarDate: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(iso: argument)
    }
}
