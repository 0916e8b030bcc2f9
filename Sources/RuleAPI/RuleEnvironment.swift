import Diagnostics
import Evidence
import LuaHost
import Scheme

/// The evidence API of one rule evaluation: the Lua globals `ev`, `dates` and
/// `findings` of docs/evidence-api.md, built on an ``EvidenceView``.
///
/// Make one environment per evaluation and install it into that evaluation's
/// fresh ``LuaState``; after the rule ran, read what it concluded from
/// ``findings``. Every call from Lua builds new Lua values, so a rule that
/// changes a table it got changes nothing for its next call.
///
/// ```swift
/// let environment = RuleEnvironment(bundle: bundle, calendar: calendar, params: leaf.params)
/// let state = try LuaState(configuration: configuration)
/// try environment.install(in: state)
/// let rule = try state.loadFunction(chunk)
/// _ = try state.call(rule)
/// let conclusions = environment.findings.all
/// ```
public final class RuleEnvironment: Sendable {
    /// The read-only view of the bundle that `ev` and `dates` read.
    public let view: EvidenceView
    /// What the rule concluded through `findings.*`, in order.
    public let findings: RuleFindings
    /// The documents the rule asked to read and could not.
    public let unreadableReads = UnreadableReads()

    /// What makes a document hollow, for `ev.substance` (the rubric's `substance`).
    public let substance: SubstancePolicy

    /// The names of the globals ``install(in:)`` sets.
    public static let globalNames = ["ev", "dates", "findings"]

    /// An environment over `view`, with an empty collector of findings whose
    /// references are checked against the view's bundle.
    public init(view: EvidenceView, substance: SubstancePolicy? = nil) {
        self.view = view
        self.substance = substance ?? SubstancePolicy()
        self.findings = RuleFindings(bundle: view.bundle)
    }

    /// An environment for one leaf: its `params` become `ev.params()`.
    /// `decimals` is how decimal cells and parameters reach the rule unless a
    /// call asks otherwise (numbers by default). `asOf`, when given, is the
    /// date `ev.as_of()` reports instead of the manifest's.
    public convenience init(
        bundle: EvidenceBundle, calendar: WorkingDayCalendar?, params: ParameterMap = ParameterMap(),
        decimals: DecimalForm = .number, asOf: CalendarDate? = nil
    ) {
        self.init(
            view: EvidenceView(
                bundle: bundle, calendar: calendar,
                parameters: params.evidenceValue(decimals: decimals), decimals: decimals,
                asOf: asOf))
    }

    /// Sets the globals `ev`, `dates` and `findings` of `state`, whose functions
    /// then work on this environment (one environment per state).
    public func install(in state: LuaState) throws(LuaError) {
        state.hostContext = self
        try state.setGlobal("ev", Self.evidenceAPI)
        try state.setGlobal("dates", Self.datesAPI)
        try state.setGlobal("findings", Self.findingsAPI)
    }

    /// A Lua function named `name` (as argument errors cite it) that works on the
    /// environment installed in the state it is called from; evidence errors
    /// become Lua errors with the findings' description. Only for the API's
    /// tables, which are made once for the process (`static let`): states use
    /// the function without retaining it.
    static func function(
        _ name: String,
        _ body: @escaping @Sendable (RuleEnvironment, LuaArguments) throws -> [LuaValue]
    ) -> LuaValue {
        .function(
            LuaHostFunction(name, permanent: true) { arguments in
                guard let environment = arguments.hostContext as? RuleEnvironment else {
                    throw LuaHostError("\(name): no rule environment is installed in this state")
                }
                do {
                    return try body(environment, arguments)
                } catch let error as FindingsError {
                    throw LuaHostError(error.description)
                }
            })
    }
}
