/// Tolerance checks in the style of llm.c's `validate_result`: `|a - r| <= abs + rel * |r|`.
public enum NumericCheck {
    /// The first index where `actual` and `reference` disagree beyond the tolerance, with a
    /// message naming the tensor, index and both values; nil when all agree.
    public static func firstMismatch(
        _ name: String, actual: [Double], reference: [Double], abs: Double = 1e-6, rel: Double = 1e-4
    ) -> String? {
        guard actual.count == reference.count else {
            return "\(name): \(actual.count) values, reference has \(reference.count)"
        }
        for i in actual.indices {
            let a = actual[i], r = reference[i]
            if !(Swift.abs(a - r) <= abs + rel * Swift.abs(r)) {
                return "\(name)[\(i)]: got \(a), reference \(r) (tolerance \(abs) + \(rel)*|ref|)"
            }
        }
        return nil
    }

    /// Float convenience.
    public static func firstMismatch(
        _ name: String, actual: [Float], reference: [Float], abs: Double = 1e-5, rel: Double = 1e-3
    ) -> String? {
        firstMismatch(name, actual: actual.map(Double.init), reference: reference.map(Double.init), abs: abs, rel: rel)
    }
}
