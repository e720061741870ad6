import Foundation
import PCMTDomain
import PCMTStore
import PCMTTestSupport
import PropertyBased
import Testing
import Vapor
import VaporTesting

@testable import PCMTReports
@testable import PCMTWeb

/// The importers under random input: random bytes, random CSV made of the pieces real files are made of, random
/// workbooks mixing good and bad rows, and damaged workbooks. Nothing crashes, a file with any bad row saves nothing
/// (the number of stored values is the same before and after), and a file whose rows are all good saves all of them.
@Suite struct ImportFuzzTests {
    /// Pieces of CSV files: names, codes, numbers in both notations and wrong ones, quotes, separators, line ends, a
    /// byte-order mark, letters outside ASCII.
    static let pieces = [
        "element", "unit", "period", "category", "value", "counselling", "addicts", "male", "23281", "611", "2024S1", "2025S2", "2019", "",
        "1.000", "12,5", "7.25", "1e19", "-3", "NaN", "\"", "\"\"", ",", ";", "\t", "\n", "\r\n", "\r", "\u{FEFF}", "Phường", "🙂", "=SUM(A1)",
    ]

    static let header = "element,unit,period,category,value\n"

    static func text(_ picks: [Int]) -> String { picks.map { pieces[$0 % pieces.count] }.joined() }

