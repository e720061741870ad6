import Foundation

/// The head of the audit log as it stood at a moment: how many events it held and the hash (an HMAC-SHA256 under the
/// installation's audit key, or SHA-256 for events recorded before keys were used) of the last of them. Printed on
/// an official report at its date, it anchors the log outside the database: a later log with fewer events, or with
/// another hash at that place, was cut or rewritten (`pcmt audit verify --head EVENTS:HASH` checks one).
public struct AuditHead: Sendable, Equatable {
    /// Events recorded up to `asOf`; they are numbered 1…events.
    public var events: Int
    /// The hash of event number `events`, 64 hexadecimal digits.
    public var hash: String
    /// The moment the head was read for.
    public var asOf: Date

    public init(events: Int, hash: String, asOf: Date) {
        self.events = events; self.hash = hash; self.asOf = asOf
    }

    /// The first 16 hexadecimal digits of the hash: enough to compare by eye, as written on a report.
    public var shortHash: String { String(hash.prefix(16)) }

    /// One line for the foot of a report, e.g. "Nhật ký kiểm toán đến 30/06/2025: 1.234 sự kiện, mã cuối 9f3a1c2b4d5e6f70."
    /// (the date in the province's calendar, UTC+7; thousands grouped as the language writes them).
    public func line(_ language: Language) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = ProvinceClock.timeZone
        let c = calendar.dateComponents([.year, .month, .day], from: asOf)
        let day = String(format: "%02d/%02d/%04d", c.day ?? 0, c.month ?? 0, c.year ?? 0)
        let count = Self.grouped(events, separator: language == .en ? "," : ".")
        return language == .en
            ? "Audit log up to \(day): \(count) events, last hash \(shortHash)."
            : "Nhật ký kiểm toán đến \(day): \(count) sự kiện, mã cuối \(shortHash)."
    }

    /// The moment a report dated `iso` ("yyyy-mm-dd", the heading's date) reads the head for: the end of that day in
    /// the province (UTC+7), or `now` when the day has not ended yet, the date is empty (left for the signer) or not
    /// a date.
    public static func moment(ofReportDated iso: String, now: Date) -> Date {
        guard let day = OfficialDate(iso: iso) else { return now }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = ProvinceClock.timeZone
        guard let start = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day)),
            let next = calendar.date(byAdding: .day, value: 1, to: start)
        else { return now }
        return min(next.addingTimeInterval(-0.001), now)
    }

    static func grouped(_ value: Int, separator: String) -> String {
        let digits = Array(String(value))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out += separator }
            out.append(digit)
        }
        return out
    }
}
