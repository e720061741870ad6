import Foundation

/// The one clock of pcmt: the current instant, and the calendar day in the province's time zone (UTC+7, Vietnam has
/// no daylight saving time). Everything that asks "today" (overdue reports, the default board year, the current
/// plan) reads it from here, so that tests can set it.
public struct ProvinceClock: Sendable {
    /// Indochina Time, UTC+7.
    public static let timeZone = TimeZone(secondsFromGMT: 7 * 3600)!

    private let read: @Sendable () -> Date

    public init(_ read: @escaping @Sendable () -> Date) { self.read = read }

    /// The machine's clock.
    public static let system = ProvinceClock { Date() }

    /// A clock stopped at `instant` (tests).
    public static func fixed(_ instant: Date) -> ProvinceClock { ProvinceClock { instant } }

    /// A clock stopped at noon (UTC+7) of an ISO day "yyyy-mm-dd"; nil when the text is not a real date.
    public static func fixed(day iso: String) -> ProvinceClock? {
        guard let date = OfficialDate(iso: iso) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        guard let noon = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day, hour: 12)) else { return nil }
        return .fixed(noon)
    }

    public var now: Date { read() }

    /// Today in the province, as a date.
    public var today: OfficialDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Self.timeZone
        let c = calendar.dateComponents([.year, .month, .day], from: now)
        return OfficialDate(year: c.year!, month: c.month!, day: c.day!)!
    }

    /// Today as "yyyy-mm-dd".
    public var todayISO: String { today.iso }

    /// The current calendar year in the province.
    public var year: Int { today.year }
}
