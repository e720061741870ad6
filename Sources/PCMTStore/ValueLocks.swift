import Fluent
import Foundation
import PCMTDomain
import SQLKit

/// An approved report that locks a unit's values for a period. An approved report's figures are official; only the
/// standing office changes them, by reopening the report (the workflow of section V of the plan).
///
/// A report locks the values of its own unit and, for a district, of the communes below it (the district's report
/// covers its communes). The report of a period locks that period; a year report also locks the year's halves; a
/// mid-term or final review (a span of years such as 2021–2025) locks every year it covers and their halves.
public struct ValueLock: Sendable, Equatable {
    /// The approved report (submission).
    public var submissionID: UUID
    /// The period and kind of the approved report's round: `2024` and `.year`, `2021-2025` and `.finalReview`.
    public var reportPeriod: Period
    public var reportKind: RoundKind
    /// The unit whose report it is: the unit of the values, or the district above it.
    public var reportUnitCode: String
    public var reportUnitName: String
    /// The unit and period of the values that are locked.
    public var unitCode: String
    public var unitName: String
    public var period: Period

    public init(
        submissionID: UUID, reportPeriod: Period, reportKind: RoundKind, reportUnitCode: String, reportUnitName: String,
        unitCode: String, unitName: String, period: Period
    ) {
        self.submissionID = submissionID; self.reportPeriod = reportPeriod; self.reportKind = reportKind
        self.reportUnitCode = reportUnitCode; self.reportUnitName = reportUnitName
        self.unitCode = unitCode; self.unitName = unitName; self.period = period
    }

    /// What is locked and by which report, in words: "Báo cáo năm 2024 của Thành phố Kon Tum đã được duyệt: số liệu
    /// 6 tháng đầu năm 2024 của Phường Quyết Thắng (23281) bị khóa cho đến khi cơ quan thường trực mở lại báo cáo."
    public func message(_ language: Language) -> String {
        let report = reportKind.title(reportPeriod, language)
        switch language {
        case .vi:
            return "\(report) của \(reportUnitName) đã được duyệt: số liệu \(period.phrase(.vi)) của \(unitName) (\(unitCode)) "
                + "bị khóa cho đến khi cơ quan thường trực mở lại báo cáo."
        case .en:
            return "The \(report) of \(reportUnitName) is approved: the figures of \(unitName) (\(unitCode)) for \(period.phrase(.en)) "
                + "are locked until the standing office reopens the report."
        }
    }
}

/// What became of a save of values (the entry form, the API, an imported file). Nothing is saved unless it is `saved`.
public enum DataWriteOutcome: Sendable, Equatable {
    /// Every change is saved; `changed` values differed from what was saved (0: nothing to change).
    case saved(changed: Int)
    /// Someone changed these values since the version the form, file or client showed: nothing is saved (HTTP 409).
    case conflicts([DataValueConflict])
    /// Approved reports lock these values, one lock per unit and period, most specific report first: nothing is
    /// saved (HTTP 423). ``ValueLock/message(_:)`` names the report.
    case locked([ValueLock])
    /// The saved values of a unit and period that the write's checks were made over (``SavedValues``) changed before
    /// it could be saved — someone saved there meanwhile, so a rule over them (a part not larger than its whole) may
    /// no longer hold: nothing is saved; check again over what is saved now.
    case changedMeanwhile
}

/// Why the workflow refuses a move that its states alone would allow: a review approved before the year reports it
/// sums up, or a year report reopened under an approved review.
public struct SubmissionRefusal: Sendable, Equatable {
    /// The years concerned: those whose report is not approved yet, or the year whose report a review relies on.
    public var years: [Int]
    public var en: String
    public var vi: String

    public init(years: [Int], en: String, vi: String) { self.years = years; self.en = en; self.vi = vi }

    public func message(_ language: Language) -> String { language == .en ? en : vi }
}