    /// Reading any bytes never crashes; whatever is read as a table is checked without crashing either.
    @Test func readingAnyBytesNeverCrashes() async throws {
        let (elements, units) = try await withPCMT(.sqlite) { app in
            (
                try await DataElementStore(database: app.db).elements(planID: UUID(uuidString: konTumPlanID)!),
                try await OrgUnitStore(database: app.db).all()
            )
        }
        let placements = UnitPlacements(units: units)
        let byCode = Dictionary(units.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        func run(_ data: Data) {
            guard case .success(let table) = DataImport.table(data) else { return }
            for fallback in [Language.vi, .en] {
                guard case .success(let notation) = DataImport.notation(table, fallback: fallback) else { continue }
                _ = DataImport.check(table, notation: notation.language, elements: elements, units: byCode, placements: placements) { _, _ in true }
            }
        }
        await propertyCheck(count: 1500, input: Gen.uint8().array(of: 0...400)) { bytes in run(Data(bytes)) }
        await propertyCheck(count: 1500, input: Gen.int(in: 0...1000).array(of: 0...60)) { picks in
            run(Data(Self.text(picks).utf8))
            run(Data((Self.header + Self.text(picks)).utf8))
        }
        // Damaged workbooks: a good one with bytes overwritten or cut short.
        let good = try ValuePath.workbook([
            [.text("counselling"), .text("23281"), .text("2024S1"), .empty, .number(5)],
            [.text("addicts"), .text("23281"), .text("2024S1"), .text("male"), .text("1.000")],
        ])
        await propertyCheck(count: 800, input: Gen.int(in: 0...Int(UInt32.max)).array(of: 1...6), Gen.bool) { edits, cut in
            var bytes = [UInt8](good)
            for edit in edits { bytes[edit % bytes.count] = UInt8(truncatingIfNeeded: edit >> 12) }
            if cut, let last = edits.last { bytes = Array(bytes.prefix(last % bytes.count)) }
            run(Data(bytes))
        }
    }

    /// One row of a random file: good, or wrong in one of the ways files are wrong.
    static func row(_ seed: Int, key: Int, period: String) -> [Spreadsheet.Cell] {
        // Distinct keys within a file: element × commune.
        let elements = ["counselling", "methadone", "reintegration_support", "hotspots_new", "cultivation_plants_destroyed"]
        let communes = ["23281", "23284", "23287", "23290", "23293", "23296"]
        let element = elements[key % elements.count], unit = communes[(key / elements.count) % communes.count]
        let value = Double(seed % 5000)
        let good: [Spreadsheet.Cell] = [.text(element), .text(unit), .text(period), .empty, .number(value)]
        switch (seed / 5000) % 12 {
        case 0: return [.text(element + "x"), .text(unit), .text("2024S1"), .empty, .number(value)]
        case 1: return [.text(element), .text("99999"), .text("2024S1"), .empty, .number(value)]
        // A unit after its last day: Phường Quang Trung (23281) ended on 30/06/2025 and its code was not reused (others
        // of these codes name a new unit from 01/07/2025, whose 2025S2 is right).
        case 2: return [.text(element), .text("23281"), .text("2025S2"), .empty, .number(value)]
        case 3: return [.text(element), .text(unit), .text("2024S1"), .empty, .number(1e19)]
        case 4: return [.text(element), .text(unit), .text("2024S1"), .empty, .text("1,234.5,6")]
        case 5: return [.text(element), .text(unit), .text("2024S1"), .empty, .number(-value - 1)]
        case 6: return [.text(element), .text(unit), .text("2024S1"), .text("male"), .number(value)]
        case 7: return [.text(element), .text(unit), .text("2024"), .empty, .number(value + 0.5)]
        default: return good
        }
    }

    static func isGood(_ seed: Int) -> Bool { (seed / 5000) % 12 >= 8 }

    /// Random workbooks and CSV files through the real import (check, then save from the preview): all or nothing.
    @Test(arguments: TestBackend.available)
    func aFileWithABadRowSavesNothingAndAGoodFileSavesEverything(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let (office, _) = try await ValuePath.office(app)
            let store = DataValueStore(database: app.db)
            let iterations = backend == .sqlite ? 40 : 15
            var saves = 0, refusals = 0
            await propertyCheck(count: iterations, input: Gen.int(in: 0...59_999).array(of: 1...8), Gen.bool) { seeds, asCSV in
                do {
                    let periods = ["2020S1", "2020S2", "2021", "2022S1", "2022S2", "2023", "2023S1", "2024S1", "2024S2", "2025S1"]
                    let period = periods[(seeds[0] / 7) % periods.count]
                    let base = seeds[0] % 30
                    let rows = seeds.enumerated().map { Self.row($0.element, key: base + $0.offset, period: period) }
                    let data: Data
                    if asCSV {
                        let lines = rows.map { row in
                            row.map { cell -> String in
                                switch cell {
                                case .text(let text): return text.contains(",") ? "\"\(text)\"" : text
                                case .number(let number): return ValueText.write(number, .vi).replacingOccurrences(of: ".", with: "")
                                default: return ""
                                }
                            }.joined(separator: ",")
                        }
                        data = Data((Self.header + lines.joined(separator: "\n")).utf8)
                    } else {
                        data = try ValuePath.workbook(rows)
                    }
                    let before = try await store.count()
                    var existing = Set<String>()
                    let codes = Set(rows.compactMap { row -> String? in if case .text(let code) = row[1] { code } else { nil } })
                    for code in codes {
                        for value in try await store.values(unitCode: code, periods: [period]) { existing.insert("\(value.element)|\(code)") }
                    }
                    let preview = try await ValuePath.upload(office, name: asCSV ? "ngau-nhien.csv" : "ngau-nhien.xlsx", data)
                    var saved = false
                    if preview.status == .ok {
                        let response = try await ValuePath.confirm(office, preview)
                        #expect(response.status == .ok || response.status == .unprocessableEntity, "\(response.status)")
                        saved = response.status == .ok
                    } else {
                        #expect(preview.status == .unprocessableEntity, "\(preview.status)")
                    }
                    let after = try await store.count()
                    let allGood = seeds.allSatisfy(Self.isGood)
                    if allGood {
                        #expect(saved, "a file of good rows is saved")
                        let new = rows.filter { row in
                            guard case .text(let element) = row[0], case .text(let unit) = row[1] else { return false }
                            return !existing.contains("\(element)|\(unit)")
                        }
                        #expect(after - before == new.count, "every new row saved")
                        for row in rows {
                            guard case .text(let element) = row[0], case .text(let unit) = row[1], case .number(let value) = row[4] else { continue }
                            let stored = try await store.values(unitCode: unit, periods: [period]).first { $0.element == element }
                            #expect(stored?.value == value)
                        }
                        saves += 1
                    } else if !allGood {
                        #expect(!saved && after == before, "nothing of a file with a bad row is saved")
                        refusals += 1
                    }
                } catch {
                    Issue.record(error)
                }
            }
            #expect(try await app.get("/healthz").status == .ok)
            #expect(saves + refusals > 0)
        }
    }

    /// Random bytes uploaded are refused, and nothing is stored.
    @Test func randomBytesUploadedSaveNothing() async throws {
        try await withPCMT(.sqlite) { app in
            let (office, _) = try await ValuePath.office(app)
            await propertyCheck(count: 60, input: Gen.uint8().array(of: 1...300), Gen.bool) { bytes, zip in
                do {
                    let data = zip ? Data([0x50, 0x4B, 0x03, 0x04] + bytes) : Data(bytes)
                    let response = try await ValuePath.upload(office, name: "rac.bin", data)
                    #expect(response.status == .unprocessableEntity)
                    #expect(try await DataValueStore(database: app.db).count() == 0)
                } catch {
                    Issue.record(error)
                }
            }
        }
    }
}
