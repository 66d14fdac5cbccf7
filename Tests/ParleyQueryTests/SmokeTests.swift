import Testing
import ParleyCore
@testable import ParleyQuery

@Test func smoke() throws {
    var e = QueryEngine(graph: Graph())
    do {
    _ = try e.run("CREATE ()-[:T]->()")
    let r = try e.run("""
      MATCH p = (n)-[r]->()
      WITH [n, r, p, '', 1, 3.14, true, null, [], {}] AS types
      UNWIND range(0, size(types) - 1) AS i
      UNWIND range(0, size(types) - 1) AS j
      WITH types[i] AS lhs, types[j] AS rhs
      RETURN lhs, rhs
    """)
    print(r.rows.count)
    } catch { print(error) }
}
