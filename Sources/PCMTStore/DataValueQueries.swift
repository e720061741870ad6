import Fluent
import Foundation
import PCMTDomain

/// Which reported numbers to read back: one unit; some periods (every period when nil); one element (every element
/// when nil); only those changed at or after an instant (all when nil).
public struct DataValueFilter: Sendable, Equatable {
    public var unitCode: String
    public var periods: [String]?
    public var element: String?
    public var changedSince: Date?

    public init(unitCode: String, periods: [String]? = nil, element: String? = nil, changedSince: Date? = nil) {
        self.unitCode = unitCode; self.periods = periods; self.element = element; self.changedSince = changedSince
    }
}

/// A reported number read back with how its last change came: "entered" (the form), "imported" (a file), "api";
/// nil when the value has no history (loaded in bulk, such as demonstration data).
public struct DataValueReading: Sendable, Equatable {
    public var value: DataValue
    public var source: String?
}

extension DataValueStore {
    /// The unit's values that match the filter, by period, element and category.
    public func values(_ filter: DataValueFilter) async throws -> [DataValueReading] {
        if let periods = filter.periods, periods.isEmpty { return [] }
        var query = DataValueModel.query(on: database).filter(\.$unitCode == filter.unitCode)
        if let periods = filter.periods { query = query.filter(\.$period ~~ periods) }
        if let element = filter.element { query = query.filter(\.$element == element) }
        if let since = filter.changedSince { query = query.filter(\.$updatedAt >= since) }
        let values = try await query.all().map(Self.value)
        guard !values.isEmpty else { return [] }

        // The newest change of each value says how it came, if it set the value that is there now.
        var history = DataValueHistoryModel.query(on: database).filter(\.$unitCode == filter.unitCode)
        let periods = Array(Set(values.map(\.period)))
        history = history.filter(\.$period ~~ periods)
        if let element = filter.element { history = history.filter(\.$element == element) }
        var latest: [String: DataValueHistoryModel] = [:]
        for change in try await history.sort(\.$changedAt, .descending).all() {
            let key = Self.key(element: change.element, period: change.period, category: change.category)
            if latest[key] == nil { latest[key] = change }
        }
        return values.map { value in
            let change = latest[Self.key(element: value.element, period: value.period, category: value.category)]
            return DataValueReading(value: value, source: change?.newValue == value.value ? change?.source : nil)
        }.sorted { a, b in
            (a.value.period, a.value.element, a.value.category) < (b.value.period, b.value.element, b.value.category)
        }
    }

    /// Whether any plan has a data element with this code.
    public func elementExists(code: String) async throws -> Bool {
        try await DataElementModel.query(on: database).filter(\.$code == code).first() != nil
    }

    private static func key(element: String, period: String, category: String) -> String {
        "\(element)|\(period)|\(category)"
    }
}
