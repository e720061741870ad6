import Foundation
import PCMTDomain
import PCMTSeedData

/// A map of the units below the board's unit, each coloured by its status and named with the status in words
/// (issue 14, item 5): inline SVG drawn on the server from ``BoundarySet`` (no JavaScript, printable), with the same
/// list in words below it for those who cannot see the colours.
enum AreaMap {
    struct Entry {
        var code: String
        var name: String
        /// A CSS class and fill colour key: a ``TargetStatus`` or an ``AreaVerdict/Level`` raw value.
        var key: String
        /// The status in words ("Đạt", "8/12 chỉ tiêu đạt hoặc đúng tiến độ").
        var words: String
        var link: String?
        /// The unit's validity, so that a code reused after a reform is not drawn with the new unit's outline.
        var validFrom: String? = nil
        var validTo: String? = nil
    }

    struct Model {
        var title: String
        var entries: [Entry]
        var boundaries: BoundarySet
        /// The keys of the legend, in order, with their names.
        var legend: [(key: String, name: String)]
    }

    /// Fill colours, by status and by verdict: green for met, amber at risk, red not met, grey without a verdict. The
    /// legend's swatches have the same colours in `style.css` (`.swatch-…`; inline styles are not allowed).
    static let fills: [String: String] = [
        TargetStatus.achieved.rawValue: "#2e8b57", TargetStatus.onTrack.rawValue: "#8cc9a1", TargetStatus.atRisk.rawValue: "#f2a541",
        TargetStatus.notAchieved.rawValue: "#c8372d", TargetStatus.incomplete.rawValue: "#b8c0c8",
        TargetStatus.inconsistent.rawValue: "#8e6cbf", TargetStatus.noData.rawValue: "#e6e8eb",
        AreaVerdict.Level.mostlyMet.rawValue: "#2e8b57", AreaVerdict.Level.partlyMet.rawValue: "#f2a541",
        AreaVerdict.Level.mostlyNotMet.rawValue: "#c8372d", AreaVerdict.Level.noVerdict.rawValue: "#e6e8eb",
    ]

    /// The drawing's width in SVG units; the height follows the area's shape.
    static let width = 560.0

    /// Projects longitude and latitude onto the plane (equirectangular, scaled by the cosine of the middle latitude,
    /// good enough for a province) into a box `width` wide; nil when there is nothing to draw.
    static func projection(_ areas: [BoundarySet.Area]) -> ((BoundarySet.Point) -> (x: Double, y: Double), height: Double)? {
        let points = areas.flatMap { $0.rings.flatMap { $0 } }
        guard let minLon = points.map(\.longitude).min(), let maxLon = points.map(\.longitude).max(),
            let minLat = points.map(\.latitude).min(), let maxLat = points.map(\.latitude).max(), maxLon > minLon, maxLat > minLat
        else { return nil }
        let k = cos((minLat + maxLat) / 2 * .pi / 180)
        let scale = width / ((maxLon - minLon) * k)
        let height = (maxLat - minLat) * scale
        return ({ p in ((p.longitude - minLon) * k * scale, (maxLat - p.latitude) * scale) }, height)
    }

    static func path(_ area: BoundarySet.Area, _ project: (BoundarySet.Point) -> (x: Double, y: Double)) -> String {
        area.rings.map { ring in
            ring.enumerated().map { index, point in
                let p = project(point)
                return (index == 0 ? "M" : "L") + String(format: "%.1f %.1f", p.x, p.y)
            }.joined() + "Z"
        }.joined()
    }

    static func view(_ model: Model, t: Localizer) -> Node {
        let drawn = model.entries.compactMap { entry in
            model.boundaries.areas[entry.code].flatMap { $0.fits(validFrom: entry.validFrom, validTo: entry.validTo) ? (entry, $0) : nil }
        }
        guard !drawn.isEmpty, let (project, height) = projection(drawn.map(\.1)) else { return .empty }
        let composed = drawn.contains { $0.1.composed }
        let shapes: [Node] = drawn.map { entry, area in
            let fill = fills[entry.key] ?? "#e6e8eb"
            let shape = h(
                "g", ["class": "area status-\(entry.key)"],
                [
                    h("title", [:], "\(entry.name): \(entry.words)"),
                    h(
                        "path",
                        [
                            "d": path(area, project), "fill": fill, "fill-rule": "evenodd", "stroke": area.composed ? fill : "#ffffff",
                            "stroke-width": area.composed ? "0.4" : "1",
                        ]),
                ])
            return entry.link.map { h("a", ["href": $0, "aria-label": "\(entry.name): \(entry.words)"], shape) } ?? shape
        }
        // Each area's name at the middle of its box, for print.
        let labels: [Node] = drawn.map { entry, area in
            let points = area.rings.flatMap { $0 }.map(project)
            let x = (points.map(\.x).min()! + points.map(\.x).max()!) / 2
            let y = (points.map(\.y).min()! + points.map(\.y).max()!) / 2
            let short = entry.name.replacingOccurrences(of: "Thành phố ", with: "TP ").replacingOccurrences(of: "Huyện ", with: "")
                .replacingOccurrences(of: "Xã ", with: "").replacingOccurrences(of: "Phường ", with: "P. ")
            return h(
                "text", ["x": String(format: "%.1f", x), "y": String(format: "%.1f", y), "text-anchor": "middle", "class": "area-label"], short)
        }
        let undrawn = model.entries.filter { entry in !drawn.contains { $0.0.code == entry.code } }
        return h(
            "figure", ["class": "area-map"],
            [
                h(
                    "svg",
                    [
                        "xmlns": "http://www.w3.org/2000/svg", "viewBox": String(format: "-4 -4 %.0f %.0f", width + 8, height + 8),
                        "role": "img", "aria-labelledby": "map-title",
                    ],
                    [h("title", ["id": "map-title"], model.title)] + shapes + labels),
                h(
                    "figcaption", [:],
                    [
                        h("strong", [:], model.title),
                        h(
                            "ul", ["class": "map-legend"],
                            model.legend.map { key, name in
                                h("li", [:], [h("span", ["class": "swatch swatch-\(key)", "aria-hidden": "true"], ""), .text(name)])
                            }),
                        h(
                            "ul", ["class": "map-list"],
                            model.entries.map { entry in
                                h(
                                    "li", ["class": "status-\(entry.key)"],
                                    [
                                        h("span", ["class": "swatch swatch-\(entry.key)", "aria-hidden": "true"], ""),
                                        entry.link.map { link($0, entry.name) } ?? .text(entry.name), .text(": \(entry.words)"),
                                    ])
                            }),
                        undrawn.isEmpty
                            ? .empty
                            : h(
                                "p", ["class": "help"],
                                t(
                                    "No outline on the map for: \(undrawn.map(\.name).joined(separator: ", ")).",
                                    "Chưa có ranh giới trên bản đồ: \(undrawn.map(\.name).joined(separator: ", "))."
                                )),
                        composed
                            ? h(
                                "p", ["class": "help"],
                                t(
                                    "Districts before 01/07/2025 are drawn as the new units formed from their communes (close to, not exactly, their old boundaries).",
                                    "Các huyện trước 01/07/2025 được vẽ bằng các đơn vị hành chính mới hình thành từ các xã của huyện (gần đúng với ranh giới cũ)."
                                )) : .empty,
                    ]),
            ])
    }
}