/// Taking the write turn at the start of a transaction, before reading what the write depends on.
enum WriteTurn {
    /// SQLite begins a transaction as a reader (`BEGIN TRANSACTION` is deferred); a statement that writes, even one
    /// matching no row, makes the connection the database's one writer at once, as `BEGIN IMMEDIATE` would. What the
    /// transaction reads afterwards (an approval, a version) cannot then be changed by another connection or process
    /// before it commits. On PostgreSQL the audited transaction holds the advisory lock of `AuditLog.transaction`,
    /// and the rows a decision rests on are read `FOR SHARE` or `FOR UPDATE`.
    static func take(on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase, sql.dialect.name == "sqlite" else { return }
        try await sql.raw("UPDATE submissions SET version = version WHERE 1 = 0").run()
    }
}

/// A data value changed between the read and the guarded write of the same transaction: the transaction is rolled
/// back and the save answered as a conflict.
struct StaleValueWrite: Error {}

extension RoundStore {
    /// Whether an approved report of a round with period `round` locks values of period `value`: the same period,
    /// the year of a half-year, or a review span that holds every year of the value's period.
    static func covers(_ round: Period, _ value: Period) -> Bool {
        switch round {
        case .span(let from, let to): return from <= value.firstYear && value.lastYear <= to
        case .year(let year):
            if case .halfYear(year, _) = value { return true }
            return value == round
        case .halfYear: return value == round
        }
    }

    /// The approved reports that lock the values of `unitCode` (below `districtCode`, if any) for `period`, most
    /// specific first: the period's own report, then the year's, then reviews; the unit's before its district's.
    /// Read inside a write transaction (after ``WriteTurn/take(on:)``), the answer holds until the transaction ends:
    /// on PostgreSQL the reports' rows are read `FOR SHARE`, so an approval waits for the write, or the write sees it.
    static func locks(unitCode: String, districtCode: String?, period: Period, on db: any Database) async throws -> [ValueLock] {
        try await locks([LockedPlace(unitCode: unitCode, districtCode: districtCode, period: period)], on: db)[0]
    }

    /// For showing, as ``locks(placement:period:)`` for many units and periods at once (one read of the reports): the
    /// first lock of each, in the order given, nil where nothing locks.
    public func firstLocks(_ places: [(placement: UnitPlacement, period: Period)]) async throws -> [ValueLock?] {
        try await Self.locks(
            places.map { LockedPlace(unitCode: $0.placement.unitCode, districtCode: $0.placement.districtCode, period: $0.period) }, on: database
        ).map(\.first)
    }

    /// A unit (below its district, if any) and a period whose values a write changes.
    struct LockedPlace: Hashable {
        var unitCode: String
        var districtCode: String?
        var period: Period
    }

