// Module ArticleText: the one mapping from a parsed JATS article to the chunker's input
// (`Text.TextBlock`), shared by ingest (Ingest.PaperMapper) and the core benchmarks, so that
// a benchmark chunks a paper exactly as ingest does. Depends only on JATS and Text.
import JATS
import Text

/// The chunker input of an article: the main article's blocks, then each sub-article's under
/// a section path of its own ("Sub-article 1: Decision letter").
public enum ArticleText {
    /// The main article's blocks, then each sub-article's under its own path.
    public static func textBlocks(of article: Article) -> [TextBlock] {
        var blocks = article.textBlocks().map(convert)
        for (i, sub) in article.subArticles.enumerated() {
            let root = subArticleName(sub, index: i)
            blocks += sub.textBlocks().map { b in
                var t = convert(b)
                t.sectionPath = [root] + t.sectionPath
                return t
            }
        }
        return blocks
    }

    /// One JATS block as a chunker block (the kinds' raw values are equal).
    public static func convert(_ b: ArticleTextBlock) -> TextBlock {
        TextBlock(sectionPath: b.sectionPath, sectionType: b.sectionType,
                  kind: TextBlock.Kind(rawValue: b.kind.rawValue) ?? .other, text: b.text)
    }

    /// The section path root of the `index`-th sub-article.
    public static func subArticleName(_ sub: Article, index: Int) -> String {
        "Sub-article \(index + 1)" + (sub.title.map { ": \($0)" } ?? "")
    }
}
