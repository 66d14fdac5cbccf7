import Foundation
import ParleyCore
import ParleyIO
import ParleyQuery

// parley-bench-query GRAPH QUERIES.json [--runs N] [--only NAME] [--show]
// Loads GRAPH once and makes one QueryEngine over it (as an application embedding Parley does),
// then runs each query of QUERIES.json (a list of {"name", "query", "params"}) N times (default 3;
// when their median is under 10 ms, on for another 200 ms, at most 1001 runs in all):
// parse, bind, plan (or a plan-cache hit after the first run), execute, fetch every row and render
// it as JSON lines. Prints one JSON object per query: {"name", "rows", "us": [..], "median_us",
// "cpu_median_us" (CPU time of the thread), "first_us"}, times in microseconds; `first_us` is
// the first (cold) run, before the engine has cached the query's plan. `--only NAME` runs only that query (for profiling); `--repeat N` runs each query N times
// untimed instead (a fixed amount of work for a profiler). Writes nothing.
var args = Array(CommandLine.arguments.dropFirst())
var runs = 3
var only: String?
if let i = args.firstIndex(of: "--runs"), i + 1 < args.count {
    runs = max(1, Int(args[i + 1]) ?? 3)
    args.removeSubrange(i...(i + 1))
}
// --show: write each query's rendered rows (of its last run) to standard error, to compare answers.
var show = false
if let i = args.firstIndex(of: "--show") {
    show = true
    args.remove(at: i)
}
// --repeat N: instead of timing, run each query exactly N times and print its row count (a
// fixed amount of work for profilers: `perf record`, `valgrind --tool=callgrind`).
var repeatCount: Int?
if let i = args.firstIndex(of: "--repeat"), i + 1 < args.count {
    repeatCount = max(1, Int(args[i + 1]) ?? 1)
    args.removeSubrange(i...(i + 1))
}
// --serve: after loading, read requests from standard input, one JSON object per line,
// {"name": NAME, "runs": N}, run that query N times (timed, as below) and answer with one line
// {"name", "rows", "us": [...]}; ends at the end of input. bench.py uses it to interleave short
// blocks of Parley runs with blocks of another engine's runs (paired blocks).
var serve = false
if let i = args.firstIndex(of: "--serve") {
    serve = true
    args.remove(at: i)
}
if let i = args.firstIndex(of: "--only"), i + 1 < args.count {
    only = args[i + 1]
    args.removeSubrange(i...(i + 1))
}
guard args.count == 2 else {
    FileHandle.standardError.write(Data("usage: parley-bench-query GRAPH QUERIES.json [--runs N] [--only NAME] [--show] [--repeat N] [--serve]\n".utf8))
    exit(2)
}

func nowNS() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
/// CPU time of this thread, ns: what a run cost, whatever else the machine was doing.
func cpuNS() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}
/// What reading the CPU clock around nothing measures (it is a system call, about 1 µs here):
/// subtracted from every CPU time (bench.py does the same for the engines it times).
let cpuClockOverhead: Double = {
    var d: [UInt64] = []
    for _ in 0..<1001 {
        let a = cpuNS()
        d.append(cpuNS() - a)
    }
    return Double(d.sorted()[d.count / 2]) / 1e3
}()

let t0 = nowNS()
let loaded: LoadedGraph
do {
    loaded = try GraphLoader.load(args[0])
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}
let loadMS = Double(nowNS() - t0) / 1e6
// The other engines in tools/bench-query/bench.py have no symmetric relation types; walk every
// relation in its stored direction here too so that all engines answer the same question.
var benchGraph = loaded.graph
benchGraph.symmetricTypes = []
FileHandle.standardError.write(Data("loaded \(benchGraph.entityCount) entities, \(benchGraph.relationCount) relations in \(Int(loadMS)) ms\n".utf8))

struct BenchQuery: Decodable {
    var name: String
    var query: String
    var params: [String: String]?