    /// The locks of many units and periods at once, in the order of `places` (each as
    /// ``locks(unitCode:districtCode:period:on:)`` states it): the rounds read once, the reports of every unit and
    /// district concerned in one query per 1,000 codes (`FOR SHARE` on PostgreSQL).
    static func locks(_ places: [LockedPlace], on db: any Database) async throws -> [[ValueLock]] {
        guard !places.isEmpty else { return [] }
        var rounds: [UUID: (period: Period, kind: RoundKind)] = [:]
        for model in try await ReportingRoundModel.query(on: db).all() {
            guard let id = model.id, let roundPeriod = Period(model.period), places.contains(where: { covers(roundPeriod, $0.period) })
            else { continue }
            rounds[id] = (roundPeriod, RoundKind(rawValue: model.kind) ?? .year)
        }
        guard !rounds.isEmpty else { return places.map { _ in [] } }
        let timeline = try await ReferenceCache.shared.unitIndex(on: db).timeline
        // The reports that read each place's values: its unit's, its district's, and those of the units formed from
        // its unit in a reform, whose figures before they existed are re-based from it (a new commune's approved
        // final review 2021–2025 reads the old communes' years). A successor's code may have named another unit before
        // (a code reused by the reform): only its reports of rounds that reach its own days are its own.
        let readers: [[(code: String, since: String?)]] = places.map { place in
            var codes: [(code: String, since: String?)] = [(place.unitCode, nil)]
            if let district = place.districtCode, district != place.unitCode { codes.append((district, nil)) }
            if case .unit(let unit) = timeline.resolve(place.unitCode, in: place.period) {
                for successor in timeline.successors(of: unit) where !codes.contains(where: { $0.code == successor.code }) {
                    codes.append((successor.code, successor.validFrom))
                }
            }
            return codes
        }
        let allCodes = Set(readers.joined().map(\.code))
        let sql = db as! any SQLDatabase
        // Approved reports by unit: (id, round).
        var approved: [String: [(id: UUID, round: (period: Period, kind: RoundKind))]] = [:]
        let codeList = allCodes.sorted()
        for start in stride(from: 0, to: codeList.count, by: 1000) {
            let rows = try await sql.select().column("id").column("round_id").column("unit_code").column("state")
                .from(SubmissionModel.schema)
                .where("round_id", .in, Array(rounds.keys)).where("unit_code", .in, Array(codeList[start..<min(start + 1000, codeList.count)]))
                .for(.share).all()
            for row in rows where try row.decode(column: "state", as: String.self) == SubmissionState.approved.rawValue {
                guard let round = rounds[try row.decode(column: "round_id", as: UUID.self)] else { continue }
                approved[try row.decode(column: "unit_code", as: String.self), default: []].append(
                    (try row.decode(column: "id", as: UUID.self), round))
            }
        }
        guard !approved.isEmpty else { return places.map { _ in [] } }
        var found: [[(id: UUID, round: (period: Period, kind: RoundKind), unit: String)]] = []
        for (place, readersOfPlace) in zip(places, readers) {
            let codes = readersOfPlace.map(\.code)
            var locks: [(id: UUID, round: (period: Period, kind: RoundKind), unit: String)] = []
            for (code, since) in readersOfPlace {
                for report in approved[code] ?? [] where covers(report.round.period, place.period) {
                    if let since, DataValueRules.days(of: report.round.period).last < since { continue }
                    locks.append((report.id, report.round, code))
                }
            }
            func rank(_ round: Period) -> Int {
                if round == place.period { return 0 }
                if case .span = round { return 2 }
                return 1
            }
            locks.sort {
                (rank($0.round.period), codes.firstIndex(of: $0.unit) ?? 0, $0.round.period.description)
                    < (rank($1.round.period), codes.firstIndex(of: $1.unit) ?? 0, $1.round.period.description)
            }
            found.append(locks)
        }
        return zip(places, found).map { place, locks in
            locks.map {
                ValueLock(
                    submissionID: $0.id, reportPeriod: $0.round.period, reportKind: $0.round.kind, reportUnitCode: $0.unit,
                    reportUnitName: Self.unitName($0.unit, period: $0.round.period.description, timeline),
                    unitCode: place.unitCode, unitName: Self.unitName(place.unitCode, period: place.period.description, timeline),
                    period: place.period)
            }
        }
    }

    /// The name of the unit that had `code` in the period (issue 16: a code reused by the 2025 reform names the unit
    /// of its time), else of the code's first unit, else the code.
    static func unitName(_ code: String, period: String, _ timeline: UnitTimeline) -> String {
        if let period = Period(period) {
            switch timeline.resolve(code, in: period) {
            case .unit(let unit): return unit.name
            case .straddles(let units): return units.map(\.name).joined(separator: " / ")
            case .none: break
            }
        }
        return timeline.versions[code]?.first?.name ?? code
    }

    /// Locks the report's row until the transaction ends (PostgreSQL; SQLite has one writer anyway), so that two
    /// moves of the same report, or a move and a save that reads it, take turns.
    static func lockForUpdate(submission id: UUID, on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        guard sql.dialect.name == "postgresql" else { return }
        _ = try await sql.select().column("id").from(SubmissionModel.schema).where("id", .equal, id).for(.update).all()
    }

