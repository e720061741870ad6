import Foundation
import PCMTDomain
import PCMTReports
import PCMTStore
import Vapor

/// `POST /api/v1/dataValueSets`: many units, periods and elements in one request, all or nothing, answered with an
/// import summary (the shape of DHIS2's data value sets: `status`, `importCount`, `conflicts`).
///
/// Every row passes the checks of the one-unit API (``DataValuesAPIRoutes/saveValuesJSON(_:)``) and of the import,
/// from the same rules: the token reaches the unit (``DataEntryQueries/mayEnter(_:unit:ancestors:)``, else 403 naming
/// the row), the period a year or half-year of a plan, the element in that plan at the unit's level with its category
/// (``DataValueRules/elementProblem(_:elements:unit:)``), a text value clean (``CleanText``) and read as a number
/// (``DataValueRules/read(_:element:notation:field:)``, a dot before decimals), a number within its type's bounds
/// (``DataValueRules/valueProblem(_:element:field:)``), and per unit and period the period in the plan, the unit
/// active during it and parts not larger than their wholes over what is saved (``DataValueRules/problems(_:)``).
/// Any problem: 422 with one conflict per problem naming the row index and field, nothing saved. Then the store
/// writes every row in one transaction (``DataValueStore/saveSet(_:context:)``): 423 naming the report when an
/// approved report locks a unit and period of the set, 409 when a row's `version` is not the saved one.
struct DataValueSetsAPI {
    /// One value of a set. `value`: a number, a text holding a number ("12", "12.5"), or null to clear; `version`:
    /// the saved version the client expects (0: none saved), absent to overwrite.
    struct Row: Decodable, Sendable {
        var dataElement: String
        var period: String
        var orgUnit: String
        var categoryOptionCombo: String?
        var value: JSONValue
        var version: Int?

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            dataElement = try container.decode(String.self, forKey: .dataElement)
            period = try container.decode(String.self, forKey: .period)
            orgUnit = try container.decode(String.self, forKey: .orgUnit)
            categoryOptionCombo = try container.decodeIfPresent(String.self, forKey: .categoryOptionCombo)
            value = try container.decodeIfPresent(JSONValue.self, forKey: .value) ?? .null
            version = try container.decodeIfPresent(Int.self, forKey: .version)
        }

