import PCMTDomain

/// The interface language of a request: Vietnamese unless the visitor chose English (remembered in a cookie).
struct Localizer: Sendable {
    static let cookieName = "pcmt_lang"

    let language: Language

    init(language: Language) { self.language = language }

    var isEnglish: Bool { language == .en }

    /// The interface text in the current language: `t("Targets", "Chỉ tiêu")`.
    func callAsFunction(_ english: String, _ vietnamese: String) -> String {
        language == .en ? english : vietnamese
    }

    /// An English title of plan data, shown only in English beside the Vietnamese text that stays as written.
    func englishTitle(_ title: String?) -> Node {
        guard isEnglish, let title, !title.isEmpty else { return .empty }
        return h("span", ["class": "en", "lang": "en"], title)
    }

    func levelName(_ level: OrgUnitLevel) -> String {
        switch level {
        case .province: self("Province", "Tỉnh")
        case .district: self("District / city", "Huyện / thành phố")
        case .commune: self("Commune / ward / township", "Xã / phường / thị trấn")
        case .agency: self("Provincial body", "Cơ quan cấp tỉnh")
        }
    }

    func roleName(_ role: DutyRole) -> String {
        switch role {
        case .lead: self("leads", "chủ trì")
        case .cooperate: self("cooperates", "phối hợp")
        case .implement: self("carries out", "thực hiện")
        }
    }

    func reportingKindName(_ kind: ReportingKind) -> String {
        switch kind {
        case .halfYear: self("6-monthly report", "Báo cáo 6 tháng")
        case .year: self("Yearly report", "Báo cáo năm")
        case .midTermReview: self("Mid-term review", "Sơ kết giữa kỳ")
        case .finalReview: self("Final review", "Tổng kết")
        case .budget: self("Funding", "Kinh phí")
        }
    }

    /// "2021-11-03" → "03/11/2021", the way Vietnamese documents write dates.
    func date(_ iso: String) -> String {
        let parts = iso.split(separator: "-")
        guard parts.count == 3 else { return iso }
        return "\(parts[2])/\(parts[1])/\(parts[0])"
    }
}
