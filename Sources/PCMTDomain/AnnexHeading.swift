import Foundation

/// The lines that make a table an annex of an official report: its number ("Phụ lục 01") and the report it goes with
/// ("(Kèm theo Báo cáo số 125/BC-UBND ngày 05 tháng 01 năm 2025 của Ủy ban nhân dân tỉnh Kon Tum)"), as an annex of
/// an administrative document names it (Nghị định 30/2020/NĐ-CP, Phụ lục I, mục III).
public enum AnnexHeading {
    /// "Phụ lục 01", "Annex 01": the number on two digits.
    public static func label(_ number: Int, _ language: Language) -> String {
        let digits = number < 10 ? "0\(number)" : "\(number)"
        return language == .vi ? "Phụ lục \(digits)" : "Annex \(digits)"
    }

    /// The reference to the report, in brackets, from its heading (``DocumentHeading``):
    /// - the number and symbol as given ("125/BC-UBND"); a number left for signing ("     /BC-UBND", "/BC-UBND") or none
    ///   is written "…/BC-UBND" or "…";
    /// - the date in words (``OfficialDate/words``) when the heading has one, else "ngày … tháng … năm `year`" for the
    ///   signer to fill in (`year`: the year the report is dated, the report's last year as the report itself prints);
    /// - the issuer on one line (``DocumentHeading/issuerInText(_:planIssuer:)``): the plan's own spelling when the
    ///   heading names the plan's issuer, a name in capitals in the case of running text; nothing when there is none.
    public static func reference(to heading: DocumentHeading, year: Int, planIssuer: String, _ language: Language) -> String {
        let given = heading.number.trimmingCharacters(in: .whitespacesAndNewlines)
        let number = given.isEmpty ? "…" : (given.hasPrefix("/") ? "…" + given : given)
        let date = OfficialDate(iso: heading.date)
        let issuer = DocumentHeading.issuerInText(heading.issuer, planIssuer: planIssuer)
        switch language {
        case .vi:
            let when = date?.words ?? "ngày … tháng … năm \(year)"
            return "(Kèm theo Báo cáo số \(number) \(when)\(issuer.isEmpty ? "" : " của \(issuer)"))"
        case .en:
            let when = date.map { "dated \($0.iso)" } ?? "dated … \(year)"
            return "(Annex to report No. \(number) \(when)\(issuer.isEmpty ? "" : " of \(issuer)"))"
        }
    }
}
