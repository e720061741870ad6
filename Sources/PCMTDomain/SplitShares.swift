import Foundation

/// How an old unit shared between new units is divided in re-based figures (issue 16, item 2: "a split shared by a
/// ratio the office sets, with the assumption shown").
///
/// Nghị quyết 1677/NQ-UBTVQH15 gives part of Xã Trà Bùi (21142, old huyện Trà Bồng) to Xã Cà Đam (khoản 30) and the
/// remainder to Xã Tây Trà Bồng (khoản 31) without saying how large the part is. Until the provincial standing office
/// sets the shares, Trà Bùi is left out of both new units' figures for the periods before the reform and named
/// (``UnitTimeline/Cover/partial``). Once set, each new unit's re-based figure includes its share of Trà Bùi's
/// flows and stocks — an assumption, so the unit is named with it: "Xã Trà Bùi (giả định 40%)". A yes/no figure
/// (``DataElement/Aggregation/flag``) cannot be divided: the old unit still counts for neither new unit there.
public struct SplitShare: Sendable, Equatable, Codable {
    /// The old unit: its code and first day (nil: before the data).
    public var oldCode: String
    public var oldFrom: String?
    /// The new unit it was partly merged into.
    public var newCode: String
    public var newFrom: String?
    /// The fraction of the old unit's figures counted for the new unit, 0…1.
    public var share: Double

    public init(oldCode: String, oldFrom: String?, newCode: String, newFrom: String?, share: Double) {
        self.oldCode = oldCode; self.oldFrom = oldFrom; self.newCode = newCode; self.newFrom = newFrom; self.share = share
    }

    public init(old: OrgUnit, new: OrgUnit, share: Double) {
        self.init(oldCode: old.code, oldFrom: old.validFrom, newCode: new.code, newFrom: new.validFrom, share: share)
    }
}

/// Every share set, looked up by old and new unit.
public struct SplitShares: Sendable, Equatable {
    private var byPair: [String: Double] = [:]

    public init(_ shares: [SplitShare] = []) {
        for share in shares { byPair[Self.key(share.oldCode, share.oldFrom, share.newCode, share.newFrom)] = share.share }
    }

    public var isEmpty: Bool { byPair.isEmpty }

    /// The share of `old` counted for `new`, if one is set.
    public func share(of old: OrgUnit, for new: OrgUnit) -> Double? {
        byPair[Self.key(old.code, old.validFrom, new.code, new.validFrom)]
    }

    private static func key(_ oldCode: String, _ oldFrom: String?, _ newCode: String, _ newFrom: String?) -> String {
        "\(oldCode)|\(oldFrom ?? "")>\(newCode)|\(newFrom ?? "")"
    }

    /// A share as people write it: "40%", "40,5%" (en "40.5%"), at most six decimals, no trailing zeros.
    public static func percentText(_ share: Double, _ language: Language = .vi) -> String {
        percentNumber(share, language) + "%"
    }

    /// The number of percent alone, as a form field holds it ("40", "40,5").
    public static func percentNumber(_ share: Double, _ language: Language = .vi) -> String {
        var text = String(format: "%.6f", (share * 100 * 1_000_000).rounded() / 1_000_000)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        if text == "-0" { text = "0" }
        return language == .vi ? text.replacingOccurrences(of: ".", with: ",") : text
    }

    /// How an old unit counted with a share is named where a re-based figure says what it was made from:
    /// "Xã Trà Bùi (giả định 40%)".
    public static func label(_ unit: OrgUnit, share: Double) -> String {
        "\(unit.name) (giả định \(percentText(share)))"
    }

    /// How an old unit is named among those left out of a re-based yes/no figure, which is not divided by shares.
    public static func flagLabel(_ unit: OrgUnit) -> String {
        "\(unit.name) (số liệu có/không không chia theo tỷ lệ)"
    }
}

/// The rule for the shares of one old unit: each successor it was split between has one share of 0–100%, and the
/// shares add up to exactly 100% (within 1e-9). Messages name the field they are about ("share-21136", "shares" for
/// the whole, "note").
public enum SplitShareRules {
    /// The tolerance of the 100% sum, on fractions.
    public static let tolerance = 1e-9
    /// The longest note (the assumption's basis) kept.
    public static let noteLimit = 1000

