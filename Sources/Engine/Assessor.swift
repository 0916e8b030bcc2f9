import Diagnostics
import Evidence
import Foundation
import LuaHost
import Overrides
import RuleAPI
import Scheme
import Scoring

/// Assesses evidence bundles against one loaded rubric: runs every leaf's rule
/// in its own fresh sandboxed Lua state and aggregates the results with
/// ``Scorer``.
///
/// Made once per rubric: it reads and compiles the rubric's `lib/` modules
/// and every rule file once, reads its `calendar/` once, and reuses them for
/// every bundle it assesses, on any number of threads at once (each leaf gets
/// a fresh state that loads the compiled chunks). A rule that does not
/// compile gives its syntax error when its leaf is evaluated, as before.
///
/// ```swift
/// let loaded = try RubricLoader.load(directory: rubricFolder, overlays: overlays)
/// let assessor = try Assessor(rubric: loaded)
/// let bundle = try assessor.openBundle(bundleURL)
/// let assessment = assessor.assess(bundle: bundle)
/// ```
public struct Assessor: Sendable {
    /// The reason given for a leaf without a rule.
    public static let noRuleReason = "no rule: assessed by the auditor"

    /// The rubric, with its overlays applied.
    public let loaded: LoadedRubric
    /// The working-day calendar of the rubric's `calendar/` folder, if it has one.
    public let calendar: WorkingDayCalendar?
    /// The modules of the rubric's `lib/` folder that rules can `require`, if it has one.
    public let modules: LuaModuleLibrary?
    /// The seed of `math.random` in every state.
    public let randomSeed: Int64
    /// The date rules see through `ev.as_of()` (`rubric assess --as-of`); nil
    /// means each bundle's own.
    public let asOf: CalendarDate?
    /// Where every state records the lines it runs (`rubric test --coverage`); nil: no line hook.
    public let coverage: LuaLineCoverage?
    /// Every rule file, read and compiled once, by its resolved path.
    private let chunks: [String: Result<LuaCompiledChunk, RuleError>]
    /// What each leaf's rule is handed, converted once for every bundle: its
    /// context and its params (decimal params go through their text).
    private let inputs: [LeafID: LeafInputs]

    private struct LeafInputs: Sendable {
        let context: LuaValue
        let parameters: EvidenceValue

        init(_ leaf: Leaf) {
            context = Assessor.context(for: leaf)
            parameters = leaf.params.evidenceValue()
        }
    }

    /// Prepares the assessment of bundles against `rubric`. Throws when the
    /// rubric's `lib/` or `calendar/` folder cannot be read; a rule file that
    /// cannot be read is an error of its leaves only. `asOf`, when given, is
    /// the date rules see as the assessment's instead of the bundle's.
    /// `coverage`, when given, gathers the lines every rule evaluation runs.
    public init(
        rubric: LoadedRubric, randomSeed: Int64 = 0, asOf: CalendarDate? = nil, coverage: LuaLineCoverage? = nil
    ) throws(FindingsError) {
        loaded = rubric
        self.coverage = coverage
        self.randomSeed = randomSeed
        self.asOf = asOf
        let fileManager = FileManager.default
        let libFolder = rubric.directory.appendingPathComponent("lib")
        if fileManager.fileExists(atPath: libFolder.path) {
            do {
                modules = try LuaModuleLibrary(directory: libFolder, displayPrefix: "lib")
            } catch {
                throw FindingsError([
                    Finding(
                        .error, code: "rubric-lib",
                        message: "the rubric's Lua library cannot be read: \(error)",
                        location: SourceLocation(file: libFolder.path))
                ])
            }
        } else {
            modules = nil
        }
        let calendarFolder = rubric.directory.appendingPathComponent("calendar")
        calendar =
            fileManager.fileExists(atPath: calendarFolder.path)
            ? try WorkingDayCalendar.load(directory: calendarFolder) : nil
        var chunks: [String: Result<LuaCompiledChunk, RuleError>] = [:]
        for leaf in rubric.leaves {
            guard let rule = leaf.rule, chunks[rule.url.path] == nil else { continue }
            do {
                let text = try LuaChunk(contentsOf: rule.url, name: rule.path)
                chunks[rule.url.path] = .success(LuaCompiledChunk(compiling: text))
            } catch {
                chunks[rule.url.path] = .failure(
                    RuleError(
                        kind: "rule_file", message: "the rule file cannot be read: \(error.localizedDescription)",
                        file: rule.path))
            }
        }
        self.chunks = chunks
        var inputs: [LeafID: LeafInputs] = [:]
        for leaf in rubric.leaves where leaf.rule != nil { inputs[leaf.id] = LeafInputs(leaf) }
        self.inputs = inputs
    }