    /// The parameters as the engine takes them (every value a string).
    var queryParameters: [String: QueryValue] { (params ?? [:]).mapValues { .string($0) } }
}
let data = try Data(contentsOf: URL(fileURLWithPath: args[1]))
let queries = try JSONDecoder().decode([BenchQuery].self, from: data)
// One engine for the whole run, like one connection in the other engines' clients.
var engine = QueryEngine(graph: benchGraph)
func us(_ x: Double) -> String { String(format: "%.1f", x) }
/// One timed run: the query and its rows rendered as JSON lines. The engine is passed `inout`,
/// as an application's engine held in a local variable is used: a method called on a global
/// (or a class property) copies the whole engine first, each of its graph's arrays retained.
func runAndRender(_ engine: inout QueryEngine, _ query: String, _ params: [String: QueryValue]) throws -> (rows: Int, text: String) {
    let r = try engine.run(query, queryParameters: params)
    return (r.rowCount, engine.render(r, as: .jsonl))
}
// The loops below run in functions that take the engine `inout`, as an application's engine
// held in a local variable is used: each use of a global (`engine` of this top-level code) in a
// run would check exclusive access to it first (a runtime call per run).
struct Request: Decodable {
    var name: String
    var runs: Int
}
@MainActor func serveRequests(_ engine: inout QueryEngine) {
    let byName = Dictionary(queries.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    while let line = readLine() {
        let answer: String
        if let request = try? JSONDecoder().decode(Request.self, from: Data(line.utf8)), let q = byName[request.name] {
            let params = q.queryParameters
            // Times kept as numbers and formatted after the loop: formatting between runs would
            // stand between them and the caches (and slow the next run).
            var times: [Double] = []
            times.reserveCapacity(max(1, request.runs))
            var rows = 0
            var failure: String?
            for _ in 0..<max(1, request.runs) {
                let start = nowNS()
                do {
                    rows = try runAndRender(&engine, q.query, params).rows
                } catch {
                    failure = "\(error)"
                    break
                }
                times.append(Double(nowNS() - start) / 1e3)
            }
            if let failure {
                answer = "{\"name\": \(ResultFormatter.jsonString(q.name)), \"error\": \(ResultFormatter.jsonString(failure))}"
            } else {
                answer = "{\"name\": \(ResultFormatter.jsonString(q.name)), \"rows\": \(rows), \"us\": [\(times.map(us).joined(separator: ", "))]}"
            }
        } else {
            answer = "{\"error\": \"not a request of a known query: \(line.prefix(80).replacingOccurrences(of: "\"", with: "'"))\"}"
        }
        FileHandle.standardOutput.write(Data((answer + "\n").utf8))
    }
}
if serve {
    serveRequests(&engine)
    exit(0)
}
@MainActor func timeQueries(_ engine: inout QueryEngine) {
    for q in queries where only == nil || only == q.name {
        let params = q.queryParameters
        if let repeatCount {
            var rows = 0
            var bytes = 0
            for _ in 0..<repeatCount {
                guard let (n, text) = try? runAndRender(&engine, q.query, params) else { break }
                rows = n
                bytes = text.utf8.count
            }
            print("{\"name\": \(ResultFormatter.jsonString(q.name)), \"rows\": \(rows), \"bytes\": \(bytes), \"repeat\": \(repeatCount)}")
            continue
        }
        var times: [Double] = []
        var cpuTimes: [Double] = []
        var rows = 0
        var bytes = 0
        var failure: String?
        var rendered = ""
        // `runs` runs; when their median is under 10 ms, more runs until another 200 ms have passed
        // (at most 1001 runs in all), so that a median in µs is not the noise of three samples
        // (bench.py does the same for every engine).
        var spent: UInt64 = 0
        func more() -> Bool {
            if times.count < runs { return true }
            guard times.count < 1001, spent < 200_000_000 else { return false }
            return times.prefix(runs).sorted()[runs / 2] < 10_000
        }
        while more() {
            // The CPU clock is read outside the wall-clock interval (reading it is a system call).
            let cpuStart = cpuNS()
            let start = nowNS()
            do {
                let (n, text) = try runAndRender(&engine, q.query, params)
                rows = n
                bytes = text.utf8.count
                rendered = text
            } catch {
                failure = "\(error)"
                break
            }
            let took = nowNS() - start
            let cpu = cpuNS() - cpuStart
            if times.count >= runs { spent += took }
            times.append(Double(took) / 1e3)
            cpuTimes.append(max(0, Double(cpu) / 1e3 - cpuClockOverhead))
        }
        if show { FileHandle.standardError.write(Data("== \(q.name)\n\(rendered)".utf8)) }
        let first = times.first ?? -1
        let sorted = times.sorted()
        let median = sorted.isEmpty ? -1 : sorted[sorted.count / 2]
        let sortedCPU = cpuTimes.sorted()
        let cpuMedian = sortedCPU.isEmpty ? -1 : sortedCPU[sortedCPU.count / 2]
        if let failure {
            print("{\"name\": \(ResultFormatter.jsonString(q.name)), \"error\": \(ResultFormatter.jsonString(failure))}")
        } else {
            let list = times.prefix(50).map(us).joined(separator: ", ")
            print("{\"name\": \(ResultFormatter.jsonString(q.name)), \"rows\": \(rows), \"bytes\": \(bytes), \"us\": [\(list)], \"median_us\": \(us(median)), \"cpu_median_us\": \(us(cpuMedian)), \"first_us\": \(us(first))}")
        }
    }
}
timeQueries(&engine)
