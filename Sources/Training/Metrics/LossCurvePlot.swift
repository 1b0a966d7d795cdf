import Foundation

/// A loss-curve chart as a standalone SVG (no dependencies): loss per step as a line,
/// with axes, ticks and labels; NLL too when it differs from the loss.
public struct LossCurvePlot: Sendable {
    /// Chart title.
    public var title: String
    /// The records to draw, in step order.
    public var records: [StepMetrics]
    /// Size in SVG user units (pixels).
    public var width = 720.0, height = 420.0

    /// Creates a plot.
    public init(title: String, records: [StepMetrics]) {
        self.title = title
        self.records = records
    }

    /// The SVG document.
    public func svg() -> String {
        let left = 70.0, right = 20.0, top = 40.0, bottom = 50.0
        let w = width - left - right, h = height - top - bottom
        let steps = records.map { Double($0.step) }
        let showNLL = records.contains { abs($0.terms.nll - $0.loss) > 1e-12 }
        let ys = records.map(\.loss) + (showNLL ? records.map(\.terms.nll) : [])
        let (x0, x1) = (steps.min() ?? 0, max(steps.max() ?? 1, (steps.min() ?? 0) + 1))
        var (y0, y1) = (ys.min() ?? 0, ys.max() ?? 1)
        if y1 - y0 < 1e-9 { y0 -= 0.5; y1 += 0.5 }
        let pad = (y1 - y0) * 0.05
        y0 -= pad; y1 += pad
        func px(_ x: Double) -> Double { left + (x - x0) / (x1 - x0) * w }
        func py(_ y: Double) -> Double { top + (1 - (y - y0) / (y1 - y0)) * h }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }
        func label(_ v: Double) -> String { String(format: abs(v) >= 100 ? "%.0f" : abs(v) >= 1 ? "%.2f" : "%.3g", v) }
        func path(_ values: [Double]) -> String {
            zip(steps, values).enumerated().map { i, p in "\(i == 0 ? "M" : "L")\(f(px(p.0))),\(f(py(p.1)))" }.joined(separator: " ")
        }
        var s = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="12">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(f(left + w / 2))" y="22" text-anchor="middle" font-size="15">\(escape(title))</text>
        <line x1="\(f(left))" y1="\(f(top + h))" x2="\(f(left + w))" y2="\(f(top + h))" stroke="black"/>
        <line x1="\(f(left))" y1="\(f(top))" x2="\(f(left))" y2="\(f(top + h))" stroke="black"/>

        """
        for i in 0...5 {
            let xv = x0 + (x1 - x0) * Double(i) / 5, yv = y0 + (y1 - y0) * Double(i) / 5
            s += "<line x1=\"\(f(px(xv)))\" y1=\"\(f(top + h))\" x2=\"\(f(px(xv)))\" y2=\"\(f(top + h + 5))\" stroke=\"black\"/>"
            s += "<text x=\"\(f(px(xv)))\" y=\"\(f(top + h + 18))\" text-anchor=\"middle\">\(label(xv.rounded()))</text>\n"
            s += "<line x1=\"\(f(left - 5))\" y1=\"\(f(py(yv)))\" x2=\"\(f(left + w))\" y2=\"\(f(py(yv)))\" stroke=\"#ddd\"/>"
            s += "<text x=\"\(f(left - 8))\" y=\"\(f(py(yv) + 4))\" text-anchor=\"end\">\(label(yv))</text>\n"
        }
        s += "<text x=\"\(f(left + w / 2))\" y=\"\(f(height - 12))\" text-anchor=\"middle\">optimizer step</text>\n"
        s += "<text transform=\"translate(16,\(f(top + h / 2))) rotate(-90)\" text-anchor=\"middle\">loss (nats)</text>\n"
        if !records.isEmpty {
            s += "<path d=\"\(path(records.map(\.loss)))\" fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.5\"/>\n"
            if showNLL {
                s += "<path d=\"\(path(records.map(\.terms.nll)))\" fill=\"none\" stroke=\"#ff7f0e\" stroke-width=\"1\" stroke-dasharray=\"4 3\"/>\n"
                s += "<text x=\"\(f(left + w - 4))\" y=\"\(f(top + 30))\" text-anchor=\"end\" fill=\"#ff7f0e\">NLL</text>\n"
            }
            s += "<text x=\"\(f(left + w - 4))\" y=\"\(f(top + 14))\" text-anchor=\"end\" fill=\"#1f77b4\">loss</text>\n"
        }
        return s + "</svg>\n"
    }

    private func escape(_ t: String) -> String {
        t.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
