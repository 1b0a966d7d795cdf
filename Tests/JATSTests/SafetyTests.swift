import Foundation
import Testing
import JATS
import PreflexorTesting

/// Hostile and broken inputs: XXE, entity expansion, malformed XML, resource limits.
@Suite struct SafetyTests {
    let parser = JATSParser()

    /// Everything the article exposes as text, to search for leaked content.
    func allText(_ a: Article) throws -> String {
        String(decoding: try JSONEncoder().encode(a), as: UTF8.self)
    }

    @Test func xxeFileAndNetworkEntitiesAreNotExpanded() throws {
        let a = try parser.parse(fileAt: Fixtures.url("JATS", "xxe-file.xml"))
        let text = try allText(a)
        #expect(!text.contains("root:"), "contents of /etc/passwd leaked into the article")
        #expect(a.title == "XXE title")
        #expect(a.allParagraphs.map(\.text) == ["Before middle after."])
    }

    @Test func xxeOfALocalCanaryFileIsNotExpanded() throws {
        let canary = Fixtures.url("JATS", "xxe-canary.txt")
        let secret = try String(contentsOf: canary, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let xml = """
        <?xml version="1.0"?>
        <!DOCTYPE article [ <!ENTITY leak SYSTEM "\(canary.absoluteString)"> <!ENTITY leak2 SYSTEM "\(canary.path)"> ]>
        <article><front><article-meta><title-group><article-title>T &leak;</article-title></title-group></article-meta></front>
        <body><p>A &leak; B &leak2; C</p></body></article>
        """
        let a = try parser.parse(data: Data(xml.utf8), source: "xxe-canary")
        #expect(!(try allText(a)).contains(secret))
        #expect(a.allParagraphs.map(\.text) == ["A B C"])
    }

    @Test func billionLaughsIsRejectedOrLeftUnexpanded() throws {
        let start = Date()
        let article: Article
        do {
            article = try parser.parse(fileAt: Fixtures.url("JATS", "billion-laughs.xml"))
        } catch {
            #expect(error.code == .malformedXML)
            return
        }
        #expect(try allText(article).utf8.count < 100_000, "entity expansion produced a huge article")
        // Not a timing assertion on speed, only a guard against an expansion running away.
        #expect(Date().timeIntervalSince(start) < 30)
    }

    @Test func quadraticBlowupEntityIsNotExpanded() throws {
        let big = String(repeating: "A", count: 50_000)
        let refs = String(repeating: "&big;", count: 2_000)
        let xml = "<?xml version=\"1.0\"?><!DOCTYPE article [<!ENTITY big \"\(big)\">]><article><body><p>x\(refs)y</p></body></article>"
        do {
            let a = try parser.parse(data: Data(xml.utf8), source: "quadratic")
            #expect(a.allParagraphs.map(\.text) == ["xy"])
        } catch {
            #expect(error.code == .malformedXML)
        }
    }

    @Test func characterEntitiesExpandedOthersDropped() throws {
        let a = try parser.parse(fileAt: Fixtures.url("JATS", "char-entities.xml"))
        #expect(a.title == "The α-helix and — more")
        #expect(a.allParagraphs.map(\.text) == ["Keratin is α-helical; is left out; too."])
    }

    @Test func malformedXMLReportsFileLineAndLibxmlMessage() {
        let url = Fixtures.url("JATS", "malformed-mismatch.xml")
        #expect {
            _ = try parser.parse(fileAt: url)
        } throws: { error in
            guard let e = error as? JATSError else { return false }
            return e.code == .malformedXML && e.line == 6 && e.file == url.path
                && e.message.contains("Opening and ending tag mismatch") && e.description.contains(":6:")
        }
    }

    @Test func emptyInputAndNonArticleGiveClearErrors() {
        #expect(throws: JATSError.self) { try parser.parse(data: Data(" \n".utf8), source: "empty") }
        do {
            _ = try parser.parse(data: Data(), source: "empty")
            Issue.record("empty input parsed")
        } catch {
            #expect(error.code == .emptyInput)
        }
        do {
            _ = try parser.parse(fileAt: Fixtures.url("JATS", "not-an-article.xml"))
            Issue.record("HTML parsed as an article")
        } catch {
            #expect(error.code == .notAnArticle && error.message.contains("<html>"))
        }
        do {
            _ = try parser.parse(fileAt: Fixtures.url("JATS", "does-not-exist.xml"))
            Issue.record("missing file parsed")
        } catch {
            #expect(error.code == .unreadableFile && error.underlying != nil)
        }
    }

    @Test func limitsOnSizeNodesAndDepth() throws {
        let data = try Fixtures.data("JATS", "minimal-jats13.xml")
        do {
            _ = try JATSParser(limits: .init(maxInputBytes: 1000)).parse(data: data, source: "small-limit")
            Issue.record("size limit not enforced")
        } catch { #expect(error.code == .inputTooLarge) }
        do {
            _ = try JATSParser(limits: .init(maxNodes: 100)).parse(data: data, source: "node-limit")
            Issue.record("node limit not enforced")
        } catch { #expect(error.code == .tooManyNodes) }
        do {
            _ = try JATSParser(limits: .init(maxDepth: 5)).parse(data: data, source: "depth-limit")
            Issue.record("depth limit not enforced")
        } catch { #expect(error.code == .tooDeep) }
        let deep = "<article><body>" + String(repeating: "<sec>", count: 2_000) + String(repeating: "</sec>", count: 2_000) + "</body></article>"
        do {
            _ = try parser.parse(data: Data(deep.utf8), source: "deep")
            Issue.record("2000-deep nesting accepted")
        } catch { #expect(error.code == .malformedXML || error.code == .tooDeep) }
    }

    @Test func concurrentParsesAgree() async throws {
        let data = try Fixtures.data("JATS", "minimal-jats13.xml")
        let bad = try Fixtures.data("JATS", "malformed-mismatch.xml")
        let reference = try parser.parse(data: data, source: "c")
        let results = await withTaskGroup(of: (Article?, Int?).self) { group in
            for i in 0..<64 {
                group.addTask {
                    if i % 4 == 0 {
                        do { _ = try JATSParser().parse(data: bad, source: "bad"); return (nil, nil) }
                        catch { return (nil, (error as? JATSError)?.line) }
                    }
                    return ((try? JATSParser().parse(data: data, source: "c")), nil)
                }
            }
            var out: [(Article?, Int?)] = []
            for await r in group { out.append(r) }
            return out
        }
        #expect(results.filter { $0.0 != nil }.allSatisfy { $0.0 == reference })
        #expect(results.filter { $0.0 != nil }.count == 48)
        #expect(results.compactMap { $0.1 } == Array(repeating: 6, count: 16), "each failing parse reports its own line")
    }
}
