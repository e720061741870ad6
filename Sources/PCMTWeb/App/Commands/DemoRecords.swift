import Foundation
import PCMTDomain
import PCMTStore
import Vapor

/// The demonstration's registers of records (issue 17): made-up hotspots, cases, leads, cultivation finds,
/// propaganda activities and a decision on the commune's situation, in the communes that keep the demonstration's
/// register of people (``DemoRegistry/communes(app:units:today:)``). Their hotspot and case figures are derived from
/// the previous year, so that entering or eliminating a hotspot in the demo moves the successor plan's T02/T03 at
/// once. Places are described in general words ("Bãi đất trống thôn 2"); no person is named.
enum DemoRecords {
    /// Enters the records and derives the hotspot and case elements; returns the number of records.
    static func load(app: Application, seed: UInt64) async throws -> Int {
        let units = try await OrgUnitStore(database: app.db).index()
        let today = app.clock.todayISO
        let year = app.clock.year - 1
        let store = RecordRegistryStore(database: app.db)
        var random = DemoRandom(seed: seed &+ 41)
        var count = 0
        func day(_ month: Int, _ dayOfMonth: Int) -> String { String(format: "%04d-%02d-%02d", year, month, dayOfMonth) }
        for (index, unit) in try await DemoRegistry.communes(app: app, units: units, today: today).enumerated() {
            let placement = UnitPlacement(unit: unit, ancestors: units.timeline.ancestors(of: unit))
            let context = ChangeContext(actor: "demo", actorUnit: unit.code, address: nil)
            guard try await store.list(.hotspots, communeCode: unit.code).isEmpty else { continue }
            func pick<T>(_ list: [T]) -> T { list[Int(random.next() * Double(list.count)) % list.count] }
            var rows: [(RecordRegistry, [String: String])] = []
            let places = ["Bãi đất trống", "Nhà hoang", "Quán nước", "Bến sông", "Khu rẫy cũ", "Nhà trọ"]
            for number in 0..<(3 + index) {
                let found = day(1 + number * 2, 5 + number)
                var fields = [
                    "label": "\(places[number % places.count]) thôn \(1 + number)", "kind": number % 2 == 0 ? "point" : "cluster",
                    "found_on": found, "hot": number == 0 ? "1" : "0",
                ]
                if number % 2 == 1 { fields["eliminated_on"] = day(min(12, 3 + number * 2), 20) }
                rows.append((.hotspots, fields))
            }
            for number in 0..<(6 + 2 * index) {
                rows.append(
                    (
                        .drugCases,
                        [
                            "detected_on": day(1 + number % 12, 3 + number), "case_number": "DEMO-\(unit.code)-\(number + 1)",
                            "detecting_body": "Công an \(unit.name)", "route": pick(["inland", "inland", "land_border", "express"]),
                            "cyberspace": random.next() < 0.2 ? "1" : "0", "drug_type": pick(["heroin", "synthetic", "synthetic", "cannabis"]),
                            "synthetic_g": ValueText.write((random.next() * 200).rounded() / 10, .vi),
                            "suspects_male": String(1 + Int(random.next() * 3)),
                            "suspects_female": random.next() < 0.3 ? "1" : "0",
                        ]
                    ))
            }
            rows.append((.traffickingLeads, ["received_on": day(4, 12), "route": "border", "verified_on": day(5, 2), "outcome": "no_offence"]))
            rows.append(
                (
                    .cultivation,
                    [
                        "found_on": day(3, 9), "place": "Nương rẫy thôn 4", "plant": "cannabis", "area_m2": "120", "plants": "340",
                        "destroyed_on": day(3, 10),
                    ]
                ))
            rows.append((.propaganda, ["held_on": day(6, 26), "organiser": "UBND \(unit.name)", "kind": "meeting", "reach": "180"]))
            rows.append((.propaganda, ["held_on": day(6, 26), "organiser": "Đài truyền thanh xã", "kind": "media", "products": "3"]))
            rows.append(
                (
                    .communeSituation,
                    ["year": String(year), "drug_free": "0", "key_class": "class3", "decided_by": "UBND tỉnh", "decided_on": day(12, 15)]
                ))
            for (registry, fields) in rows {
                _ = try await store.create(registry, fields: fields, placement: placement, today: today, context: context)
                count += 1
            }
            let sources = ElementSourceStore(database: app.db)
            let office = ChangeContext(actor: "demo", actorUnit: nil, address: nil)
            for registry in [RecordRegistry.hotspots, .drugCases] {
                _ = try await sources.choose(
                    elements: registry.elements, unitCode: unit.code, source: registry.source, fromYear: year, today: today, context: office)
            }
        }
        return count
    }
}
