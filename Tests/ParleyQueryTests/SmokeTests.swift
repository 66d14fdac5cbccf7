import Testing
import ParleyCore
@testable import ParleyQuery

@Test func smoke() throws {
    var e = QueryEngine(graph: Graph())
    do {
    _ = try e.run("CREATE (a:Party {id: 'russia', name: 'Russia'}), (b:Provision {id: 'p1', name: 'P1'}), (a)-[:DEMANDS]->(b)")
    let r = try e.run("MATCH (p:Party {id: 'russia'})-[:DEMANDS]->(x) RETURN x.name, count(*) AS c ORDER BY c")
    print(r)
    print(try e.explain("MATCH (p:Party {id: 'russia'})-[:DEMANDS]->(x) RETURN x.name"))
    print(ResultFormatter.render(r, graph: e.graph, as: .table))
    _ = try e.run("MATCH (p:Party {id: 'russia'} RETURN p")
    } catch { print(error) }
}
