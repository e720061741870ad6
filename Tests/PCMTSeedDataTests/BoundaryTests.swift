import Foundation
import PCMTSeedData
import Testing

@Suite struct BoundaryTests {
    /// The shipped outlines: the new Quảng Ngãi's 96 units, and Kon Tum's ten districts drawn from the new units formed
    /// from their communes (40 units on old Kon Tum territory, each from one old district).
    @Test func theBuiltInSetHasTheNewUnitsAndTheOldDistricts() throws {
        let set = try BoundarySet.builtIn()
        let kontumDistricts = ["608", "610", "611", "612", "613", "614", "615", "616", "617", "618"]
        for code in kontumDistricts {
            let area = try #require(set.areas[code], "district \(code)")
            #expect(area.composed)
            // Kon Tum lies between 13.9° and 15.5° N, 107.3° and 108.6° E.
            for point in area.rings.flatMap({ $0 }) {
                #expect((13.8...15.5).contains(point.latitude) && (107.2...108.7).contains(point.longitude))
            }
        }
        #expect(set.areas.values.filter { !$0.composed }.count == 96)
        #expect(set.areas["23425"]?.name == "Xã Tu Mơ Rông", "a reused code names the new unit")
    }

    @Test func anInstallationsFilesReplaceOutlinesByCode() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pcmt-boundaries-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let square = """
            {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"611","name":"Huyện Ngọc Hồi"},
            "geometry":{"type":"Polygon","coordinates":[[[107.5,14.6],[107.7,14.6],[107.7,14.8],[107.5,14.8],[107.5,14.6]]]}}]}
            """
        try Data(square.utf8).write(to: folder.appendingPathComponent("districts.geojson"))
        try Data("not json".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        let set = try BoundarySet.builtIn().loading(directory: folder)
        let area = try #require(set.areas["611"])
        #expect(
            !area.composed && area.name == "Huyện Ngọc Hồi"
                && area.rings == [
                    [
                        .init(longitude: 107.5, latitude: 14.6), .init(longitude: 107.7, latitude: 14.6), .init(longitude: 107.7, latitude: 14.8),
                        .init(longitude: 107.5, latitude: 14.8), .init(longitude: 107.5, latitude: 14.6),
                    ]
                ])
        #expect(set.areas["612"]?.composed == true, "the others stay")
        try Data("{\"type\":\"FeatureCollection\",\"features\":[]}".utf8).write(to: folder.appendingPathComponent("empty.geojson"))
        #expect(throws: BoundaryError.self) { try BoundarySet.builtIn().loading(directory: folder) }
    }
}

@Suite struct BoundaryValidityTests {
    /// A code reused after the reform keeps the new unit's outline for the new unit only.
    @Test func aReusedCodeIsNotDrawnForTheOldUnit() throws {
        let area = try #require(try BoundarySet.builtIn().areas["23425"])
        #expect(!area.fits(validFrom: nil, validTo: "2025-06-30"), "Xã Đắk Hà, until 30/06/2025")
        #expect(area.fits(validFrom: "2025-07-01", validTo: nil), "Xã Tu Mơ Rông, from 01/07/2025")
        let district = try #require(try BoundarySet.builtIn().areas["611"])
        #expect(district.fits(validFrom: nil, validTo: "2025-06-30") && !district.fits(validFrom: "2025-07-01", validTo: nil))
    }
}