    /// How bundles for this rubric are opened: checked against its document
    /// types and scheme id.
    public var bundleOptions: BundleOptions {
        var options = BundleOptions(
            documentTypes: loaded.rubric.documentTypes.map(\.id), schemeID: loaded.rubric.scheme.id)
        options.recordTables = RecordTableColumns.columns(of: loaded.rubric.recordTables)
        return options
    }

    /// Opens the bundle at `url` (a folder or a `.zip`) with ``bundleOptions``.
    public func openBundle(_ url: URL) throws(FindingsError) -> EvidenceBundle {
        try EvidenceBundle.open(url, options: bundleOptions)
    }

    /// Extracts the text of every document of `bundle` first, under its
    /// extraction budget (``EvidenceBundle/extractDocuments()``), so that no
    /// leaf's deadline pays for it. Then evaluates every leaf against `bundle`, in rubric order, applies the
    /// auditor's `overrides` to the leaves they name, and scores the results.
    /// Never throws for a rule's problems: a rule that fails makes its own leaf
    /// an error and stops nothing else.
    ///
    /// An overridden leaf counts with the auditor's value and keeps the rule's
    /// own in ``LeafResult/rule``; a manual or failed leaf counts only once
    /// overridden, until then the scorecard is incomplete. `overrides` must
    /// have been checked against this assessor's rubric
    /// (`OverrideSet.load(contentsOf:rubric:asOf:)` does).
    public func assess(bundle: EvidenceBundle, overrides: OverrideSet = .empty) -> Assessment {
        bundle.extractDocuments()
        var results = loaded.rubric.leaves.map { evaluate($0, bundle: bundle) }
        for index in results.indices {
            if let override = overrides.override(for: results[index].id) { results[index].apply(override) }
        }
        return Assessment(scorecard: Scorer(rubric: loaded.rubric).score(results))
    }

    /// Evaluates one leaf in a fresh state; `trace`, when given, records every
    /// call the rule makes to the evidence API.
    func evaluate(_ leaf: Leaf, bundle: EvidenceBundle, trace: RuleCallTrace? = nil) -> LeafResult {
        if case .notApplicable(let reason) = leaf.applicability {
            return LeafResult(id: leaf.id, status: .notApplicable, reason: reason ?? "not applicable under the rubric")
        }
        guard let rule = leaf.rule else {
            return LeafResult(id: leaf.id, status: .manual, reason: Self.noRuleReason)
        }
        let chunk: LuaCompiledChunk
        switch chunks[rule.url.path] {
        case .success(let read)?:
            chunk = read
        case .failure(let error)?:
            return LeafResult(id: leaf.id, status: .error, error: error)
        case nil:
            return LeafResult(
                id: leaf.id, status: .error,
                error: RuleError(kind: "rule_file", message: "the rule file was not read", file: rule.path))
        }

        let clock = ContinuousClock()
        let start = clock.now
        let leafInputs = inputs[leaf.id] ?? LeafInputs(leaf)
        let environment = RuleEnvironment(
            view: EvidenceView(
                bundle: bundle, calendar: calendar,
                parameters: leafInputs.parameters, asOf: asOf),
            substance: loaded.rubric.substance)
        let state: LuaState
        do {
            state = try LuaState(configuration: configuration(for: leaf))
        } catch {
            return LeafResult(
                id: leaf.id, status: .error, error: RuleError(error, ruleFile: rule.path),
                durationSeconds: Self.seconds(clock.now - start))
        }

        var result: LeafResult
        do throws(RuleError) {
            result = try run(
                chunk, leaf: leaf, context: leafInputs.context, state: state, environment: environment,
                trace: trace)
        } catch {
            result = LeafResult(id: leaf.id, status: .error, findings: environment.findings.all, error: error)
        }
        result.leaveToAuditor(
            read: environment.unreadableReads.documents,
            unreadable: environment.unreadableReads.documentsNeedingAuditor, bundle: bundle)
        result.log = state.log
        coverage?.add(state)
        result.instructions = state.instructionsUsed
        result.durationSeconds = Self.seconds(clock.now - start)
        return result
    }

