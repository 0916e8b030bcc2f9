import Foundation
import Scheme

/// The inline SVG charts of the HTML report: a bar chart of points earned
/// against weight, and a radar chart of the share of weight earned.
///
/// Pure text; coordinates are written with two decimals so output is deterministic.
enum SVGCharts {
    /// One bar or spoke: a short label (the indicator id), a longer title for
    /// the tooltip, the points earned and the weight.
    struct Item {
        var label: String
        var title: String
        var points: Points
        var weight: Points
    }

    /// Horizontal bars, one an item: the weight as a light bar, the points earned over it.
    static func bars(_ items: [Item], caption: String) -> String {
        let rowHeight = 24.0
        let labelWidth = 44.0
        let chartWidth = 300.0
        let valueWidth = 120.0
        let top = 6.0
        let height = top * 2 + rowHeight * Double(max(items.count, 1))
        let width = labelWidth + chartWidth + valueWidth
        let maximum = max(items.map { value($0.weight) }.max() ?? 0, 0.01)
        var svg =
            "<svg class=\"chart bars\" viewBox=\"0 0 \(n(width)) \(n(height))\" "
            + "width=\"\(n(width))\" height=\"\(n(height))\" role=\"img\" aria-label=\"\(HTMLText.escape(caption))\">\n"
        for (index, item) in items.enumerated() {
            let y = top + rowHeight * Double(index)
            let full = chartWidth * value(item.weight) / maximum
            let earned = chartWidth * max(0, value(item.points)) / maximum
            svg +=
                "<g><title>\(HTMLText.escape("\(item.label) \(item.title): \(item.points) / \(item.weight)"))</title>"
            svg +=
                "<text x=\"\(n(labelWidth - 6))\" y=\"\(n(y + 15))\" text-anchor=\"end\">\(HTMLText.escape(item.label))</text>"
            svg +=
                "<rect class=\"weight\" x=\"\(n(labelWidth))\" y=\"\(n(y + 3))\" width=\"\(n(full))\" height=\"18\"/>"
            svg +=
                "<rect class=\"earned\" x=\"\(n(labelWidth))\" y=\"\(n(y + 3))\" width=\"\(n(earned))\" height=\"18\"/>"
            svg +=
                "<text x=\"\(n(labelWidth + chartWidth + 6))\" y=\"\(n(y + 15))\">"
                + "\(HTMLText.escape("\(item.points) / \(item.weight)"))</text></g>\n"
        }
        return svg + "</svg>"
    }

    /// A radar of the share of weight each item earned (0 at the centre, the full weight at the rim).
    static func radar(_ items: [Item], caption: String) -> String {
        let size = 300.0
        let centre = size / 2
        let radius = 105.0
        var svg =
            "<svg class=\"chart radar\" viewBox=\"0 0 \(n(size)) \(n(size))\" "
            + "width=\"\(n(size))\" height=\"\(n(size))\" role=\"img\" aria-label=\"\(HTMLText.escape(caption))\">\n"
        guard !items.isEmpty else { return svg + "</svg>" }
        func point(_ index: Int, _ share: Double) -> (Double, Double) {
            let angle = -Double.pi / 2 + 2 * Double.pi * Double(index) / Double(items.count)
            return (centre + radius * share * cos(angle), centre + radius * share * sin(angle))
        }
        func polygon(_ shares: [Double], _ cls: String) -> String {
            let points = shares.enumerated().map { index, share in
                let (x, y) = point(index, share)
                return "\(n(x)),\(n(y))"
            }
            return "<polygon class=\"\(cls)\" points=\"\(points.joined(separator: " "))\"/>\n"
        }
        for ring in [0.25, 0.5, 0.75, 1.0] {
            svg += polygon(Array(repeating: ring, count: items.count), "ring")
        }
        for (index, item) in items.enumerated() {
            let (x, y) = point(index, 1)
            let (lx, ly) = point(index, 1.2)
            let anchor = abs(lx - centre) < 1 ? "middle" : (lx > centre ? "start" : "end")
            svg += "<line class=\"spoke\" x1=\"\(n(centre))\" y1=\"\(n(centre))\" x2=\"\(n(x))\" y2=\"\(n(y))\"/>"
            svg +=
                "<text x=\"\(n(lx))\" y=\"\(n(ly + 4))\" text-anchor=\"\(anchor)\">\(HTMLText.escape(item.label))</text>\n"
        }
        let shares = items.map { item in
            value(item.weight) > 0 ? min(1, max(0, value(item.points) / value(item.weight))) : 0
        }
        svg += polygon(shares, "earned")
        for (index, share) in shares.enumerated() {
            let (x, y) = point(index, share)
            svg += "<circle class=\"dot\" cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"3\"/>"
        }
        return svg + "\n</svg>"
    }

    /// Points as a number.
    static func value(_ points: Points) -> Double {
        Double(points.hundredths) / 100
    }

    /// A coordinate with two decimals, `-0.00` written as `0.00`.
    static func n(_ value: Double) -> String {
        let text = String(format: "%.2f", value)
        return text == "-0.00" ? "0.00" : text
    }
}