        enum CodingKeys: String, CodingKey { case dataElement, period, orgUnit, categoryOptionCombo, value, version }
    }

    struct SetIn: Decodable, Sendable {
        var dataValues: [Row]
    }

    struct ImportCount: Content {
        var imported = 0
        var updated = 0
        var deleted = 0
        var ignored = 0
    }

    /// A problem of one row: its index in `dataValues`, the field ("dataValues[3].value"), in Vietnamese and English.
    struct Conflict: Content, Equatable {
        var index: Int
        var field: String
        var message: String
        var messageEn: String
    }

    /// The import summary: `SUCCESS` (saved) or `ERROR` (nothing saved), counts as read before the save.
    struct Summary: Content {
        var status: String
        var description: String
        var importCount: ImportCount
        var conflicts: [Conflict]
    }

    /// A checked row, ready for the store.
    struct Checked {
        var index: Int
        var unit: OrgUnit
        var placement: UnitPlacement
        var period: Period
        var plan: Plan
        var elements: [DataElement]
        var key: DataValueKey
        var value: Double?
        var version: Int?
    }

    static func save(_ request: Request) async throws -> Response {
        let input = try request.content.decode(SetIn.self)
        let limits = InputLimits.standard
        // The refusals and the summary's description in the request's language; each conflict carries both.
        let t = Localizer(request: request)
        guard input.dataValues.count <= limits.dataValueSetValues else {
            let exceeded = InputLimitExceeded(
                .dataValueSetValues, value: limits.dataValueSetValues, whereEn: "dataValues has \(input.dataValues.count)",
                whereVi: "dataValues có \(input.dataValues.count)")
            throw Abort(.unprocessableEntity, reason: t(exceeded.en, exceeded.vi))
        }
        let context = PageContext(request)
        let principal = try context.principal
        let units = try await context.units.all()
        let placements = UnitPlacements(units: units)
        var plans: [Int: (Plan, [DataElement])?] = [:]
        var conflicts: [Conflict] = []
        var checked: [Checked] = []
        var seen: [String: Int] = [:]
        var reaches: [String: Bool] = [:]
        func conflict(_ index: Int, _ field: String, vi: String, en: String) {
            conflicts.append(Conflict(index: index, field: "dataValues[\(index)].\(field)", message: vi, messageEn: en))
        }
        for (index, row) in input.dataValues.enumerated() {
            guard let period = Period(row.period), !period.isSpan, period.description == row.period else {
                conflict(
                    index, "period", vi: "“\(row.period)” không phải năm hoặc 6 tháng, ví dụ 2023 hoặc 2023S1.",
                    en: "“\(row.period)” is not a year or half-year such as 2023 or 2023S1.")
                continue
            }
            if plans[period.firstYear] == nil {
                if let plan = try await context.plan(covering: period.firstYear) {
                    plans[period.firstYear] = .some((plan, try await DataElementStore(database: request.db).elements(planID: plan.id)))
                } else {
                    plans[period.firstYear] = .some(nil)
                }
            }
            guard let (plan, elements) = plans[period.firstYear] ?? nil else {
                conflict(index, "period", vi: "không có kế hoạch nào bao gồm kỳ \(period).", en: "no plan covers \(period).")
                continue
            }
            // The unit that had the code in the row's period (issue 16: codes reused by the 2025 reform).
            let unit: OrgUnit, placement: UnitPlacement
            switch placements.resolve(row.orgUnit, in: period) {
            case .success(let found)?: (unit, placement) = (found.unit, found.placement)
            case .failure(let problem)?:
                conflict(index, "orgUnit", vi: problem.messageVi, en: problem.messageEn)
                continue
            case nil:
                conflict(index, "orgUnit", vi: "mã đơn vị “\(row.orgUnit)” không tồn tại.", en: "unknown unit code “\(row.orgUnit)”.")
                continue
            }
            let reachKey = "\(unit.code)|\(unit.validFrom ?? "")|\(period)"
            if reaches[reachKey] == nil {
                reaches[reachKey] = DataEntryQueries.mayEnter(principal, unit: unit, period: period, timeline: placements.timeline)
            }
            guard reaches[reachKey] == true else {
                throw Abort(
                    .forbidden,
                    reason: "dataValues[\(index)].orgUnit: "
                        + t("this token does not enter data for \(unit.code).", "mã truy cập này không nhập số liệu cho \(unit.code)."))
            }
            let key = DataValueKey(element: row.dataElement, category: row.categoryOptionCombo ?? "")
            if let problem = DataValueRules.elementProblem(key, elements: elements, unit: unit) {
                let field = elements.contains { $0.code == key.element && $0.collectedAt.applies(to: unit) } ? "categoryOptionCombo" : "dataElement"
                conflict(index, field, vi: problem.messageVi, en: problem.messageEn)
                continue
            }
            guard let element = elements.first(where: { $0.code == key.element }) else { continue }
            let value: Double?
            switch row.value {
            case .null:
                value = nil
            case .number(let number):
                if let problem = DataValueRules.valueProblem(number, element: element, field: key.field) {
                    conflict(index, "value", vi: problem.messageVi, en: problem.messageEn)
                    continue
                }
                value = number
            case .string(let raw):
                let text: String
                do {
                    text = try CleanText.clean(raw, field: "dataValues[\(index)].value", rule: .line(CleanText.cellLimit))
                } catch {
                    conflict(index, "value", vi: error.messageVi, en: error.messageEn)
                    continue
                }
                switch DataValueRules.read(text, element: element, notation: .en, field: key.field) {
                case .success(let read): value = read
                case .failure(let problem):
                    conflict(index, "value", vi: problem.messageVi, en: problem.messageEn)
                    continue
                }
            default:
                conflict(
                    index, "value", vi: "phải là một số, một chuỗi chứa số, hoặc null để xóa.",
                    en: "must be a number, a text holding a number, or null to clear.")
                continue
            }
            let address = "\(unit.code)|\(period)|\(key.element)|\(key.category)"
            if let first = seen[address] {
                conflict(
                    index, "dataElement", vi: "số liệu này đã có ở dataValues[\(first)].", en: "the same value is already at dataValues[\(first)].")
                continue
            }
            seen[address] = index
            checked.append(
                Checked(
                    index: index, unit: unit, placement: placement, period: period, plan: plan, elements: elements, key: key, value: value,
                    version: row.version))
        }
        // The rules over what is saved, per unit and period.
        let store = DataValueStore(database: request.db)
        let groups = Dictionary(grouping: checked) { "\($0.unit.code)|\($0.period)" }
        // Checked over what is saved, then written, as one: when someone saves in the same units and periods between
        // the check and the write, the store says so and the rules are checked again over what is saved then.
        for _ in 1...3 {
            let known = try await store.savedValues(places: groups.values.map { ($0[0].unit.code, $0[0].period.description) })
            let saved = known.byPlace
            var count = ImportCount()
            for members in groups.values {
                let first = members[0]
                var before: [DataValueKey: Double] = [:]
                for value in saved[first.unit.code + "|" + first.period.description] ?? [] {
                    before[DataValueKey(element: value.element, category: value.category)] = value.value
                }
                var changes: [DataValueKey: Double?] = [:]
                for member in members {
                    switch (before[member.key], member.value) {
                    case (nil, nil): count.ignored += 1
                    case (nil, .some): count.imported += 1
                    case (.some, nil): count.deleted += 1
                    case (let old?, let new?): if old == new { count.ignored += 1 } else { count.updated += 1 }
                    }
                    if before[member.key] != member.value { changes[member.key] = .some(member.value) }
                }
                let rules = DataValueRules.problems(
                    .init(plan: first.plan, unit: first.unit, period: first.period, elements: first.elements, saved: before, changes: changes))
                for problem in rules {
                    switch problem.field {
                    case "period", "unit":
                        for member in members {
                            conflict(member.index, problem.field == "unit" ? "orgUnit" : "period", vi: problem.messageVi, en: problem.messageEn)
                        }
                    default:
                        let member =
                            members.first { $0.key.field == problem.field } ?? members.first { $0.key.element == problem.field }
                            ?? members.first { problem.field.hasPrefix($0.key.element + "__") } ?? first
                        conflict(member.index, "value", vi: problem.messageVi, en: problem.messageEn)
                    }
                }
            }
            guard conflicts.isEmpty else {
                return try await Summary(
                    status: "ERROR",
                    description: t(
                        "Nothing saved: \(conflicts.count) \(conflicts.count == 1 ? "problem" : "problems") in the set.",
                        "Không lưu gì: \(conflicts.count) lỗi trong bộ số liệu."),
                    importCount: ImportCount(),
                    conflicts: conflicts.sorted { ($0.index, $0.field) < ($1.index, $1.field) }
                ).encodeResponse(status: .unprocessableEntity, for: request)
            }
            let rows = checked.map {
                ImportRow(
                    element: $0.key.element, placement: $0.placement, period: $0.period, category: $0.key.category, value: $0.value,
                    expectedVersion: $0.version)
            }
            switch try await store.saveSet(rows, context: request.changeContext, known: known) {
            case .saved:
                return try await Summary(
                    status: "SUCCESS",
                    description: t(
                        "Saved \(count.imported) new values, updated \(count.updated), deleted \(count.deleted), ignored \(count.ignored).",
                        "Đã lưu \(count.imported) giá trị mới, cập nhật \(count.updated), xóa \(count.deleted), bỏ qua \(count.ignored)."),
                    importCount: count, conflicts: []
                ).encodeResponse(status: .ok, for: request)
            case .locked(let locks):
                let more = locks.count > 1 ? t(" (and \(locks.count - 1) other units and periods)", " (và \(locks.count - 1) đơn vị, kỳ khác)") : ""
                throw Abort(
                    .locked,
                    reason: (locks.first?.message(t.language)
                        ?? t("The values are locked by an approved report.", "Số liệu bị khóa bởi một báo cáo đã duyệt.")) + more)
            case .conflicts(let changed):
                let index = Dictionary(checked.map { ("\($0.unit.code)|\($0.period)|\($0.key.element)|\($0.key.category)", $0.index) }) { a, _ in a }
                return try await Summary(
                    status: "ERROR",
                    description: t(
                        "Nothing saved: \(changed.count) values were changed since the version you sent.",
                        "Không lưu gì: \(changed.count) giá trị đã bị thay đổi từ phiên bản bạn gửi."),
                    importCount: ImportCount(),
                    conflicts: changed.map { item in
                        let now = item.current.map { "\(ValueText.write($0.value, .vi)) (phiên bản \($0.version))" } ?? "trống (phiên bản 0)"
                        let nowEn = item.current.map { "\(ValueText.write($0.value, .en)) (version \($0.version))" } ?? "empty (version 0)"
                        return Conflict(
                            index: index["\(item.unitCode)|\(item.period)|\(item.element)|\(item.category)"] ?? -1,
                            field: "dataValues[\(index["\(item.unitCode)|\(item.period)|\(item.element)|\(item.category)"] ?? -1)].version",
                            message: "giá trị đã được thay đổi, hiện là \(now).", messageEn: "changed meanwhile, now \(nowEn).")
                    }.sorted { $0.index < $1.index }
                ).encodeResponse(status: .conflict, for: request)
            case .changedMeanwhile:
                // Someone saved in these units and periods between the check and the write: check again.
                continue
            }
        }
        throw Abort(
            .conflict,
            reason: t(
                "The values of these units and periods were being saved by someone else meanwhile; send the set again.",
                "Số liệu của các đơn vị, kỳ này vừa được người khác lưu trong lúc lưu bộ số liệu; hãy gửi lại."))
    }
}

