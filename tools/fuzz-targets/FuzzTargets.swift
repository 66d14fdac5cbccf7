import Foundation
import ParleyCore
import ParleyIO
import ParleyQuery
import ParleySchema

/// The four fuzz targets of `tools/fuzz`, in one binary: `PARLEY_FUZZ_TARGET` picks one.
///
/// - `snapshot`: the snapshot loader, YAML and JSON (every input is read as both), with the
///   schema applied, then the graph written back canonically and read again; JSON inputs are
///   also read for a diff against themselves and against their rewrite (shared relation
///   records skipped on one side).
/// - `graphml`: the GraphML reader.
/// - `cypher`: the Cypher lexer, parser, binder and planner (`EXPLAIN` without running).
/// - `execute`: runs the input as a query against a small graph, with a timeout and a short
///   bound for unbounded variable-length patterns, and renders the result in every format.
///
/// Built with `-sanitize=fuzzer,address -D PARLEY_LIBFUZZER`, libFuzzer calls
/// `LLVMFuzzerTestOneInput`; built plainly, `parley-fuzz FILE...` runs each file through the
/// target once, which is how a crash input is replayed under the debugger.
enum FuzzTarget: String, CaseIterable {
    case snapshot, graphml, cypher, execute

    static let selected: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["PARLEY_FUZZ_TARGET"] ?? "snapshot"
        guard let target = FuzzTarget(rawValue: name) else {
            FileHandle.standardError.write(Data("parley-fuzz: unknown PARLEY_FUZZ_TARGET \(name) (use \(allCases.map(\.rawValue).joined(separator: ", ")))\n".utf8))
            exit(2)
        }
        return target
    }()

    /// The negotiation schema, when the fuzzer runs from the repository root.
    static let schema: Schema? = try? Schema.load(path: "schema/negotiation.yaml")

    /// The small graph the `execute` target queries (the query tests' fixture).
    static let smallGraph: Graph = {
        let path = ProcessInfo.processInfo.environment["PARLEY_FUZZ_GRAPH"] ?? "Tests/Fixtures/query/talks.yaml"
        return (try? GraphLoader.load(path, schema: schema).graph) ?? Graph()
    }()

    /// Runs one input through the target; any crash, hang or memory error is a bug.
    func run(_ bytes: [UInt8]) {
        switch self {
        case .snapshot:
            // Read for a diff against itself, whatever the bytes (the scan of shared records).
            _ = GraphLoader.loadForComparison(json: bytes, path: "fuzz", json: bytes, path: "fuzz", schema: Self.schema)
            for format in [GraphFormat.yaml, .json] {
                guard let loaded = try? GraphLoader.load(bytes, name: "fuzz", path: "fuzz", format: format, schema: Self.schema) else { continue }
                // What was read must write back and read again.
                for out in [GraphFormat.yaml, .json] {
                    if let rendered = try? GraphLoader.render(loaded.graph, as: out) {
                        _ = try? GraphLoader.load(rendered, name: "fuzz-out", path: "fuzz-out", format: out, schema: Self.schema)
                        // Read for a diff against the input: shared records skipped on one side.
                        if out == .json, format == .json {
                            _ = GraphLoader.loadForComparison(json: bytes, path: "fuzz", json: rendered, path: "fuzz-out", schema: Self.schema)
                            _ = GraphLoader.loadForComparison(json: rendered, path: "fuzz-out", json: bytes, path: "fuzz", schema: Self.schema)
                        }
                    }
                }
            }
        case .graphml:
            _ = try? GraphLoader.load(bytes, name: "fuzz", path: "fuzz", format: .graphml, schema: Self.schema)
        case .cypher:
            let text = String(decoding: bytes, as: UTF8.self)
            let engine = QueryEngine(graph: Self.smallGraph, schema: Self.schema)
            _ = try? engine.explain(text)
        case .execute:
            let text = String(decoding: bytes, as: UTF8.self)
            var engine = QueryEngine(
                graph: Self.smallGraph, schema: Self.schema,
                options: QueryOptions(maxUnboundedLength: 4, timeout: 0.5))
            if let result = try? engine.run(text) {
                for format in OutputFormat.allCases {
                    _ = ResultFormatter.render(result, graph: engine.graph, as: format)
                }
            }
        }
    }
}

/// libFuzzer's entry point.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    FuzzTarget.selected.run(bytes)
    return 0
}

#if PARLEY_LIBFUZZER
/// libFuzzer's driver (`-sanitize=fuzzer` links it), called from `main` rather than letting
/// libFuzzer's own `main` run: SwiftPM routes an executable's `main` to its `@main` type.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

@main
struct RunLibFuzzer {
    static func main() {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzOneInput(data, size) })
    }
}
#else
/// Without libFuzzer: replays the files named on the command line through the selected target.
@main
struct ReplayFuzzInputs {
    static func main() {
        let files = CommandLine.arguments.dropFirst()
        if files.isEmpty {
            print("usage: PARLEY_FUZZ_TARGET=snapshot|graphml|cypher|execute parley-fuzz FILE...")
            print("(tools/fuzz TARGET SECONDS builds this with libFuzzer and fuzzes)")
            return
        }
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                FileHandle.standardError.write(Data("parley-fuzz: cannot read \(file)\n".utf8))
                exit(2)
            }
            FuzzTarget.selected.run([UInt8](data))
            print("\(FuzzTarget.selected.rawValue): \(file): ok")
        }
    }
}
#endif
