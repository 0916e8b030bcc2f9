import ArgumentParser
import Foundation
import LuaHost

/// `rubric run FILE.lua`: runs one Lua file in the sandbox and prints what it
/// returned (a rule file's function is called with a context first).
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a Lua rule file in the sandbox and print its result.",
        discussion: """
            If the file returns a function (as a rule file does), the function is called \
            with the context given by --context (a JSON object, default {}) and its result \
            is printed. Output captured from print() and warn() follows under "log:".

            Exit status: 0 ran; 1 bad input (an unreadable file or lib folder, a Lua error, \
            a limit reached); \(ExitStatusText.badUsage).

            Example:
              rubric run Rubrics/isi/examples/hello.lua --context '{"name": "审核"}'
            """
    )

    @Argument(help: "The Lua file to run.")
    var file: String

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
}
