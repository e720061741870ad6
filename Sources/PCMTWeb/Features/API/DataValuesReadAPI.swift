import Foundation
import PCMTDomain
import PCMTStore
import Vapor

/// Reading data values back through the API, as the entry form shows them: one unit's values with their versions and
/// who changed them last, filtered by period, element and time of change.
struct DataValuesReadAPIRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.api(.dataValues), .capability(.seeFigures), use: dataValues)
    }

    func dataValues(_ request: Request) async throws -> Response {
        let filter = try request.query.decode(DataValuesQuery.self).filter(t: Localizer(request: request))
        do {
            return try await DataValueReads.values(request.apiQueryContext, filter).encodeResponse(for: request)
        } catch let error as PageError where error.status == .notFound {
            // An unknown unit is answered here: thrown, its 404 would be taken for a method this address does not
            // serve (POST is served here, so the error middleware would answer 405).
            return try await ErrorPageMiddleware.ErrorBody(error: true, reason: error.reason)
                .encodeResponse(status: .notFound, for: request)
        }
    }
}

/// `?orgunit=&period=&element=&changedSince=` of `GET /api/v1/datavalues`.
struct DataValuesQuery: QueryValues {
    var orgunit: String?
    var period: String?
    var element: String?
    var changedSince: String?

    init(orgunit: String? = nil, period: String? = nil, element: String? = nil, changedSince: String? = nil) {
        self.orgunit = orgunit; self.period = period; self.element = element; self.changedSince = changedSince
    }

    var queryItems: [(String, String?)] {
        [("orgunit", orgunit), ("period", period), ("element", element), ("changedSince", changedSince)]
    }

    /// The filter the parameters ask for; a parameter that cannot be read is a ``BadParameter``, in the request's
    /// language (`t`).
    func filter(t: Localizer) throws -> DataValueFilter {
        guard let unit = orgunit?.trimmingCharacters(in: .whitespaces), !unit.isEmpty else {
            throw BadParameter("orgunit", t("required: the code of a unit, such as 611.", "bắt buộc: mã của một đơn vị, ví dụ 611."))
        }
        var periods: [String]? = nil
        if let period {
            periods = try period.split(separator: ",", omittingEmptySubsequences: false).map { text in
                guard let period = Period(String(text)), !period.isSpan else {
                    throw BadParameter(
                        "period",
                        t(
                            "use years (2023) or half-years (2023S1), several separated by commas; \"\(text)\" is neither.",
                            "ghi năm (2023) hoặc 6 tháng (2023S1), nhiều kỳ thì cách nhau bằng dấu phẩy; \"\(text)\" không phải năm hay 6 tháng."
                        ))
                }
                return period.description
            }
        }
        if let element, element.trimmingCharacters(in: .whitespaces).isEmpty {
            throw BadParameter(
                "element",
                t(
                    "give the code of a data element, such as schools_total, or leave it out.",
                    "ghi mã của một chỉ tiêu dữ liệu, ví dụ schools_total, hoặc bỏ tham số này."))
        }
        var since: Date? = nil
        if let changedSince {
            guard let date = Self.instant(changedSince) else {
                throw BadParameter(
                    "changedSince",
                    t(
                        "use an ISO 8601 instant with its time zone, such as 2025-07-01T00:00:00Z.",
                        "ghi một thời điểm theo ISO 8601 kèm múi giờ, ví dụ 2025-07-01T00:00:00Z."))
            }
            since = date
        }
        return DataValueFilter(unitCode: unit, periods: periods, element: element, changedSince: since)
    }

