import Foundation

/// A calendar date written the way Nghị định 30/2020 prescribes: "Kon Tum, ngày 05 tháng 7 năm 2022" — a zero
/// before days 1–9 and before months 1 and 2, none before months 3–12.
public struct OfficialDate: Sendable, Equatable {
    public var year: Int
    public var month: Int
    public var day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), (1...OfficialDate.days(in: month, of: year)).contains(day), (1900...2999).contains(year) else { return nil }
        self.year = year; self.month = month; self.day = day
    }

    /// From "yyyy-mm-dd" exactly: four, two and two ASCII digits and a day that exists ("2024-02-29" but not
    /// "2023-02-29", "2023-02-30", "2023-2-3", "2023-02-03x" or " 2023-02-03"). The one reading of a typed date.
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.unicodeScalars.allSatisfy { ("0"..."9").contains($0) } }),
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The ISO day of a day as people write it in forms and spreadsheets: "dd/mm/yyyy" (also with "-" or "." between,
    /// one-digit day and month) or "yyyy-mm-dd", when it is a real day; nil otherwise. The one reading of a written day
    /// (the registries' forms and imports).
    public static func iso(written text: String) -> String? {
        let written = text.trimmingCharacters(in: .whitespaces)
        let parts = written.split(whereSeparator: { $0 == "/" || $0 == "-" || $0 == "." }).map(String.init)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.unicodeScalars.allSatisfy { ("0"..."9").contains($0) } }) else {
            return nil
        }
        let (year, month, day): (String, String, String) =
            parts[0].count == 4 ? (parts[0], parts[1], parts[2]) : (parts[2], parts[1], parts[0])
        guard year.count == 4, month.count <= 2, day.count <= 2, let y = Int(year), let m = Int(month), let d = Int(day) else { return nil }
        return OfficialDate(year: y, month: m, day: d)?.iso
    }

    /// The ISO day of an Excel day number (1900 date system: day 60 is the 29/02/1900 Excel believes in; 1899-12-30 is
    /// day 0 for every day from 01/03/1900), or nil outside 1900–2100.
    public static func iso(excelSerial serial: Double) -> String? {
        guard serial.isFinite, serial >= 61, serial < 73_051 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let origin = calendar.date(from: DateComponents(year: 1899, month: 12, day: 30))!
        guard let date = calendar.date(byAdding: .day, value: Int(serial.rounded(.down)), to: origin) else { return nil }
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return OfficialDate(year: parts.year!, month: parts.month!, day: parts.day!)?.iso
    }

    /// "30/06/2025": the day as tables and short texts write it.
    public var short: String { String(format: "%02d/%02d/%04d", day, month, year) }

    /// "2025-06-30" → "30/06/2025"; a text that is not a day is given back as it is.
    public static func short(_ iso: String) -> String { OfficialDate(iso: iso)?.short ?? iso }

    /// The day after ("2025-06-30" → "2025-07-01"); nil past 2999.
    public var nextDay: OfficialDate? {
        if day < Self.days(in: month, of: year) { return OfficialDate(year: year, month: month, day: day + 1) }
        return month < 12 ? OfficialDate(year: year, month: month + 1, day: 1) : OfficialDate(year: year + 1, month: 1, day: 1)
    }

    /// The day before ("2025-07-01" → "2025-06-30"); nil before 1900.
    public var previousDay: OfficialDate? {
        if day > 1 { return OfficialDate(year: year, month: month, day: day - 1) }
        if month > 1 { return OfficialDate(year: year, month: month - 1, day: Self.days(in: month - 1, of: year)) }
        return OfficialDate(year: year - 1, month: 12, day: 31)
    }

    public var iso: String {
        "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
    }

    /// "ngày 05 tháng 7 năm 2022".
    public var words: String {
        let dayText = day < 10 ? "0\(day)" : "\(day)"
        let monthText = month <= 2 ? "0\(month)" : "\(month)"
        return "ngày \(dayText) tháng \(monthText) năm \(year)"
    }

    /// "Kon Tum, ngày 05 tháng 7 năm 2022", or with the day and month left blank for the signer.
    public static func line(place: String, date: OfficialDate?, year: Int) -> String {
        let words = date?.words ?? "ngày      tháng      năm \(year)"
        return place.isEmpty ? words.prefix(1).uppercased() + words.dropFirst() : "\(place), \(words)"
    }

    static func days(in month: Int, of year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
