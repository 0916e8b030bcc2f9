import Diagnostics
import EvidenceValues

/// A sampled project (抽样项目) of the assessment.
public struct Project: Sendable, Hashable {
    /// Identifier, unique in the manifest, used by documents and rules.
    public var id: String
    public var name: String
    public var customer: String
    /// Contract signing date (合同签订日期).
    public var contractDate: CalendarDate
    /// Start of work (开工日期).
    public var startDate: CalendarDate
    /// End of work (完工日期); nil while the project goes on.
    public var endDate: CalendarDate?
    /// Whether hardware was procured for the project (是否采购硬件); decides whether
    /// the procurement checks (5.3.1) apply.
    public var hardwareProcured: Bool
    /// Where the project is declared in the manifest.
    public var location: SourceLocation?

    public init(
        id: String, name: String, customer: String, contractDate: CalendarDate, startDate: CalendarDate,
        endDate: CalendarDate?, hardwareProcured: Bool, location: SourceLocation? = nil
    ) {
        self.id = id
        self.name = name
        self.customer = customer
        self.contractDate = contractDate
        self.startDate = startDate
        self.endDate = endDate
        self.hardwareProcured = hardwareProcured
        self.location = location
    }
}
