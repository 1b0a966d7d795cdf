import Foundation

/// Export formats of the entity graph (`preflexor graph export`).
public enum GraphExportFormat: String, Sendable, CaseIterable {
    /// GraphML (networkx, Gephi, Cytoscape): a directed multigraph, one node per entity and
    /// one edge per relation, with attributes.
    case graphml
    /// Two CSV tables, `nodes.csv` and `edges.csv` (Gephi's spreadsheet import, pandas).
    case csv
    /// networkx node-link JSON (`networkx.node_link_graph(data, edges="links")`).
    case json
}

extension GraphSnapshot {
    /// Node id of an entity in every export format.
    static func nodeID(_ id: Int64) -> String { "e\(id)" }

    /// Degrees (relations in and out, a self-loop once) by entity id.
    var degrees: [Int64: Int] {
        var d: [Int64: Int] = [:]
        for e in edges {
            d[e.source, default: 0] += 1
            if e.target != e.source { d[e.target, default: 0] += 1 }
        }
        return d
    }

    /// GraphML 1.0 with typed attribute keys: nodes carry key, name, type, community
    /// (-1 when none) and degree; edges carry predicate, weight (evidence sentences) and papers.
    public func graphML() -> String {
        let degree = degrees
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
            xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
              <key id="d0" for="node" attr.name="key" attr.type="string"/>
              <key id="d1" for="node" attr.name="name" attr.type="string"/>
              <key id="d2" for="node" attr.name="type" attr.type="string"/>
              <key id="d3" for="node" attr.name="community" attr.type="int"/>
              <key id="d4" for="node" attr.name="degree" attr.type="int"/>
              <key id="d5" for="edge" attr.name="predicate" attr.type="string"/>
              <key id="d6" for="edge" attr.name="weight" attr.type="int"/>
              <key id="d7" for="edge" attr.name="papers" attr.type="int"/>
              <graph id="preflexor" edgedefault="directed">

            """
        out.reserveCapacity(entities.count * 260 + edges.count * 200)
        for e in entities {
            out += "    <node id=\"\(Self.nodeID(e.id))\">"
            out += "<data key=\"d0\">\(xml(e.key))</data><data key=\"d1\">\(xml(e.name))</data><data key=\"d2\">\(xml(e.type))</data>"
            out += "<data key=\"d3\">\(e.community ?? -1)</data><data key=\"d4\">\(degree[e.id] ?? 0)</data></node>\n"
        }
        for r in edges {
            out += "    <edge id=\"r\(r.id)\" source=\"\(Self.nodeID(r.source))\" target=\"\(Self.nodeID(r.target))\">"
            out += "<data key=\"d5\">\(xml(r.predicate))</data><data key=\"d6\">\(r.weight)</data><data key=\"d7\">\(r.paperCount)</data></edge>\n"
        }
        out += "  </graph>\n</graphml>\n"
        return out
    }

    /// `nodes.csv` (id, key, name, type, community, degree) and `edges.csv` (id, source,
    /// target, predicate, weight, papers), RFC 4180 quoting.
    public func csvTables() -> (nodes: String, edges: String) {
        let degree = degrees
        var nodes = "id,key,name,type,community,degree\n"
        for e in entities {
            nodes += [Self.nodeID(e.id), csv(e.key), csv(e.name), csv(e.type), e.community.map(String.init) ?? "", String(degree[e.id] ?? 0)]
                .joined(separator: ",") + "\n"
        }
        var edgeRows = "id,source,target,predicate,weight,papers\n"
        for r in edges {
            edgeRows += ["r\(r.id)", Self.nodeID(r.source), Self.nodeID(r.target), csv(r.predicate), String(r.weight), String(r.paperCount)]
                .joined(separator: ",") + "\n"
        }
        return (nodes, edgeRows)
    }

    /// networkx node-link JSON: `{"directed": true, "multigraph": true, "graph": {...},
    /// "nodes": [{"id", "key", "name", "type", "community", "degree"}], "links": [{"source",
    /// "target", "key", "predicate", "weight", "papers"}]}`.
    public func nodeLinkJSON() throws -> String {
        struct Node: Encodable { var id: String, key: String, name: String, type: String, community: Int?, degree: Int }
        struct Link: Encodable { var source: String, target: String, key: String, predicate: String, weight: Int, papers: Int }
        struct Meta: Encodable { var name: String }
        struct Document: Encodable { var directed: Bool, multigraph: Bool, graph: Meta, nodes: [Node], links: [Link] }
        let degree = degrees
        let document = Document(
            directed: true, multigraph: true, graph: Meta(name: "preflexor"),
            nodes: entities.map { Node(id: Self.nodeID($0.id), key: $0.key, name: $0.name, type: $0.type, community: $0.community, degree: degree[$0.id] ?? 0) },
            links: edges.map { Link(source: Self.nodeID($0.source), target: Self.nodeID($0.target), key: "r\($0.id)",
                                    predicate: $0.predicate, weight: $0.weight, papers: $0.paperCount) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
    }

    private func xml(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            // XML 1.0 forbids most control characters even as references: drop them.
            case _ where u.value < 0x20 && u != "\t" && u != "\n" && u != "\r": continue
            case _ where u.value == 0xFFFE || u.value == 0xFFFF: continue
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    private func csv(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