extension DataValueSetsAPI.SetIn: JSONTreeBody {
    static var openAPISchema: String { "DataValueSetIn" }

    /// The set from the request's tree, as ``init(from:)`` decodes it from the bytes; a refusal in the request's
    /// language (`t`).
    init(tree: JSONValue, t: Localizer) throws {
        guard let items = tree["dataValues"]?.arrayValue else {
            throw Abort(
                .unprocessableEntity, reason: "dataValues: " + t("required, a list of values.", "bắt buộc, là một danh sách các giá trị."))
        }
        dataValues = try items.enumerated().map { try DataValueSetsAPI.Row(tree: $1, index: $0, t: t) }
    }
}

extension DataValueSetsAPI.Row {
    /// One value from the request's tree, as ``init(from:)`` decodes it from the bytes; a refusal names the field and
    /// says what is wrong in the request's language (`t`), its words put together only for a row that has one.
    init(tree: JSONValue, index: Int, t: Localizer) throws {
        func refusal(_ key: String, _ what: String) -> Abort { Abort(.unprocessableEntity, reason: "dataValues[\(index)].\(key): \(what)") }
        func text(_ key: String) throws -> String {
            guard let text = tree[key]?.stringValue else { throw refusal(key, t("required, a string.", "bắt buộc, là chuỗi ký tự.")) }
            return text
        }
        dataElement = try text("dataElement")
        period = try text("period")
        orgUnit = try text("orgUnit")
        switch tree["categoryOptionCombo"] {
        case nil, .null?: categoryOptionCombo = nil
        case .string(let text)?: categoryOptionCombo = text
        default: throw refusal("categoryOptionCombo", t("must be a string.", "phải là chuỗi ký tự."))
        }
        value = tree["value"] ?? .null
        switch tree["version"] {
        case nil, .null?: version = nil
        case .number(let number)?:
            guard let whole = Int(exactly: number) else { throw refusal("version", t("must be a whole number.", "phải là số nguyên.")) }
            version = whole
        default: throw refusal("version", t("must be a whole number.", "phải là số nguyên."))
        }
    }
}
