import ArgumentParser
import Foundation
import LuaHost

/// `rubric-bench lua-host [LUA]`: benchmarks of the Lua host: a fresh state
/// with a small rule loaded, a call from Lua into Swift and back, and
/// compute-bound code in the sandbox against the stock interpreter `LUA`.
struct LuaHostSuite: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lua-host",
        abstract: "The Lua host: state creation, host calls, compute against stock Lua.")

    @Argument(help: "The stock Lua interpreter to compare with.")
    var lua: String = "/usr/bin/lua5.4"

    func run() throws {
        let smallRule = LuaChunk(
            name: "rules/small.lua",
            source: """
                return function(ctx)
                  local met, total = 0, 0
                  for _, item in ipairs(ctx.items or {}) do
                    total = total + 1
                    if item.ok then met = met + 1 end
                  end
                  return { score = total > 0 and met / total or 0, findings = {}, summary = "ok" }
                end
                """)

        // 1. State creation and loading a small rule.
        do {
            let configuration = LuaConfiguration.sandbox
            var samples: [Double] = []
            for _ in 0..<5000 {
                samples.append(
                    try seconds {
                        let state = try LuaState(configuration: configuration)
                        _ = try state.loadFunction(smallRule)
                    })
            }
            report("state_create_and_load_rule", median(samples) * 1e6, "µs", runs: samples.count)
        }

        // 2. A call from Lua into Swift and back.
        do {
            let calls = 1_000_000
            var samples: [Double] = []
            for _ in 0..<7 {
                let state = try LuaState(
                    configuration: LuaConfiguration(limits: LuaLimits(instructionBudget: nil, timeout: nil)))
                try state.setGlobal(
                    "f", .function(LuaHostFunction("f") { args in [.integer(try args.integer(1) + 1)] }))
                let withCall = try state.load(
                    LuaChunk(name: "b", source: "local f = f local x = 0 for i = 1, \(calls) do x = f(i) end return x"))
                let withoutCall = try state.load(
                    LuaChunk(
                        name: "b",
                        source:
                            "local g = function(i) return i + 1 end local x = 0 for i = 1, \(calls) do x = g(i) end return x"
                    ))
                let t1 = try seconds { _ = try state.call(withCall) }
                let t0 = try seconds { _ = try state.call(withoutCall) }
                samples.append((t1 - t0) / Double(calls))
            }
            report(
                "host_function_round_trip", median(samples) * 1e9, "ns", runs: samples.count,
                "per call, minus the same loop calling a Lua function")
        }

        // 3. Compute-bound code: the sandbox against the stock interpreter, on a mix
        // of calls, table work, sorting and pattern matching, and on a tight loop.
        let workloads: [(name: String, source: String)] = [
            (
                "compute_mixed",
                """
                local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
                local t = {}
                for i = 1, 200000 do t[i] = (i * 7) % 1000 end
                table.sort(t)
                local s = 0
                for i = 1, #t do s = s + t[i] end
                local words = 0
                for _ in string.rep("alpha beta gamma ", 20000):gmatch("%a+") do words = words + 1 end
                return fib(27) + s + words
                """
            ),
            (
                "compute_tight_loop",
                """
                local s = 0
                for i = 1, 5000000 do s = s + (i * 7) % 1000 end
                return s
                """
            ),
        ]
        for workload in workloads {
            var sandbox: [Double] = []
            for _ in 0..<7 {
                let state = try LuaState(
                    configuration: LuaConfiguration(limits: LuaLimits(instructionBudget: 10_000_000_000)))
                let chunk = try state.load(LuaChunk(name: "compute.lua", source: workload.source))
                sandbox.append(try seconds { _ = try state.call(chunk) })
            }
            report("\(workload.name)_sandbox", median(sandbox), "s", runs: sandbox.count)
            guard FileManager.default.isExecutableFile(atPath: lua) else {
                print("\(workload.name)_stock_lua: skipped (\(lua) not found)")
                continue
            }
            let script = FileManager.default.temporaryDirectory.appendingPathComponent("rubric-bench-compute.lua")
            let timed = "local f = load([==[\(workload.source)]==]) local c = os.clock() f() io.write(os.clock() - c)"
            try timed.write(to: script, atomically: true, encoding: .utf8)
            var stock: [Double] = []
            for _ in 0..<7 {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: lua)
                process.arguments = [script.path]
                let pipe = Pipe()
                process.standardOutput = pipe
                try process.run()
                process.waitUntilExit()
                let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                if let value = Double(output) { stock.append(value) }
            }
            try? FileManager.default.removeItem(at: script)
            guard !stock.isEmpty else { continue }
            report("\(workload.name)_stock_lua", median(stock), "s", runs: stock.count, lua)
            print(String(format: "\(workload.name)_ratio: %.2f (sandbox / stock)", median(sandbox) / median(stock)))
        }
    }
}

/// How long `body` takes, in seconds.
private func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// Prints one result line: `name: median VALUE UNIT (N runs[; details])`.
private func report(_ name: String, _ value: Double, _ unit: String, runs: Int, _ details: String = "") {
    let text = unit == "µs" || unit == "ns" ? String(format: "%.2f", value) : String(format: "%.3f", value)
    print("\(name): median \(text) \(unit) (\(runs) runs\(details.isEmpty ? "" : "; " + details))")
}
