import Foundation

/// One step of a TCK scenario (Given / And / When / Then), with its doc string or table.
public struct TCKStep: Sendable {
    public var text: String
    public var docString: String?
    public var table: [[String]]?
}

/// A scenario of a `.feature` file; outlines are expanded, one scenario per example row.
public struct TCKScenario: Sendable {
    public var folder: String
    public var feature: String
    public var name: String
    public var steps: [TCKStep]
}

/// Reads the Gherkin subset the openCypher TCK uses.
public enum TCKFeatureParser {
    public static func parse(_ text: String, folder: String, file: String) -> [TCKScenario] {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
        var background: [TCKStep] = []
        var inBackground = false
        var scenarios: [TCKScenario] = []
        var feature = file
        var name: String?
        var outline = false
        var steps: [TCKStep] = []
        var examples: [[String]]?
        var inExamples = false
        var k = 0

        func flush() {
            guard let n = name else { return }
            if outline, let ex = examples, ex.count > 1 {
                let header = ex[0]
                for (r, row) in ex.dropFirst().enumerated() {
                    func sub(_ s: String) -> String {
                        var out = s
                        for (h, v) in zip(header, row) { out = out.replacingOccurrences(of: "<\(h)>", with: v) }
                        return out
                    }
                    let st = steps.map { TCKStep(text: sub($0.text), docString: $0.docString.map(sub), table: $0.table.map { $0.map { $0.map(sub) } }) }
                    scenarios.append(TCKScenario(folder: folder, feature: feature, name: "\(n) (example \(r + 1))", steps: st))
                }
            } else {
                scenarios.append(TCKScenario(folder: folder, feature: feature, name: n, steps: steps))
            }
            name = nil
            steps = background
            examples = nil
            inExamples = false
        }

        while k < lines.count {
            let line = lines[k].trimmingCharacters(in: .whitespaces)
            k += 1
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("@") { continue }
            if line.hasPrefix("Feature:") { feature = line.dropFirst(8).trimmingCharacters(in: .whitespaces); continue }
            if line.hasPrefix("Background:") { inBackground = true; continue }
            if line.hasPrefix("Scenario Outline:") || line.hasPrefix("Scenario:") {
                if inBackground { background = steps; steps = []; inBackground = false }
                flush()
                steps = background
                outline = line.hasPrefix("Scenario Outline:")
                name = String(line[line.index(after: line.firstIndex(of: ":")!)...]).trimmingCharacters(in: .whitespaces)
                continue
            }
            if line.hasPrefix("Examples:") { inExamples = true; examples = []; continue }
            if line.hasPrefix("|") {
                let row = cells(line)
                if inExamples {
                    examples?.append(row)
                } else if !steps.isEmpty {
                    if steps[steps.count - 1].table == nil { steps[steps.count - 1].table = [] }
                    steps[steps.count - 1].table?.append(row)
                }
                continue
            }
            if line.hasPrefix("\"\"\"") {
                let indent = lines[k - 1].prefix { $0 == " " }.count
                var doc: [String] = []
                while k < lines.count, lines[k].trimmingCharacters(in: .whitespaces) != "\"\"\"" {
                    let l = lines[k]
                    let drop = min(indent, l.prefix { $0 == " " }.count)
                    doc.append(String(l.dropFirst(drop)))
                    k += 1
                }
                k += 1
                if !steps.isEmpty { steps[steps.count - 1].docString = doc.joined(separator: "\n") }
                continue
            }
            for kw in ["Given ", "And ", "When ", "Then ", "But "] where line.hasPrefix(kw) {
                steps.append(TCKStep(text: String(line.dropFirst(kw.count)), docString: nil, table: nil))
                inExamples = false
            }
        }
        flush()
        return scenarios
    }

    /// Cells of a table row; `\|` is a literal bar.
    static func cells(_ line: String) -> [String] {
        var out: [String] = []
        var cur = ""
        var chars = Array(line.trimmingCharacters(in: .whitespaces))
        if chars.first == "|" { chars.removeFirst() }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "\\", i + 1 < chars.count, chars[i + 1] == "|" { cur.append("|"); i += 2; continue }
            if c == "|" { out.append(cur.trimmingCharacters(in: .whitespaces)); cur = ""; i += 1; continue }
            cur.append(c)
            i += 1
        }
        if !cur.trimmingCharacters(in: .whitespaces).isEmpty { out.append(cur.trimmingCharacters(in: .whitespaces)) }
        return out
    }
}
