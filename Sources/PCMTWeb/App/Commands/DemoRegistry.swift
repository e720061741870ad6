import Foundation
import PCMTDomain
import PCMTStore
import Vapor

/// The demonstration's registry of people under management (issue 17): made-up people in two communes of the new
/// Quảng Ngãi, whose registry elements are then derived from it from the previous year, so that a record changed in
/// the demo moves the boards at once: Kế hoạch 3959's last year (T02, T03, where its year report is not approved)
/// and the successor plan's current year. Every name is drawn from short lists of common name parts and every ID number
/// begins with 999, which no province's code is (CCCD numbers begin with the code of the province of birth, 001–096):
/// no real person's number can be among them.
enum DemoRegistry {
    /// The communes preferred for a registry: Xã Tu Mơ Rông (23425, a code reused by the reform) and Xã Bờ Y (23377).
    static let preferred = ["23425", "23377"]

    /// Two communes formed from Kon Tum's (so that Kế hoạch 3959's board moves too) whose reports of the previous year
    /// and of the current year's second half and year are not approved — an approved report keeps its figures, and
    /// the demonstration is of figures that move — the preferred ones first, then by code.
    static func communes(app: Application, units: UnitIndex, today: String) async throws -> [OrgUnit] {
        let year = app.clock.year
        let candidates = units.timeline.allUnits.filter { unit in
            unit.level == .commune && unit.isValid(on: today) && unit.validFrom != nil
                && units.timeline.formers(of: unit).contains { units.timeline.ancestors(of: $0).contains { $0.code == "62" } }
        }.sorted { a, b in
            let (x, y) = (preferred.firstIndex(of: a.code) ?? preferred.count, preferred.firstIndex(of: b.code) ?? preferred.count)
            return (x, a.code) < (y, b.code)
        }
        let rounds = RoundStore(database: app.db)
        var chosen: [OrgUnit] = []
        for unit in candidates where chosen.count < 2 {
            let placement = UnitPlacement(unit: unit, ancestors: units.timeline.ancestors(of: unit))
            var free = true
            for period in [Period.year(year - 1), .halfYear(year, half: 2), .year(year)] where free {
                free = try await rounds.locks(placement: placement, period: period).isEmpty
            }
            if free { chosen.append(unit) }
        }
        return chosen
    }

    static let families = ["Nguyễn", "Trần", "Lê", "Phạm", "A", "Y", "Đinh", "Hồ", "Rơ Châm", "Siu"]
    static let middles = ["Văn", "Thị", "Đức", "Minh", "Hữu", ""]
    static let givens = ["Mẫu", "Thử", "Minh Họa", "Giả Định", "Ví Dụ", "Mô Phỏng", "Thí Điểm", "Tạm"]

    /// Registers the people (dates in the previous year, so valid whatever the day), records services, and derives
    /// the communes' registry elements from the previous year (periods an approved report locks keep their figures).
    /// Illicit users begin the management the law sets for them when registered; a rehabilitation is followed by
    /// post-rehabilitation management; and two illicit users per commune were registered a little less than a year ago,
    /// so that the to-do list has management ending within its days (besides the periods already over and the addicts
    /// without a service). Returns the number of people.
    static func load(app: Application, seed: UInt64) async throws -> Int {
        let units = try await OrgUnitStore(database: app.db).index()
        let today = app.clock.todayISO
        let year = app.clock.year - 1
        let registry = PeopleRegistryStore(database: app.db, cipher: app.personalData)
        let rules = app.managementRules
        var random = DemoRandom(seed: seed &+ 17)
        var soonRandom = DemoRandom(seed: seed &+ 29)
        var count = 0
        for (index, unit) in try await communes(app: app, units: units, today: today).enumerated() {
            let code = unit.code
            let placement = UnitPlacement(unit: unit, ancestors: units.timeline.ancestors(of: unit))
            let context = ChangeContext(actor: "demo", actorUnit: code, address: nil)
            let people = 14 + index * 5
            for number in 0..<people {
                func pick<T>(_ list: [T]) -> T { list[Int(random.next() * Double(list.count)) % list.count] }
                let sex: PersonSex = random.next() < 0.88 ? .male : .female
                let middle = sex == .female ? "Thị" : pick(middles.filter { $0 != "Thị" })
                let name = [pick(families), middle, pick(givens)].filter { !$0.isEmpty }.joined(separator: " ")
                let month = 1 + Int(random.next() * 10)
                let day = 1 + Int(random.next() * 27)
                let from = String(format: "%04d-%02d-%02d", year, month, day)
                let idNumber = random.next() < 0.8 ? String(format: "999%09d", index * 1000 + number) : nil
                let registration = PersonRegistration(
                    identity: PersonIdentity(
                        fullName: name, sex: sex, birth: String(1975 + Int(random.next() * 30)), idNumber: idNumber,
                        address: "Thôn \(1 + number % 6), \(unit.name)"),
                    communeCode: code, status: random.next() < 0.6 ? .addict : .illicitUser, statusOn: from,
                    statusBody: "Công an \(unit.name)", managedFrom: from)
                let id = try await registry.register(
                    registration, placement: placement, period: rules.kind(startedBy: registration.status), today: today, context: context)
                count += 1
                var version = 1
                var rehabilitated: String? = nil
                if random.next() < 0.75 {
                    let kind = pick(PersonServiceKind.allCases)
                    let served = String(format: "%04d-%02d-%02d", year, min(12, month + 1), day)
                    try await registry.addService(id, kind: kind, on: served, version: version, today: today, context: context)
                    version += 1
                    if rules.kind(ManagementPeriodKind.postRehabCode)?.afterServices.contains(kind) == true { rehabilitated = served }
                }
                let closes = random.next() < 0.1
                // Post-rehabilitation management from two months after the rehabilitation, for records kept open.
                if !closes, let served = rehabilitated, let postRehab = rules.kind(ManagementPeriodKind.postRehabCode),
                    let after = ManagementDue.add(days: 60, to: served)
                {
                    try await registry.startPeriod(id, kind: postRehab, on: min(after, today), version: version, today: today, context: context)
                    version += 1
                }
                if closes {
                    let closed = String(format: "%04d-12-%02d", year, day)
                    try await registry.close(id, closing: .managementEnded, on: closed, version: version, today: today, context: context)
                }
            }
            for number in 0..<2 {
                guard let illicit = rules.kind(startedBy: .illicitUser), let from = ManagementDue.add(days: -365 + 8 + 12 * number, to: today)
                else { continue }
                func pick<T>(_ list: [T]) -> T { list[Int(soonRandom.next() * Double(list.count)) % list.count] }
                let registration = PersonRegistration(
                    identity: PersonIdentity(
                        fullName: [pick(families), pick(middles.filter { $0 != "Thị" }), pick(givens)].filter { !$0.isEmpty }.joined(separator: " "),
                        sex: .male, birth: String(1985 + number * 7), idNumber: String(format: "999%09d", index * 1000 + 900 + number),
                        address: "Thôn \(1 + number), \(unit.name)"),
                    communeCode: code, status: .illicitUser, statusOn: from, statusBody: "Công an \(unit.name)", managedFrom: from)
                _ = try await registry.register(registration, placement: placement, period: illicit, today: today, context: context)
                count += 1
            }
            _ = try await ElementSourceStore(database: app.db).choose(
                elements: PeopleRegistryTotals.elements, unitCode: code, source: .peopleRegistry, fromYear: year, today: today,
                context: ChangeContext(actor: "demo", actorUnit: nil, address: nil))
        }
        return count
    }
}
