import ParleyCore

extension Parser {
    mutating func patternList() throws(QueryError) -> [PatternPart] {
        var parts = [try patternPart()]
        while acceptSymbol(",") { parts.append(try patternPart()) }
        return parts
    }

    mutating func patternPart() throws(QueryError) -> PatternPart {
        let pos = current.position
        var pathVariable: Variable?
        if case .identifier = current.kind, peekToken().isSymbol("=") {
            pathVariable = try variable()
            advance()
        }
        if let k = current.keyword, k == "SHORTESTPATH" || k == "ALLSHORTESTPATHS", peekToken().isSymbol("(") {
            advance()
            advance()
            var part = try patternChain(pos)
            try expectSymbol(")")
            part.shortest = k == "SHORTESTPATH" ? .single : .all
            part.pathVariable = pathVariable
            return part
        }
        var part = try patternChain(pos)
        part.pathVariable = pathVariable
        return part
    }

    mutating func patternChain(_ pos: QueryPosition) throws(QueryError) -> PatternPart {
        var nodes = [try nodePattern()]
        var rels: [RelationshipPattern] = []
        while current.isSymbol("-") || current.isSymbol("<") {
            rels.append(try relationshipPattern())
            nodes.append(try nodePattern())
        }
        return PatternPart(pathVariable: nil, nodes: nodes, relationships: rels, shortest: nil, position: pos)
    }

    mutating func nodePattern() throws(QueryError) -> NodePattern {
        let pos = current.position
        try expectSymbol("(")
        var v: Variable?
        if case .identifier = current.kind { v = try variable() }
        var labels: [String] = []
        while acceptSymbol(":") { labels.append(try name("a label")) }
        var props: Expr?
        if current.isSymbol("{") || isParameter { props = try primary() }
        try expectSymbol(")")
        return NodePattern(variable: v, labels: labels, properties: props, position: pos)
    }

    var isParameter: Bool { if case .parameter = current.kind { true } else { false } }

    mutating func relationshipPattern() throws(QueryError) -> RelationshipPattern {
        let pos = current.position
        var left = false
        if acceptSymbol("<") { left = true }
        try expectSymbol("-")
        var v: Variable?
        var types: [String] = []
        var props: Expr?
        var length: LengthRange?
        if acceptSymbol("[") {
            if case .identifier = current.kind { v = try variable() }
            if acceptSymbol(":") {
                types.append(try name("a relationship type"))
                while acceptSymbol("|") {
                    _ = acceptSymbol(":")
                    types.append(try name("a relationship type"))
                }
            }
            if case .integer = current.kind {
                throw error("a variable-length relationship needs '*' before its bounds", code: "InvalidRelationshipPattern")
            }
            if current.isSymbol("..") {
                throw error("a variable-length relationship needs '*' before its bounds", code: "InvalidRelationshipPattern")
            }
            if acceptSymbol("*") {
                if current.isSymbol("-") {
                    throw error("the bounds of a variable-length relationship cannot be negative", code: "InvalidRelationshipPattern")
                }
                var r = LengthRange(min: nil, max: nil)
                if case .integer(let n) = current.kind {
                    advance()
                    r.min = n
                    if acceptSymbol("..") {
                        if case .integer(let m) = current.kind { advance(); r.max = m }
                    } else {
                        r.max = n
                    }
                } else if acceptSymbol("..") {
                    if case .integer(let m) = current.kind { advance(); r.max = m }
                }
                length = r
            }
            if current.isSymbol("{") || isParameter { props = try primary() }
            try expectSymbol("]")
        }
        try expectSymbol("-")
        var right = false
        if acceptSymbol(">") { right = true }
        // `<-->` is read as undirected, as in Neo4j.
        let dir: RelationshipDirection = left == right ? .both : (left ? .left : .right)
        return RelationshipPattern(variable: v, types: types, direction: dir, properties: props, length: length, position: pos)
    }
}
