import Foundation

/// An inline SVG line chart: one line per series over the same points on the
/// x axis (audits, in order), values from 0 to `maximum`. Pure text with
/// coordinates written with two decimals, so output is deterministic.
///
/// ```swift
/// let svg = SVGLineChart.render(
///     xLabels: ["2025-06-30", "2026-06-30"], series: [.init(name: "total", values: [180, 172.5])],
///     maximum: 250, caption: "Total over time")
/// ```
public enum SVGLineChart {
    /// One line: its name (in the legend and tooltips) and a value per x point (nil: a gap).
    public struct Series: Sendable {
        public var name: String
        public var values: [Double?]

        public init(name: String, values: [Double?]) {
            self.name = name
            self.values = values
        }
    }

    /// The chart as an `<svg>` element.
    public static func render(xLabels: [String], series: [Series], maximum: Double, caption: String) -> String {
        let left = 48.0
        let top = 12.0
        let plotWidth = max(120.0, 90.0 * Double(max(xLabels.count - 1, 1)))
        let plotHeight = 200.0
        let legendHeight = 18.0 * Double(series.count)
        let width = left + plotWidth + 40
        let height = top + plotHeight + 40 + legendHeight
        let ceiling = max(maximum, 0.01)
        func x(_ index: Int) -> Double {
            xLabels.count <= 1 ? left + plotWidth / 2 : left + plotWidth * Double(index) / Double(xLabels.count - 1)
        }
        func y(_ value: Double) -> Double { top + plotHeight * (1 - min(max(value, 0), ceiling) / ceiling) }
        var svg =
            "<svg class=\"chart lines\" viewBox=\"0 0 \(n(width)) \(n(height))\" width=\"\(n(width))\" "
            + "height=\"\(n(height))\" role=\"img\" aria-label=\"\(HTMLText.escape(caption))\">\n"
        for step in 0...4 {
            let value = ceiling * Double(step) / 4
            svg +=
                "<line class=\"grid\" x1=\"\(n(left))\" y1=\"\(n(y(value)))\" x2=\"\(n(left + plotWidth))\" "
                + "y2=\"\(n(y(value)))\"/><text x=\"\(n(left - 6))\" y=\"\(n(y(value) + 4))\" "
                + "text-anchor=\"end\">\(n(value))</text>\n"
        }
        for (index, label) in xLabels.enumerated() {
            svg +=
                "<text x=\"\(n(x(index)))\" y=\"\(n(top + plotHeight + 18))\" "
                + "text-anchor=\"middle\">\(HTMLText.escape(label))</text>\n"
        }
        for (number, line) in series.enumerated() {
            let points = line.values.enumerated().compactMap { index, value in value.map { (x(index), y($0)) } }
            let path = points.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ")
            svg += "<g class=\"series s\(number)\"><title>\(HTMLText.escape(line.name))</title>"
            svg += "<polyline fill=\"none\" points=\"\(path)\"/>"
            for (index, value) in line.values.enumerated() {
                guard let value else { continue }
                svg +=
                    "<circle cx=\"\(n(x(index)))\" cy=\"\(n(y(value)))\" r=\"3\"><title>"
                    + "\(HTMLText.escape("\(line.name) \(xLabels[index]): \(n(value))"))</title></circle>"
            }
            let legendY = top + plotHeight + 38 + 18 * Double(number)
            svg +=
                "<text class=\"legend\" x=\"\(n(left))\" y=\"\(n(legendY))\">"
                + "\(HTMLText.escape("— \(line.name)"))</text></g>\n"
        }
        return svg + "</svg>"
    }

    private static func n(_ value: Double) -> String { String(format: "%.2f", value) }
}