    /// Why the workflow refuses `action` on the report `model` although its state allows it, or nil.
    ///
    /// - Approving a mid-term or final review: refused while a year report of the same unit, in a round of the same
    ///   plan for a year the review covers, is not approved. The review states the official figures of its years, which
    ///   are those of the approved year reports; approved over a draft year, it would sum up figures nobody checked,
    ///   and they could still change (case C5). Years without a year report of the unit are certified by the review
    ///   itself, and the approved review locks them (``locks(unitCode:districtCode:period:on:)``).
    /// - Reopening a year report: refused while an approved review of the same unit and plan covers its year; reopen
    ///   the review first, so that an approved review's figures never change underneath it.
    static func refusal(_ action: SubmissionAction, of model: SubmissionModel, on db: any Database) async throws -> SubmissionRefusal? {
        guard action == .approve || action == .reopen, let round = try await ReportingRoundModel.find(model.roundID, on: db),
            let period = Period(round.period)
        else { return nil }
        switch (action, period) {
        case (.approve, .span), (.reopen, .year): break
        default: return nil
        }
        let kind = RoundKind(rawValue: round.kind) ?? .year
        let planRounds = try await ReportingRoundModel.query(on: db).filter(\.$planID == round.planID).all()
        let sql = db as! any SQLDatabase
        func reports(in rounds: [ReportingRoundModel]) async throws -> [(period: Period, kind: RoundKind, state: SubmissionState)] {
            let byID = Dictionary(rounds.compactMap { r in r.id.map { ($0, r) } }, uniquingKeysWith: { first, _ in first })
            guard !byID.isEmpty else { return [] }
            let rows = try await sql.select().column("round_id").column("state").from(SubmissionModel.schema)
                .where("round_id", .in, Array(byID.keys)).where("unit_code", .equal, model.unitCode)
                .for(.share).all()
            return try rows.compactMap { row in
                guard let r = byID[try row.decode(column: "round_id", as: UUID.self)], let p = Period(r.period) else { return nil }
                return (
                    p, RoundKind(rawValue: r.kind) ?? .year, SubmissionState(rawValue: try row.decode(column: "state", as: String.self)) ?? .draft
                )
            }.sorted { $0.period < $1.period }
        }
        let unitName = Self.unitName(model.unitCode, period: period.description, try await ReferenceCache.shared.unitIndex(on: db).timeline)
        switch (action, period) {
        case (.approve, .span(let from, let to)):
            let years = planRounds.filter { r in Period(r.period).map { if case .year(let y) = $0 { from <= y && y <= to } else { false } } ?? false }
            let open = try await reports(in: years).filter { $0.state != .approved }
            guard !open.isEmpty else { return nil }
            let list = { (language: Language) in open.map { "\($0.period.firstYear): \($0.state.name(language))" }.joined(separator: "; ") }
            let yearsText = open.map { String($0.period.firstYear) }.joined(separator: ", ")
            return SubmissionRefusal(
                years: open.map(\.period.firstYear),
                en: "The \(kind.title(period, .en)) of \(unitName) cannot be approved yet: the unit's yearly "
                    + (open.count == 1 ? "report for \(yearsText) is" : "reports for \(yearsText) are") + " not approved (\(list(.en))). "
                    + "A review states the official figures of each year it covers, which are those of the approved yearly reports: "
                    + "approve each year's report first.",
                vi: "Chưa duyệt được \(kind.title(period, .vi)) của \(unitName): báo cáo năm \(yearsText) của đơn vị chưa được duyệt "
                    + "(\(list(.vi))). Báo cáo \(kind.name(.vi).lowercased()) nêu số liệu chính thức của từng năm, là số liệu của các "
                    + "báo cáo năm đã duyệt: cần duyệt báo cáo của từng năm trước.")
        case (.reopen, .year(let year)):
            let reviews = planRounds.filter { r in
                Period(r.period).map { if case .span(let from, let to) = $0 { from <= year && year <= to } else { false } } ?? false
            }
            guard let review = try await reports(in: reviews).first(where: { $0.state == .approved }) else { return nil }
            return SubmissionRefusal(
                years: [year],
                en: "The \(kind.title(period, .en)) of \(unitName) cannot be reopened: the unit's \(review.kind.title(review.period, .en)) "
                    + "is approved and states this year's official figures. Reopen the review first.",
                vi: "Chưa mở lại được \(kind.title(period, .vi)) của \(unitName): \(review.kind.title(review.period, .vi)) của đơn vị "
                    + "đã được duyệt và nêu số liệu chính thức của năm này. Hãy mở lại báo cáo \(review.kind.name(.vi).lowercased()) trước.")
        default:
            return nil
        }
    }
}
