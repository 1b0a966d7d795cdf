import Foundation

/// Outcome of comparing text with a golden file.
public enum GoldenResult: Equatable, Sendable {
    case matches
    /// The golden file was (re-)written because `PREFLEXOR_RECORD=1`; the test must fail.
    case recorded(path: String)
    /// The text differs; `diff` is a short, line-numbered description of the first differences.
    case differs(diff: String)
    /// No golden file exists yet; record with `PREFLEXOR_RECORD=1`.
    case missing(path: String)
}

/// Golden-file comparison in the style of pg_regress: an `.expected` file beside the input.
public enum Golden {
    /// Compares `actual` with the golden file at `url`. Re-records when `PREFLEXOR_RECORD=1`.
    public static func check(_ actual: String, against url: URL) -> GoldenResult {
        if Fixtures.recording {
            try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? actual.write(to: url, atomically: true, encoding: .utf8)
            return .recorded(path: url.path)
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            return .missing(path: url.path)
        }
        if expected == actual { return .matches }
        return .differs(diff: firstDifferences(expected: expected, actual: actual))
    }

    /// A readable description of the first few differing lines.
    public static func firstDifferences(expected: String, actual: String, limit: Int = 8) -> String {
        let e = expected.components(separatedBy: "\n")
        let a = actual.components(separatedBy: "\n")
        var out: [String] = []
        for i in 0..<max(e.count, a.count) where out.count < limit * 2 {
            let el = i < e.count ? e[i] : "<missing>"
            let al = i < a.count ? a[i] : "<missing>"
            if el != al {
                out.append("line \(i + 1) expected: \(el)")
                out.append("line \(i + 1)   actual: \(al)")
            }
        }
        return out.joined(separator: "\n")
    }
}
