import ArgumentParser
import Authoring
import Foundation
import LuaHost

/// `rubric run FILE.lua`: runs one Lua file in the sandbox and prints what it
/// returned (a rule file's function is called with a context first).
/// `rubric run --rubric DIR --leaf ID BUNDLE`: runs one leaf's rule, with its
/// params and limits, against a bundle.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a Lua rule file, or one leaf's rule against a bundle, and print its result.",
        discussion: """
            With --rubric and --leaf, the argument is an evidence bundle (a folder or a .zip): \
            the leaf's rule runs against it with the leaf's params and limits, as in an \
            assessment, and the verdict, findings, log and (on an error) the traceback are \
            printed; --trace also lists every call to ev, dates and findings with its \
            arguments and the size of its answer. Exit status then: 0 the rule gave a \
            verdict; 1 bad input (the rubric or bundle does not open, an unknown leaf, the \
            rule raised an error).

            Otherwise the argument is a Lua file. If the file returns a function (as a rule file does), the function is called \
            with the context given by --context (a JSON object, default {}) and its result \
            is printed. Output captured from print() and warn() follows under "log:".

            Exit status: 0 ran; 1 bad input (an unreadable file or lib folder, a Lua error, \
            a limit reached); \(ExitStatusText.badUsage).

            Examples:
              rubric run Rubrics/isi/examples/hello.lua --context '{"name": "审核"}'
              rubric run --rubric Rubrics/isi --leaf 5.5.1 Rubrics/isi/samples/qiheng-level3 --trace
            """
    )

    @Argument(help: "The Lua file to run; with --leaf, the evidence bundle.")
    var file: String

    @Option(help: "The rubric folder whose leaf --leaf names. / 评分细则目录")
    var rubric: String?

    @Option(help: "Run this leaf's rule against the bundle given as the argument (needs --rubric).")
    var leaf: String?

    @Option(
        name: .customLong("overlay"),
        help: "With --leaf: an overlay applied over the rubric; repeatable. / 覆盖文件")
    var overlays: [String] = []

    @Flag(help: "With --leaf: list every call of the rule to the evidence API.")
    var trace = false

    @Option(help: "A JSON object passed to the rule function.")
    var context: String = "{}"

    @Option(help: "A folder of Lua modules that require() may load.")
    var lib: String?

    @Option(help: "Instruction budget.")
    var instructions: Int64 = LuaLimits.default.instructionBudget ?? 200_000_000

    @Option(help: "Memory limit in bytes.")
    var memory: Int = LuaLimits.default.memoryLimit ?? 128 << 20

    @Option(help: "Wall-clock timeout in seconds.")
    var timeout: Double = LuaLimits.default.timeout ?? 10

    func validate() throws {
        _ = try contextArgument()
        if (rubric == nil) != (leaf == nil) {
            throw ValidationError("--rubric and --leaf go together: rubric run --rubric DIR --leaf ID BUNDLE")
        }
        if leaf == nil, trace || !overlays.isEmpty {
            throw ValidationError("--trace and --overlay need --rubric and --leaf")
        }
    }

    /// The rule function's argument: `--context` as a Lua table. A context that
    /// is no JSON object is bad usage.
    private func contextArgument() throws -> LuaValue {
        guard let argument = try? JSONDecoder().decode(JSONLuaValue.self, from: Data(context.utf8)).value,
            argument.tableValue != nil
        else {
            throw ValidationError("--context: expected a JSON object, got \(context)")
        }
        return argument
    }

    func run() throws {
        if let rubric, let leaf {
            try runLeaf(leaf, rubric: rubric)
            return
        }
        let url = URL(fileURLWithPath: file)
        guard let contents = FileManager.default.contents(atPath: url.path) else {
            FileHandle.standardError.write(Data("Error: cannot read \(file): no such file\n".utf8))
            throw ExitCode(1)
        }
        let argument = try contextArgument()
        var configuration = LuaConfiguration(
            limits: LuaLimits(instructionBudget: instructions, memoryLimit: memory, timeout: timeout))
        if let lib {
            configuration.modules = try LuaModuleLibrary(directory: URL(fileURLWithPath: lib), displayPrefix: lib)
        }
        let state = try LuaState(configuration: configuration)
        let chunk = LuaChunk(name: file, bytes: [UInt8](contents))
        let results = try state.runReturningOrCalling(chunk, arguments: [argument])
        print(results.map(\.displayText).joined(separator: "\n"))
        let log = state.log
        if !log.isEmpty { print("log:\n" + log, terminator: log.hasSuffix("\n") ? "" : "\n") }
        print("instructions: \(state.instructionsUsed), peak memory: \(state.memoryPeak) bytes")
    }

    /// `--leaf`: runs the leaf's rule against the bundle `file` and prints what it gave.
    private func runLeaf(_ id: String, rubric: String) throws {
        let runner: LeafRuleRun
        do {
            runner = try LeafRuleRun(
                rubricDirectory: URL(fileURLWithPath: rubric), overlays: overlays.map { URL(fileURLWithPath: $0) },
                leaf: id)
        } catch {
            for finding in error.findings { print(finding) }
            throw ExitCode(1)
        }
        let output: LeafRuleRun.Output
        do {
            output = try runner.run(bundle: URL(fileURLWithPath: file), trace: trace)
        } catch {
            for finding in error.findings { print(finding) }
            throw ExitCode(1)
        }
        print(output.text, terminator: "")
        if output.result.error != nil { throw ExitCode(1) }
    }
}
