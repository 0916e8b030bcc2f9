import Diagnostics
import EvidenceValues

/// The manifest of an evidence bundle (`bundle.yaml`): who is assessed, for what,
/// and which documents and record tables the bundle holds. See docs/bundle-format.md.
public struct BundleManifest: Sendable, Hashable {
    /// The version of the bundle format; 1 is the only one so far.
    public var format: Int
    public var organization: Organization
    public var assessment: Assessment
    /// Sampled projects, in manifest order.
    public var projects: [Project]
    /// Documents, in manifest order.
    public var documents: [DocumentEntry] {
        didSet {
            documentIndex = Self.firstIndex(of: documents.map(\.id))
            typeIndex = Self.positions(of: documents.map(\.type))
        }
    }
    /// Record tables, in manifest order.
    public var records: [RecordTableSpec] {
        didSet { recordIndex = Self.firstIndex(of: records.map(\.name)) }
    }
    /// Where the first document of each id is, and the first table of each name:
    /// rules look them up hundreds of times per assessment.
    private var documentIndex: [String: Int]
    private var recordIndex: [String: Int]
    /// Where the documents of each type are, in manifest order.
    private var typeIndex: [String: [Int]]

    public init(
        format: Int = 1, organization: Organization, assessment: Assessment,
        projects: [Project], documents: [DocumentEntry], records: [RecordTableSpec]
    ) {
        self.format = format
        self.organization = organization
        self.assessment = assessment
        self.projects = projects
        self.documents = documents
        self.records = records
        documentIndex = Self.firstIndex(of: documents.map(\.id))
        recordIndex = Self.firstIndex(of: records.map(\.name))
        typeIndex = Self.positions(of: documents.map(\.type))
    }

    private static func positions(of keys: [String]) -> [String: [Int]] {
        var positions: [String: [Int]] = [:]
        for (position, key) in keys.enumerated() { positions[key, default: []].append(position) }
        return positions
    }

    /// The documents of any of `types`, in manifest order.
    public func documents(ofTypes types: some Sequence<String>) -> [DocumentEntry] {
        var positions: [Int] = []
        for type in Set(types) { positions += typeIndex[type] ?? [] }
        return positions.sorted().map { documents[$0] }
    }

    private static func firstIndex(of keys: [String]) -> [String: Int] {
        var index: [String: Int] = [:]
        index.reserveCapacity(keys.count)
        for (position, key) in keys.enumerated() where index[key] == nil { index[key] = position }
        return index
    }

    /// The organization being assessed (受审核组织).
    public struct Organization: Sendable, Hashable {
        /// Registered name (组织名称).
        public var name: String
        /// Unified social credit code (统一社会信用代码), 18 characters (GB 32100-2015).
        public var creditCode: String

        public init(name: String, creditCode: String) {
            self.name = name
            self.creditCode = creditCode
        }
    }

    /// The kind of assessment (审核类型).
    public enum AssessmentType: String, Sendable, Hashable, CaseIterable {
        /// 初次认证 initial certification.
        case initial
        /// 监督审核 surveillance audit.
        case surveillance
        /// 再认证 recertification.
        case recertification
    }

    /// What is assessed and when (审核信息).
    public struct Assessment: Sendable, Hashable {
        /// The certification scheme's id, which must match the rubric's (`isi`).
        public var scheme: String
        public var type: AssessmentType
        /// The period the evidence covers (审核覆盖期), both ends inclusive.
        public var auditPeriod: DateRange
        /// The date the assessment is made as of (评价基准日).
        public var asOf: CalendarDate

        public init(scheme: String, type: AssessmentType, auditPeriod: DateRange, asOf: CalendarDate) {
            self.scheme = scheme
            self.type = type
            self.auditPeriod = auditPeriod
            self.asOf = asOf
        }
    }

    /// A span of days, both ends inclusive.
    public struct DateRange: Sendable, Hashable {
        public var from: CalendarDate
        public var to: CalendarDate

        public init(from: CalendarDate, to: CalendarDate) {
            self.from = from
            self.to = to
        }

        /// Whether `date` falls inside the range, ends included.
        public func contains(_ date: CalendarDate) -> Bool { from <= date && date <= to }
    }

    /// The project with this id, if any.
    public func project(id: String) -> Project? { projects.first { $0.id == id } }

    /// The document with this id, if any.
    public func document(id: String) -> DocumentEntry? { documentIndex[id].map { documents[$0] } }

    /// The record table with this name, if any.
    public func recordTable(named name: String) -> RecordTableSpec? { recordIndex[name].map { records[$0] } }
}
