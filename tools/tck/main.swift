import Foundation
import ParleyQuery

// parley-tck [TCK-FOLDER] [--filter TEXT] [--failures] [--lenient-errors]
// Runs the openCypher TCK scenarios against the Parley engine and prints passed / failed /
// skipped per folder and in total. Writes nothing.
var args = Array(CommandLine.arguments.dropFirst())
var filter: String?
var showFailures = false
var root: String?
var strict = true
while !args.isEmpty {
    let a = args.removeFirst()
    switch a {
    case "--filter": filter = args.isEmpty ? nil : args.removeFirst()
    case "--failures": showFailures = true
    case "--lenient-errors": strict = false
    case "-h", "--help":
        print("usage: parley-tck [TCK-FOLDER] [--filter TEXT] [--failures] [--lenient-errors]")
        exit(0)
    default: root = a
    }
}
let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
let folder = root.map { URL(fileURLWithPath: $0) } ?? here.deletingLastPathComponent().appendingPathComponent("shared/opencypher-tck")
do {
    let report = try TCKRunner(root: folder, strictErrors: strict).run(filter: filter)
    if showFailures {
        for r in report.results {
            switch r.outcome {
            case .passed: break
            case .failed(let why): print("FAIL \(r.id)\n     \(why)")
            case .skipped(let why): print("SKIP \(r.id)\n     \(why)")
            }
        }
        print()
    }
    print(report.summary, terminator: "")
} catch {
    FileHandle.standardError.write(Data("parley-tck: \(error)\n".utf8))
    exit(1)
}
