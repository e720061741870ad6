import Foundation
import PCMTDomain

/// Dates and times as Vietnamese officials write them, in the province's time zone (UTC+7).
enum DateText {
    static let timeZone = TimeZone(secondsFromGMT: 7 * 3600)!

    static func dateTime(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%02d/%02d/%04d %02d:%02d:%02d", c.day!, c.month!, c.year!, c.hour!, c.minute!, c.second!)
    }

    /// Today (or `date`) as yyyy-MM-dd in the province's time zone.
    static func isoDay(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    /// "2023-05-01" as the start of that day in the province's time zone; nil unless the text is a date
    /// `OfficialDate(iso:)` accepts (strict "yyyy-mm-dd", a day that exists: not "2023-02-30" nor "2023-2-3").
    static func parseDay(_ text: String) -> Date? {
        guard let day = OfficialDate(iso: text) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))
    }
}
