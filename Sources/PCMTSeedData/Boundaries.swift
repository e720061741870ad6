import Foundation

/// Outlines of organisation units for maps, by GSO code: WGS84 longitude and latitude in degrees, read from GeoJSON
/// FeatureCollections whose features carry `code` and `name` properties (Polygon or MultiPolygon; holes are rings
/// inside rings, drawn with the even-odd rule).
///
/// The built-in set (``builtIn()``) has the new Quảng Ngãi's 96 units (01/07/2025) and Kon Tum's ten districts
/// before it, each drawn as the new units formed from its communes (the merger mapping's `old_districts`); an
/// installation adds or replaces outlines with its own files (``loading(directory:)``). See
/// `Resources/boundaries/NOTICE.md` for sources and licences.
public struct BoundarySet: Sendable {
    public struct Area: Sendable, Equatable {
        public var code: String
        public var name: String
        /// Rings of (longitude, latitude); the first of each polygon is its outline, the others its holes.
        public var rings: [[Point]]
        /// Drawn from the units formed from it after a reform, not from its own outline.
        public var composed: Bool
        /// When the outline holds ("yyyy-mm-dd", nil: open): a code reused after a reform names another unit with
        /// another outline (23425 was Xã Đắk Hà, then Xã Tu Mơ Rông).
        public var validFrom: String? = nil
        public var validTo: String? = nil

        /// Whether this outline is the one of a unit valid from `from` to `to` ("yyyy-mm-dd", nil: open): the two
        /// periods overlap.
        public func fits(validFrom from: String?, validTo to: String?) -> Bool {
            if let to, let start = validFrom, to < start { return false }
            if let from, let end = validTo, from > end { return false }
            return true
        }
    }

    public struct Point: Sendable, Equatable {
        public var longitude: Double
        public var latitude: Double

        public init(longitude: Double, latitude: Double) { self.longitude = longitude; self.latitude = latitude }
    }

    public private(set) var areas: [String: Area]

    public init(areas: [String: Area] = [:]) { self.areas = areas }

    /// The outlines pcmt ships.
    public static func builtIn() throws -> BoundarySet {
        let resources = Bundle.module.bundleURL.appendingPathComponent("Resources")
        var set = try BoundarySet.read(
            Data(contentsOf: resources.appendingPathComponent("boundaries/quangngai-communes-2025.geojson")), source: "built-in",
            defaultValidFrom: "2025-07-01")
        set.addComposedDistricts(merger: try Data(contentsOf: resources.appendingPathComponent("units/quangngai-merger-2025.json")))
        return set
    }

    /// This set with the outlines of every `.geojson` file in `directory` added, replacing those with the same code
    /// (files in name order). Throws ``BoundaryError`` naming the file that cannot be read.
    public func loading(directory: URL) throws -> BoundarySet {
        var set = self
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.lowercased().hasSuffix(".geojson") }.sorted()
        for name in names {
            let file = directory.appendingPathComponent(name)
            let read = try BoundarySet.read(try Data(contentsOf: file), source: name)
            for (code, area) in read.areas { set.areas[code] = area }
        }
        return set
    }

    /// Reads one FeatureCollection; features without a `code` or a polygon are skipped.
    /// `valid_from` and `valid_to` properties ("yyyy-mm-dd") bound a feature's outline in time; `defaultValidFrom`
    /// applies to features without one.
    public static func read(_ data: Data, source: String, defaultValidFrom: String? = nil) throws -> BoundarySet {
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let features = root["features"] as? [Any] else {
            throw BoundaryError(file: source, reason: "not a GeoJSON FeatureCollection")
        }
        var areas: [String: Area] = [:]
        for case let feature as [String: Any] in features {
            guard let properties = feature["properties"] as? [String: Any], let geometry = feature["geometry"] as? [String: Any] else { continue }
            let code = (properties["code"] as? String) ?? (properties["code"] as? NSNumber)?.stringValue
            guard let code, !code.isEmpty else { continue }
            let polygons: [Any]
            switch geometry["type"] as? String {
            case "Polygon": polygons = [geometry["coordinates"] ?? []]
            case "MultiPolygon": polygons = geometry["coordinates"] as? [Any] ?? []
            default: continue
            }
            var rings: [[Point]] = []
            for case let polygon as [Any] in polygons {
                for case let ring as [Any] in polygon {
                    let points = ring.compactMap { pair -> Point? in
                        guard let pair = pair as? [Any], pair.count >= 2, let lon = (pair[0] as? NSNumber)?.doubleValue,
                            let lat = (pair[1] as? NSNumber)?.doubleValue, (-180...180).contains(lon), (-90...90).contains(lat)
                        else { return nil }
                        return Point(longitude: lon, latitude: lat)
                    }
                    if points.count >= 3 { rings.append(points) }
                }
            }
            guard !rings.isEmpty else { continue }
            areas[code] = Area(
                code: code, name: properties["name"] as? String ?? code, rings: rings, composed: false,
                validFrom: properties["valid_from"] as? String ?? defaultValidFrom, validTo: properties["valid_to"] as? String)
        }
        guard !areas.isEmpty else { throw BoundaryError(file: source, reason: "no feature with a code and a polygon") }
        return BoundarySet(areas: areas)
    }

    /// Adds, for each old district that has no outline of its own, the outlines of the new units formed only from its
    /// communes (a unit formed from several old districts is left out: it belongs to none of them wholly).
    mutating func addComposedDistricts(merger data: Data) {
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let units = root["new_units"] as? [[String: Any]]
        else { return }
        var byDistrict: [String: [Area]] = [:]
        for unit in units {
            guard let code = unit["code"] as? String, let districts = unit["old_districts"] as? [String], districts.count == 1,
                let area = areas[code]
            else { continue }
            byDistrict[districts[0], default: []].append(area)
        }
        for (district, parts) in byDistrict where areas[district] == nil {
            areas[district] = Area(code: district, name: district, rings: parts.flatMap(\.rings), composed: true, validTo: "2025-06-30")
        }
    }
}

public struct BoundaryError: Error, CustomStringConvertible {
    public var file: String
    public var reason: String
    public var description: String { "Boundaries \(file): \(reason)." }
}