    /// The form field of a successor's share.
    public static func field(_ successor: OrgUnit) -> String { "share-\(successor.code)" }

    /// The units `old` was split between: units of its level that began after it ended and that it names as
    /// successors, in the order it names them. Empty unless there are at least two (then it was merged whole into one
    /// unit, or ended without successor, and there is nothing to divide).
    public static func successors(of old: OrgUnit, in timeline: UnitTimeline) -> [OrgUnit] {
        guard let end = old.validTo else { return [] }
        let found = old.successorCodes.compactMap { code in
            timeline.versions[code]?.first { ($0.validFrom ?? "") > end && $0.level == old.level }
        }
        return found.count >= 2 ? found : []
    }

    /// A percentage as typed: "40", "40,5", "40.5", "40 %"; nil when it is not one number. The fraction (0.405).
    public static func fraction(_ text: String) -> Double? {
        var cleaned = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if cleaned.hasSuffix("%") { cleaned = String(cleaned.dropLast()).trimmingCharacters(in: .whitespaces) }
        guard !cleaned.isEmpty, cleaned.count <= 20 else { return nil }
        let separators = cleaned.filter { $0 == "," || $0 == "." }
        guard separators.count <= 1, cleaned.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "," || $0 == ".") }),
            cleaned.first?.isNumber == true, cleaned.last?.isNumber == true,
            let value = Double(cleaned.replacingOccurrences(of: ",", with: "."))
        else { return nil }
        return value / 100
    }

    /// The problems of a set of shares for `old`, split between `successors`: a share outside 0–100%, a unit that is
    /// not one of the successors, a successor with none or with two, and a total other than 100%.
    public static func problems(old: OrgUnit, successors: [OrgUnit], shares: [SplitShare]) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        for share in shares where !successors.contains(where: { $0.code == share.newCode && $0.validFrom == share.newFrom }) {
            problems.append(
                FieldProblem(
                    field: "shares",
                    en: "Unit \(share.newCode) is not one of the units \(old.name) was split between.",
                    vi: "Đơn vị \(share.newCode) không phải đơn vị được chia từ \(old.name)."))
        }
        for successor in successors {
            let own = shares.filter { $0.newCode == successor.code && $0.newFrom == successor.validFrom }
            let key = Self.field(successor)
            if own.isEmpty {
                problems.append(
                    FieldProblem(
                        field: key,
                        en: "Enter the share of \(old.name) counted for \(successor.name), or leave every share empty to count it for none.",
                        vi: "Nhập tỷ lệ của \(old.name) tính cho \(successor.name), hoặc để trống tất cả để không tính cho đơn vị nào."))
            } else if own.count > 1 {
                problems.append(
                    FieldProblem(
                        field: key, en: "\(successor.name) has more than one share: give one.",
                        vi: "\(successor.name) có nhiều hơn một tỷ lệ: chỉ nhập một."))
            } else if let value = own.first?.share, !(value >= 0 && value <= 1) {
                problems.append(
                    FieldProblem(
                        field: key, en: "A share is between 0% and 100% (here \(SplitShares.percentText(value, .en))).",
                        vi: "Tỷ lệ phải từ 0% đến 100% (đang là \(SplitShares.percentText(value)))."))
            }
        }
        // The total, once each share is a share of its own successor.
        if problems.isEmpty {
            let total = shares.map(\.share).reduce(0, +)
            if abs(total - 1) > tolerance {
                problems.append(
                    FieldProblem(
                        field: "shares",
                        en: "The shares of the new units must add up to exactly 100% (they add up to \(SplitShares.percentText(total, .en))).",
                        vi: "Tổng tỷ lệ của các đơn vị mới phải bằng đúng 100% (hiện là \(SplitShares.percentText(total)))."))
            }
        }
        return problems
    }

    /// What a form asks for: the shares of `old` (every field filled), or none (every field empty: the old unit is
    /// counted for no new unit again), with the note on the assumption.
    public enum Decision: Sendable, Equatable {
        case set([SplitShare], note: String)
        case clear(note: String)
    }

    /// Reads the form's fields (``field(_:)`` for each successor, "note") and checks them: each share a number of
    /// percent, then ``problems(old:successors:shares:)``.
    public static func decide(old: OrgUnit, successors: [OrgUnit], fields: [String: String]) -> Result<Decision, ProblemList> {
        let note = (fields["note"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var problems: [FieldProblem] = []
        if note.count > noteLimit {
            problems.append(
                FieldProblem(
                    field: "note", en: "The note is longer than \(noteLimit) characters.",
                    vi: "Ghi chú dài quá \(noteLimit) ký tự."))
        }
        if successors.count < 2 {
            problems.append(
                FieldProblem(
                    field: "shares", en: "\(old.name) was not split between several new units: there is nothing to share.",
                    vi: "\(old.name) không được chia cho nhiều đơn vị mới: không có gì để chia."))
            return .failure(ProblemList(problems))
        }
        let texts = successors.map { (fields[field($0)] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        if texts.allSatisfy(\.isEmpty) { return problems.isEmpty ? .success(.clear(note: note)) : .failure(ProblemList(problems)) }
        var shares: [SplitShare] = []
        for (successor, text) in zip(successors, texts) where !text.isEmpty {
            if let value = fraction(text) {
                shares.append(SplitShare(old: old, new: successor, share: value))
            } else {
                problems.append(
                    FieldProblem(
                        field: field(successor), en: "Write the share as a percentage, e.g. 40 or 40.5.",
                        vi: "Nhập tỷ lệ bằng số phần trăm, ví dụ 40 hoặc 40,5."))
            }
        }
        let unreadable = Set(problems.map(\.field))
        let checked = Self.problems(old: old, successors: successors.filter { !unreadable.contains(field($0)) }, shares: shares)
        // The total is not judged while a share cannot be read.
        problems += unreadable.isEmpty ? checked : checked.filter { $0.field != "shares" }
        // In the order of the form: each successor's field, then the total, then the note.
        let order = successors.map { Self.field($0) } + ["shares", "note"]
        problems = problems.enumerated().sorted { a, b in
            let (x, y) = (order.firstIndex(of: a.element.field) ?? order.count, order.firstIndex(of: b.element.field) ?? order.count)
            return x != y ? x < y : a.offset < b.offset
        }.map(\.element)
        return problems.isEmpty ? .success(.set(shares, note: note)) : .failure(ProblemList(problems))
    }

    /// Field problems as an error, for ``decide(old:successors:fields:)``.
    public struct ProblemList: Error, Sendable, Equatable {
        public var problems: [FieldProblem]
        public init(_ problems: [FieldProblem]) { self.problems = problems }
    }
}

extension UnitTimeline {
    /// An old unit counted for a new one by the share the office set (``SplitShares``).
    public struct SharedUnit: Sendable, Equatable {
        public var unit: OrgUnit
        public var share: Double

        public init(unit: OrgUnit, share: Double) { self.unit = unit; self.share = share }
    }

    /// ``cover(of:from:to:)`` with the shares set for split old units: before `unit` began, an old unit it was
    /// formed from in part (a split) whose share for `unit` is set is counted by that share
    /// (``Cover/shared``) instead of being left out (``Cover/partial``). Without shares, the same as the cover.
    public func cover(of unit: OrgUnit, from first: String, to last: String, shares: SplitShares) -> Cover? {
        guard var cover = cover(of: unit, from: first, to: last) else { return nil }
        guard cover.direction == .predecessors, !shares.isEmpty else { return cover }
        var partial: [OrgUnit] = []
        for former in cover.partial {
            if let share = shares.share(of: former, for: unit) {
                cover.shared.append(SharedUnit(unit: former, share: share))
            } else {
                partial.append(former)
            }
        }
        cover.partial = partial
        return cover
    }
}

extension ComparableSeries.YearFigures {
    /// The figures times `share` (an old unit's part counted for a new unit).
    public func scaled(by share: Double) -> ComparableSeries.YearFigures {
        ComparableSeries.YearFigures(year: year.map { $0 * share }, s1: s1.map { $0 * share }, s2: s2.map { $0 * share })
    }
}