    /// Installs the evidence API, runs the rule file, calls the function it
    /// returns with the context, checks what that returned, and adds the
    /// returned findings to the environment's (checking their references).
    /// The result has every finding of the environment.
    private func run(
        _ chunk: LuaCompiledChunk, leaf: Leaf, context: LuaValue, state: LuaState,
        environment: RuleEnvironment, trace: RuleCallTrace?
    ) throws(RuleError) -> LeafResult {
        let results: [LuaValue]
        do throws(LuaError) {
            if let trace {
                try environment.install(in: state, trace: trace)
            } else {
                try environment.install(in: state)
            }
            let function = try state.loadFunction(chunk)
            results = try state.call(function, arguments: [context])
        } catch {
            throw RuleError(error, ruleFile: chunk.name)
        }
        var result = try LeafResult(
            id: leaf.id, returned: results, ruleFile: chunk.name, critical: leaf.critical.map(\.id))
        for (index, finding) in result.findings.enumerated() {
            do throws(FindingsError) {
                try environment.findings.add(finding)
            } catch {
                throw .badReturnValue(
                    "findings[\(index + 1)]: \(error.findings.map(\.message).joined(separator: "; "))",
                    ruleFile: chunk.name)
            }
        }
        result.findings = environment.findings.all
        return result
    }

    /// The state configuration of `leaf`: its limits, unset ones from ``LuaLimits/default``.
    func configuration(for leaf: Leaf) -> LuaConfiguration {
        let limits = leaf.limits.over(loaded.rubric.limits)
        let defaults = LuaLimits.default
        let luaLimits = LuaLimits(
            instructionBudget: limits.instructions.map { Int64($0) } ?? defaults.instructionBudget,
            memoryLimit: limits.memoryBytes ?? defaults.memoryLimit,
            timeout: limits.timeoutSeconds.map { NSDecimalNumber(decimal: $0).doubleValue } ?? defaults.timeout)
        var configuration = LuaConfiguration(limits: luaLimits, modules: modules, randomSeed: randomSeed)
        configuration.lineCoverage = coverage != nil
        return configuration
    }

    /// The argument of the rule function: `{leaf = {id =, title = {zh =, en =}, weight =}, params = ...}`.
    public static func context(for leaf: Leaf) -> LuaValue {
        let hundredths = leaf.weight.hundredths
        let weight: LuaValue =
            hundredths % 100 == 0 ? .integer(Int64(hundredths / 100)) : .number(Double(hundredths) / 100)
        return .table([
            "leaf": .table([
                "id": .string(leaf.id.rawValue),
                "title": .table(["zh": .string(leaf.title.zh), "en": .string(leaf.title.en)]),
                "weight": weight,
            ]),
            "params": leaf.params.evidenceValue().luaValue,
        ])
    }

    private static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
