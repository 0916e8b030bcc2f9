import Evidence
import Foundation
import LuaHost
import RuleAPI
import Scheme
import TestSupport
import Testing

/// The fixtures of the evidence tests, found from this source file (never copied).
enum Fixtures {
    static let tests = RepositoryPaths.tests
    static let root = RepositoryPaths.fixtures(of: "EvidenceTests")
    static let calendarFolder = RepositoryPaths.calendar

    /// The document types the fixtures use.
    static let documentTypes = [
        "management_manual", "requirements_record", "implementation_plan", "test_report",
        "acceptance_report", "handover_record", "trial_run_record",
    ]

    static func openBasic() throws -> EvidenceBundle {
        try EvidenceBundle.open(
            root.appendingPathComponent("basic"),
            options: BundleOptions(documentTypes: documentTypes, schemeID: "isi"))
    }

    static let calendar: WorkingDayCalendar = {
        do {
            return try WorkingDayCalendar.load(directory: calendarFolder)
        } catch {
            fatalError("the shipped calendar does not load: \(error)")
        }
    }()
}

/// A fresh sandboxed state with the evidence API of the basic fixture installed.
struct Harness {
    let environment: RuleEnvironment
    let state: LuaState

    init(params: ParameterMap = [:], decimals: DecimalForm = .number) throws {
        environment = RuleEnvironment(
            bundle: try Fixtures.openBasic(), calendar: Fixtures.calendar,
            params: params, decimals: decimals)
        state = try LuaState(configuration: LuaConfiguration(limits: LuaLimits(timeout: 30)))
        try environment.install(in: state)
    }

    /// Runs a snippet; returns its results.
    func run(_ source: String, name: String = "rule.lua") throws -> [LuaValue] {
        try state.run(LuaChunk(name: name, source: source))
    }

    /// Runs a snippet that returns one value.
    func value(_ source: String) throws -> LuaValue {
        try run(source).first ?? .nil
    }

    /// The error a snippet ends with, or nil when it succeeds.
    func error(_ source: String) -> LuaError? {
        do {
            _ = try run(source)
            return nil
        } catch let error as LuaError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    /// The message of the runtime error a snippet ends with ("" when it succeeds).
    func message(_ source: String) -> String {
        guard let error = error(source) else { return "" }
        guard case .runtime(let message, _) = error else { return "not a runtime error: \(error)" }
        return message
    }

    var findings: [AuditFinding] { environment.findings.all }
}
