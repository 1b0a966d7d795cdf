import JATS
import Store

/// The `sections` rows of an article, named exactly as `Article.textBlocks()` names paths.
enum SectionRows {
    static func build(_ article: Article) -> [PaperRecord.Section] {
        var rows: [PaperRecord.Section] = []
        var index: [[String]: Int] = [:]
        func walk(_ s: Section, path: [String], parent: Int?, kind: String) {
            var parent = parent
            if !path.isEmpty {
                if let existing = index[path] {
                    parent = existing
                } else {
                    let ordinal = rows.count
                    rows.append(.init(ordinal: ordinal, parentOrdinal: parent, depth: path.count - 1, path: path,
                                      title: s.title ?? path.last, secType: s.secType, normalizedType: s.type.rawValue, kind: kind))
                    index[path] = ordinal
                    parent = ordinal
                }
            }
            for (i, sub) in s.subsections.enumerated() {
                walk(sub, path: path + [sub.title ?? sub.label ?? "Section \(i + 1)"], parent: parent, kind: kind)
            }
        }
        func walkArticle(_ a: Article, prefix: [String], parent: Int?, kind: String) {
            for abstract in a.front.abstracts {
                var name = abstract.title ?? "Abstract"
                if let lang = abstract.language, lang != a.language { name += " (\(lang))" }
                var content = abstract.content
                content.type = .abstract
                walk(content, path: prefix + [name], parent: parent, kind: kind == "body" ? "abstract" : kind)
            }
            walk(a.body, path: prefix, parent: parent, kind: kind)
            walk(a.back, path: prefix, parent: parent, kind: kind == "body" ? "back" : kind)
        }
        walkArticle(article, prefix: [], parent: nil, kind: "body")
        for (i, sub) in article.subArticles.enumerated() {
            let name = PaperMapper.subArticleName(sub, index: i)
            let ordinal = rows.count
            rows.append(.init(ordinal: ordinal, parentOrdinal: nil, depth: 0, path: [name], title: sub.title ?? name,
                              secType: sub.articleType, normalizedType: "other", kind: "sub-article"))
            index[[name]] = ordinal
            walkArticle(sub, prefix: [name], parent: ordinal, kind: "sub-article")
        }
        return rows
    }

    /// Adds a row for `path` (and its missing ancestors), e.g. "Figures and Tables".
    static func ensure(path: [String], type: String?, rows: inout [PaperRecord.Section], index: inout [[String]: Int]) {
        var parent: Int? = nil
        for depth in 1...path.count {
            let prefix = Array(path.prefix(depth))
            if let existing = index[prefix] { parent = existing; continue }
            let ordinal = rows.count
            rows.append(.init(ordinal: ordinal, parentOrdinal: parent, depth: depth - 1, path: prefix, title: prefix.last,
                              secType: nil, normalizedType: depth == path.count ? type : nil, kind: "body"))
            index[prefix] = ordinal
            parent = ordinal
        }
    }
}
