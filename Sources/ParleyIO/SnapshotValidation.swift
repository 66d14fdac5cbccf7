import Foundation
import ParleyCore
import ParleySchema

/// Validation of snapshot files, as `parley validate` runs it.
public enum SnapshotValidation {
    /// Validates every file named and every snapshot under every folder named.
    /// - Parameters:
    ///   - schemaPath: the schema for files that name none (`--schema`).
    ///   - strict: warnings become errors (except a missing source text file).
    public static func run(paths: [String], schemaPath: String? = nil, strict: Bool = false) -> ValidationReport {
        var report = ValidationReport()
        var fallback: Schema?
        if let schemaPath {
            do {
                fallback = try Schema.cachedLoad(path: schemaPath)
            } catch {
                report.add(file: nil, (error as? Diagnostics)?.items ?? [.error("\(schemaPath): \(error)")])
                return report
            }
        }
        let (files, problems) = SnapshotFiles.collect(paths)
        report.add(file: nil, problems)
        for file in files {
            report.add(file: file, validate(file, schema: fallback, strict: strict))
        }
        return report
    }

    /// Every problem of one file: what the reader found, then the validator, sorted by position.
    public static func validate(_ path: String, schema: Schema? = nil, strict: Bool = false) -> [Diagnostic] {
        do {
            return validate(try GraphLoader.load(path, schema: schema), strict: strict)
        } catch {
            return error.items.map { strict ? Validator.strictened($0) : $0 }
        }
    }

    /// Every problem of a loaded graph. A snapshot (YAML or JSON) that names no schema and was
    /// given none gets a warning: its types and attributes are not checked.
    public static func validate(_ loaded: LoadedGraph, strict: Bool = false) -> [Diagnostic] {
        var readerProblems = loaded.diagnostics
        if loaded.schema == nil, loaded.format == .yaml || loaded.format == .json,
            loaded.graph.metadata.schema?.isEmpty ?? true
        {
            readerProblems.append(
                .warning(
                    "the snapshot names no schema (snapshot.schema) and none was given (--schema): types and attributes are not checked",
                    at: loaded.sourceMap.location(of: .metadata)))
        }
        return Validator.validate(
            loaded.graph, sourceMap: loaded.sourceMap, schema: loaded.schema, file: loaded.sourceMap.file,
            readerDiagnostics: readerProblems, strict: strict)
    }
}
