import Foundation

/// How long a closed record of the registry of people keeps what identifies the person (issue 17: "closed records are
/// pseudonymised after a retention period set by the installation"; Nghị định 13/2023/NĐ-CP, Điều 3 khoản 7 and from
/// 01/01/2026 Luật Bảo vệ dữ liệu cá nhân 2025: personal data is kept only as long as its purpose needs). The period is
/// the installation's (`PCMT_REGISTRY_RETENTION_YEARS`), in whole years after the day of closing.
public enum RegistryRetention {
    /// The period when the installation sets none: five years after closing, long enough for the reports of the
    /// years the person was managed in and for the plan's five-year review.
    public static let defaultYears = 5

    /// The last closing day ("yyyy-mm-dd") whose records are pseudonymised on `today` with a period of `years`: a record
    /// closed on that day or before has been closed `years` whole years or more. 29 February closes into 28 February
    /// of a year that has none. Nil when `today` is no day or `years` is below 1.
    public static func cutoff(today: String, years: Int) -> String? {
        guard years >= 1, let date = OfficialDate(iso: today) else { return nil }
        let year = date.year - years
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let day = date.month == 2 && date.day == 29 && !leap ? 28 : date.day
        return String(format: "%04d-%02d-%02d", year, date.month, day)
    }

    /// The years read from the installation's setting: a whole number from 1 to 100, else a problem naming the setting.
    public static func years(_ text: String?) -> Result<Int, FieldProblem> {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return .success(defaultYears) }
        guard let years = Int(text), (1...100).contains(years) else {
            return .failure(
                FieldProblem(
                    field: "PCMT_REGISTRY_RETENTION_YEARS", en: "A whole number of years from 1 to 100, not “\(text)”.",
                    vi: "Số năm lưu giữ phải là số nguyên từ 1 đến 100, không phải “\(text)”."))
        }
        return .success(years)
    }
}