    /// An ISO 8601 instant: a real day, a time and a zone ("2025-07-01T08:30:00+07:00"), seconds' fractions allowed.
    /// A space before the zone's hours is the "+" of an address that was not escaped.
    static func instant(_ text: String) -> Date? {
        let text = text.uppercased().replacingOccurrences(of: " ", with: "+")
        // The formatter would read 2025-02-30 as 2 March and 24:00 as the next day: the day and time are checked first.
        let shape = /[0-9]{4}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])/
        guard text.wholeMatch(of: shape) != nil, OfficialDate(iso: String(text.prefix(10))) != nil else { return nil }
        let whole = ISO8601DateFormatter()
        whole.formatOptions = [.withInternetDateTime]
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return whole.date(from: text) ?? fractional.date(from: text)
    }
}

/// `?parent=&date=` of `GET /api/v1/orgunits`: the units below a parent (the top-level ones without), and only those
/// that exist on the date when one is given.
struct OrgUnitsQuery: QueryValues {
    var parent: String?
    var date: String?

    init(parent: String? = nil, date: String? = nil) { self.parent = parent; self.date = date }

    var queryItems: [(String, String?)] { [("parent", parent), ("date", date)] }

    /// The parent's code; nil (the top level) when none or an empty one is given.
    var parentCode: String? { parent.nonEmpty }

    /// The day asked about, "yyyy-mm-dd"; a date that is not a real day is a ``BadParameter``, in the request's
    /// language (`t`).
    func validOn(t: Localizer) throws -> String? {
        guard let date else { return nil }
        guard let day = OfficialDate(iso: date) else {
            throw BadParameter(
                "date", t("use a real day written yyyy-mm-dd, such as 2025-07-01.", "ghi một ngày có thật dạng yyyy-mm-dd, ví dụ 2025-07-01."))
        }
        return day.iso
    }
}

/// A query parameter the API cannot use: 400, with the parameter named first.
struct BadParameter: AbortError {
    var parameter: String
    var message: String

    init(_ parameter: String, _ message: String) { self.parameter = parameter; self.message = message }

    var status: HTTPResponseStatus { .badRequest }
    var reason: String { "\(parameter): \(message)" }
}

/// A data value in the API.
struct DataValueDTO: Content, Equatable {
    var element: String
    /// nil for an element without categories.
    var category: String?
    var period: String
    var orgunit: String
    var value: Double
    var version: Int
    var changedAt: Date
    var changedBy: String
    var source: String?

    init(_ reading: DataValueReading) {
        let value = reading.value
        element = value.element; category = value.category.isEmpty ? nil : value.category; period = value.period
        orgunit = value.unitCode; self.value = value.value; version = value.version; changedAt = value.updatedAt
        changedBy = value.updatedBy; source = reading.source
    }
}

/// The query behind `GET /api/v1/datavalues`.
enum DataValueReads {
    /// The unit's values, for accounts that may see its figures; 404 for an unknown unit or an element no plan has
    /// (a well-formed code that names nothing, as for units), 403 outside the area.
    static func values(_ context: PageQueryContext, _ filter: DataValueFilter) async throws -> [DataValueDTO] {
        guard let unit = try await context.units.unit(code: filter.unitCode) else {
            throw PageError.notFound(
                context.t("orgunit: no unit with code \(filter.unitCode).", "orgunit: không có đơn vị mã \(filter.unitCode)."))
        }
        guard try await context.allows(.seeFigures, at: unit) else {
            throw PageError.forbidden(
                context.t(
                    "orgunit: this account does not see the figures of \(unit.code).",
                    "orgunit: tài khoản này không được xem số liệu của \(unit.code)."))
        }
        let store = DataValueStore(database: context.db)
        if let element = filter.element, !(try await store.elementExists(code: element)) {
            throw PageError.notFound(
                context.t("element: no data element has the code \(element).", "element: không có chỉ số (data element) mã \(element)."))
        }
        return try await store.values(filter).map(DataValueDTO.init)
    }
}

extension Request {
    /// The query context of an API call: answers in the request's language, Vietnamese unless the `pcmt_lang` cookie
    /// or `Accept-Language` asks for English (``Localizer``), as the API's refusals are.
    var apiQueryContext: PageQueryContext { queryContext }
}
