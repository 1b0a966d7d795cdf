import Foundation
import PreflexorTesting
import Service
import Testing

/// docs/openapi.yaml names exactly the routes the router serves (method and path).
@Suite struct OpenAPIContractTests {
    /// `METHOD /path` for each operation under `paths:` (two-space path keys, four-space methods).
    static func documented() throws -> Set<String> {
        let text = try String(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("docs/openapi.yaml"), encoding: .utf8)
        var out: Set<String> = []
        var inPaths = false
        var path: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "paths:" { inPaths = true; continue }
            if inPaths, !line.isEmpty, !line.hasPrefix(" ") { break }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":") { path = String(line.dropFirst(2).dropLast()); continue }
            for method in ["get", "post", "put", "patch", "delete"] where line == "    \(method):" {
                out.insert("\(method.uppercased()) \(path ?? "?")")
            }
        }
        return out
    }

    @Test(.timeLimit(.minutes(40)))
    func documentMatchesRouter() async throws {
        let documented = try Self.documented()
        #expect(documented.count > 15)
        try await LiveServer.with { server in
            let served = Set(ServiceApplication.router(server.service).routes.map { "\($0.method) \($0.path)" })
            #expect(served.subtracting(documented).isEmpty, "served but not documented: \(served.subtracting(documented).sorted())")
            #expect(documented.subtracting(served).isEmpty, "documented but not served: \(documented.subtracting(served).sorted())")
        }
    }
}
