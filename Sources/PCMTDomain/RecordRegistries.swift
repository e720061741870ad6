import Foundation

/// One field of a registry's record, as forms, imports and lists show it.
public struct RecordField: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A day, kept "yyyy-mm-dd"; written dd/mm/yyyy or yyyy-mm-dd (``OfficialDate/iso(written:)``).
        case day
        /// A whole number ≥ 0 (people, plants, products).
        case count
        /// A decimal ≥ 0 with its unit of measure ("m²", "g").
        case quantity(unit: String)
        /// One of a fixed list of codes.
        case choice([RecordChoice])
        /// Yes or no, kept "1" or "0".
        case flag
        /// Free text of at most `limit` characters.
        case text(limit: Int)
        /// A year from 2000, kept "yyyy".
        case year
    }

    /// The key the record keeps the value under, and the form's field name: "detected_on".
    public var key: String
    public var vi: String
    public var en: String
    public var kind: Kind
    public var required: Bool

    public init(_ key: String, vi: String, en: String, _ kind: Kind, required: Bool = false) {
        self.key = key; self.vi = vi; self.en = en; self.kind = kind; self.required = required
    }

    public func name(_ language: Language) -> String { language == .vi ? vi : en }
}

/// One of a choice field's values.
public struct RecordChoice: Sendable, Equatable {
    public var code: String
    public var vi: String
    public var en: String

    public init(_ code: String, vi: String, en: String) { self.code = code; self.vi = vi; self.en = en }

    public func name(_ language: Language) -> String { language == .vi ? vi : en }
}

/// A record of a registry as counting and lists need it: its commune and its fields, each kept as
/// ``RecordRegistry/read(_:today:)`` writes it (days "yyyy-mm-dd", numbers in digits, choices by code, flags "1"/"0";
/// a field left empty is absent).
public struct RegistryRecordFields: Sendable, Equatable {
    public var communeCode: String
    public var fields: [String: String]

    public init(communeCode: String, fields: [String: String]) { self.communeCode = communeCode; self.fields = fields }

    public subscript(_ key: String) -> String? { fields[key].flatMap { $0.isEmpty ? nil : $0 } }

    func number(_ key: String) -> Double { self[key].flatMap(Double.init) ?? 0 }

    /// Whether the day kept under `key` falls within `first` … `last`.
    func day(_ key: String, within first: String, _ last: String) -> Bool {
        guard let day = self[key] else { return false }
        return day >= first && day <= last
    }

    /// Whether the day kept under `key` is on or before `day`.
    func day(_ key: String, onOrBefore day: String) -> Bool { self[key].map { $0 <= day } ?? false }
}

/// The registries of records, not people, that the plan's figures come from (issue 17: "drug crime cases and their
/// suspects counted (not named) … trafficking leads … hotspots … communes' drug situation per year … illicit
/// cultivation found and destroyed … propaganda activities and media products — records, not people"). Each is kept
/// by the commune where the case, lead, place or activity is, so that the province's figures are the sum of its
/// communes' as for typed values.
///
/// Each registry names its fields (``fields``), the data elements it yields (``elements``) and how it counts them
/// (``values(of:period:)``): flows by the day of their event within the period, stocks on the period's last day.
public enum RecordRegistry: String, Codable, Sendable, CaseIterable {
    /// Vụ phạm tội về ma túy: detection, route, drugs seized, suspects by sex (counted, never named), stages.
    case drugCases = "drug_cases"
    /// Vụ việc có thông tin vận chuyển trái phép chất ma túy (qua biên giới, chuyển phát): received, verified.
    case traffickingLeads = "trafficking_leads"
    /// Điểm, tụ điểm phức tạp về ma túy: found, eliminated, re-formed.
    case hotspots
    /// Xã không có ma túy / xã trọng điểm: the year's decision on a commune.
    case communeSituation = "commune_situation"
    /// Diện tích, cây có chứa chất ma túy phát hiện và triệt phá.
    case cultivation
    /// Hoạt động tuyên truyền và sản phẩm truyền thông.
    case propaganda

    public func name(_ language: Language) -> String {
        switch (self, language) {
        case (.drugCases, .vi): "Sổ theo dõi vụ phạm tội về ma túy"
        case (.drugCases, .en): "Drug crime cases"
        case (.traffickingLeads, .vi): "Sổ theo dõi vụ việc có thông tin vận chuyển ma túy"
        case (.traffickingLeads, .en): "Trafficking leads"
        case (.hotspots, .vi): "Sổ theo dõi điểm, tụ điểm phức tạp về ma túy"
        case (.hotspots, .en): "Drug hotspots"
        case (.communeSituation, .vi): "Tình hình ma túy của xã theo năm"
        case (.communeSituation, .en): "Communes' drug situation by year"
        case (.cultivation, .vi): "Sổ theo dõi trồng cây có chứa chất ma túy"
        case (.cultivation, .en): "Illicit cultivation found and destroyed"
        case (.propaganda, .vi): "Sổ theo dõi hoạt động tuyên truyền, sản phẩm truyền thông"
        case (.propaganda, .en): "Propaganda activities and media products"
        }
    }

    /// One record's name in sentences: "vụ phạm tội", "điểm, tụ điểm".
    public func recordName(_ language: Language) -> String {
        switch (self, language) {
        case (.drugCases, .vi): "vụ phạm tội"
        case (.drugCases, .en): "case"
        case (.traffickingLeads, .vi): "vụ việc"
        case (.traffickingLeads, .en): "lead"
        case (.hotspots, .vi): "điểm, tụ điểm"
        case (.hotspots, .en): "hotspot"
        case (.communeSituation, .vi): "quyết định"
        case (.communeSituation, .en): "decision"
        case (.cultivation, .vi): "vụ phát hiện"
        case (.cultivation, .en): "find"
        case (.propaganda, .vi): "hoạt động"
        case (.propaganda, .en): "activity"
        }
    }

    /// Where values derived from the registry say they come from.
    public var source: ValueSource {
        switch self {
        case .drugCases: .drugCases
        case .traffickingLeads: .traffickingLeads
        case .hotspots: .hotspots
        case .communeSituation: .communeSituation
        case .cultivation: .cultivation
        case .propaganda: .propaganda
        }
    }

    /// The field holding the record's own day, by which lists are ordered and filtered by year.
    public var dayField: String {
        switch self {
        case .drugCases: "detected_on"
        case .traffickingLeads: "received_on"
        case .hotspots: "found_on"
        case .communeSituation: "decided_on"
        case .cultivation: "found_on"
        case .propaganda: "held_on"
        }
    }

    /// The fields of a record, in the order of the form and of the import's columns.
    public var fields: [RecordField] {
        switch self {
        case .drugCases:
            [
                RecordField("detected_on", vi: "Ngày phát hiện", en: "Detected on", .day, required: true),
                RecordField("case_number", vi: "Số hồ sơ vụ việc", en: "Case number", .text(limit: 60)),
                RecordField("detecting_body", vi: "Đơn vị phát hiện, bắt giữ", en: "Detecting body", .text(limit: 200), required: true),
                RecordField("route", vi: "Tuyến, phương thức", en: "Route", .choice(Self.routes), required: true),
                RecordField("cyberspace", vi: "Sử dụng không gian mạng", en: "Uses cyberspace", .flag),
                RecordField("drug_type", vi: "Loại ma túy chủ yếu", en: "Main drug type", .choice(Self.drugTypes), required: true),
                RecordField("heroin_g", vi: "Heroin thu giữ", en: "Heroin seized", .quantity(unit: "g")),
                RecordField("synthetic_g", vi: "Ma túy tổng hợp thu giữ", en: "Synthetic drugs seized", .quantity(unit: "g")),
                RecordField("cannabis_g", vi: "Cần sa thu giữ", en: "Cannabis seized", .quantity(unit: "g")),
                RecordField("other_g", vi: "Ma túy loại khác thu giữ", en: "Other drugs seized", .quantity(unit: "g")),
                RecordField("suspects_male", vi: "Số đối tượng nam", en: "Male suspects", .count),
                RecordField("suspects_female", vi: "Số đối tượng nữ", en: "Female suspects", .count),
                RecordField("prosecuted_on", vi: "Ngày khởi tố", en: "Prosecuted on", .day),
                RecordField("indicted_on", vi: "Ngày truy tố (Tòa án thụ lý)", en: "Indicted on (court received)", .day),
                RecordField("tried_on", vi: "Ngày xét xử", en: "Tried on", .day),
                RecordField("resolved_on", vi: "Ngày giải quyết xong", en: "Resolved on", .day),
            ]
        case .traffickingLeads:
            [
                RecordField("received_on", vi: "Ngày tiếp nhận", en: "Received on", .day, required: true),
                RecordField("route", vi: "Tuyến", en: "Route", .choice(Self.leadRoutes), required: true),
                RecordField("summary", vi: "Nội dung tóm tắt", en: "Summary", .text(limit: 500)),
                RecordField("verified_on", vi: "Ngày xác minh, làm rõ", en: "Verified on", .day),
                RecordField("outcome", vi: "Kết quả xác minh", en: "Outcome", .choice(Self.leadOutcomes)),
            ]
        case .hotspots:
            [
                RecordField("label", vi: "Tên, vị trí", en: "Name and place", .text(limit: 200), required: true),
                RecordField("kind", vi: "Loại", en: "Kind", .choice(Self.hotspotKinds), required: true),
                RecordField("hot", vi: "Điểm nóng", en: "Hot spot", .flag),
                RecordField("found_on", vi: "Ngày phát hiện", en: "Found on", .day, required: true),
                RecordField("eliminated_on", vi: "Ngày triệt xóa", en: "Eliminated on", .day),
                RecordField("reformed_on", vi: "Ngày tái hình thành", en: "Re-formed on", .day),
                RecordField("eliminated_again_on", vi: "Ngày triệt xóa lại", en: "Eliminated again on", .day),
            ]
        case .communeSituation:
            [
                RecordField("year", vi: "Năm", en: "Year", .year, required: true),
                RecordField("drug_free", vi: "Xã không có ma túy", en: "Drug-free commune", .flag),
                RecordField("key_class", vi: "Xã trọng điểm", en: "Key commune", .choice(Self.keyClasses), required: true),
                RecordField("decided_by", vi: "Cơ quan quyết định", en: "Decided by", .text(limit: 200), required: true),
                RecordField("decided_on", vi: "Ngày quyết định", en: "Decided on", .day, required: true),
                RecordField("decision_number", vi: "Số quyết định", en: "Decision number", .text(limit: 60)),
            ]
        case .cultivation:
            [
                RecordField("found_on", vi: "Ngày phát hiện", en: "Found on", .day, required: true),
                RecordField("place", vi: "Địa điểm", en: "Place", .text(limit: 200), required: true),
                RecordField("plant", vi: "Loại cây", en: "Plant", .choice(Self.plants), required: true),
                RecordField("area_m2", vi: "Diện tích", en: "Area", .quantity(unit: "m²")),
                RecordField("plants", vi: "Số cây", en: "Plants", .count),
                RecordField("destroyed_on", vi: "Ngày triệt phá", en: "Destroyed on", .day),
            ]
        case .propaganda:
            [
                RecordField("held_on", vi: "Ngày thực hiện", en: "Held on", .day, required: true),
                RecordField("organiser", vi: "Đơn vị thực hiện", en: "Organiser", .text(limit: 200), required: true),
                RecordField("kind", vi: "Hình thức", en: "Kind", .choice(Self.propagandaKinds), required: true),
                RecordField("reach", vi: "Số lượt người tham dự, tiếp cận", en: "People reached", .count),
                RecordField("products", vi: "Số tin, bài, sản phẩm", en: "Media products", .count),
                RecordField("note", vi: "Ghi chú", en: "Note", .text(limit: 500)),
            ]
        }
    }

    public func field(_ key: String) -> RecordField? { fields.first { $0.key == key } }

    static let routes = [
        RecordChoice("land_border", vi: "Qua biên giới đường bộ", en: "Across the land border"),
        RecordChoice("express", vi: "Qua dịch vụ chuyển phát", en: "Through express delivery"),
        RecordChoice("air", vi: "Đường hàng không", en: "By air"),
        RecordChoice("sea", vi: "Đường biển", en: "By sea"),
        RecordChoice("inland", vi: "Nội địa", en: "Inland"),
    ]
    static let drugTypes = [
        RecordChoice("heroin", vi: "Heroin", en: "Heroin"),
        RecordChoice("synthetic", vi: "Ma túy tổng hợp", en: "Synthetic drugs"),
        RecordChoice("cannabis", vi: "Cần sa", en: "Cannabis"),
        RecordChoice("other", vi: "Loại khác", en: "Other"),
    ]
    static let leadRoutes = [
        RecordChoice("border", vi: "Qua đường biên giới", en: "Across the border"),
        RecordChoice("express", vi: "Qua chuyển phát nhanh", en: "Through express delivery"),
    ]
    static let leadOutcomes = [
        RecordChoice("offence", vi: "Có dấu hiệu tội phạm, đã chuyển xử lý", en: "An offence, taken further"),
        RecordChoice("no_offence", vi: "Không có dấu hiệu tội phạm", en: "No offence"),
        RecordChoice("transferred", vi: "Chuyển cơ quan có thẩm quyền", en: "Passed to the competent body"),
    ]
    static let hotspotKinds = [
        RecordChoice("point", vi: "Điểm", en: "Point"),
        RecordChoice("cluster", vi: "Tụ điểm", en: "Cluster"),
    ]
    static let keyClasses = [
        RecordChoice("none", vi: "Không phải xã trọng điểm", en: "Not a key commune"),
        RecordChoice("class1", vi: "Trọng điểm loại I", en: "Key commune, class I"),
        RecordChoice("class2", vi: "Trọng điểm loại II", en: "Key commune, class II"),
        RecordChoice("class3", vi: "Trọng điểm loại III", en: "Key commune, class III"),
    ]
    static let plants = [
        RecordChoice("cannabis", vi: "Cây cần sa", en: "Cannabis"),
        RecordChoice("poppy", vi: "Cây thuốc phiện", en: "Opium poppy"),
        RecordChoice("coca", vi: "Cây côca", en: "Coca"),
        RecordChoice("other", vi: "Cây khác có chứa chất ma túy", en: "Other"),
    ]
    static let propagandaKinds = [
        RecordChoice("meeting", vi: "Hội nghị, buổi tuyên truyền trực tiếp", en: "Meeting or talk"),
        RecordChoice("media", vi: "Tin, bài, sản phẩm truyền thông", en: "Media products"),
        RecordChoice("campaign", vi: "Đợt cao điểm, mít tinh, cổ động", en: "Campaign or rally"),
        RecordChoice("other", vi: "Hình thức khác", en: "Other"),
    ]

    // MARK: Reading input

    /// Reads a record from what was written in a form or a row of a file (by field key), in the canonical form the
    /// registry keeps (``RegistryRecordFields``), with every problem named by its field.
    ///
    /// - Days: dd/mm/yyyy or yyyy-mm-dd, a real day not after `today`; a stage's day not before the record's own day,
    ///   and the stages of a case, the elimination and re-forming of a hotspot, in their order.
    /// - Counts: whole numbers from 0 to ``maximumCount``; quantities: numbers from 0 to ``maximumQuantity``; both
    ///   written as pcmt's Vietnamese pages write them (``ValueText``, `Language.vi`: "1.250" is 1250, "12,5" is 12.5).
    /// - Choices: the code or the name as shown, without regard to accents or case.
    /// - Flags: "1", "x", "có", "yes", "true" for yes; empty, "0", "không", "no", "false" for no.
    public func read(_ raw: [String: String], today: String) -> (fields: [String: String], problems: [FieldProblem]) {
        var fields: [String: String] = [:]
        var problems: [FieldProblem] = []
        for field in self.fields {
            let written = (raw[field.key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            let name = field.vi
            func problem(_ vi: String, _ en: String) {
                problems.append(FieldProblem(field: field.key, en: "\(field.en): \(en)", vi: "\(name): \(vi)"))
            }
            if written.isEmpty {
                if field.required {
                    problem("bắt buộc nhập.", "required.")
                } else if field.kind == .flag {
                    fields[field.key] = "0"
                }
                continue
            }
            switch field.kind {
            case .day:
                guard let day = OfficialDate.iso(written: written) else {
                    problem("“\(written)” không phải là một ngày có thật (dd/mm/yyyy).", "“\(written)” is not a real day (dd/mm/yyyy).")
                    continue
                }
                guard day <= today else {
                    problem("không được sau ngày hôm nay.", "not after today.")
                    continue
                }
                guard day >= "2000-01-01" else {
                    problem("không được trước năm 2000.", "not before 2000.")
                    continue
                }
                fields[field.key] = day
            case .year:
                guard written.count == 4, let year = Int(written), year >= 2000, year <= Int(today.prefix(4)) ?? 0 else {
                    problem("năm viết 4 chữ số, từ 2000 đến năm nay.", "a year of 4 digits, from 2000 to this year.")
                    continue
                }
                fields[field.key] = String(year)
            case .count:
                // Numbers as pcmt's Vietnamese pages write them (``ValueText``): "1.250" is one thousand two hundred and
                // fifty, never 1.25 read short.
                guard case .success(let reading?) = ValueText.read(written, notation: .vi), reading.decimals == 0,
                    reading.value >= 0, reading.value <= Self.maximumCount, reading.value == reading.value.rounded()
                else {
                    problem(
                        "“\(written)” phải là số nguyên từ 0 đến \(ValueText.write(Self.maximumCount, .vi)) (viết như 1.250).",
                        "“\(written)” must be a whole number from 0 to \(ValueText.write(Self.maximumCount, .en)).")
                    continue
                }
                fields[field.key] = Self.numberText(reading.value)
            case .quantity(let unit):
                switch ValueText.read(written, notation: .vi) {
                case .success(let reading?) where reading.value >= 0 && reading.value <= Self.maximumQuantity:
                    fields[field.key] = Self.numberText(reading.value)
                case .failure(.otherNotation):
                    problem(
                        "“\(written)” viết dấu phẩy trước phần thập phân và dấu chấm giữa các nhóm nghìn (như 1.250,5 \(unit)).",
                        "“\(written)”: write the Vietnamese way, a comma before the decimals (1.250,5 \(unit)).")
                default:
                    problem(
                        "“\(written)” phải là số từ 0 đến \(ValueText.write(Self.maximumQuantity, .vi)) (\(unit)).",
                        "“\(written)” must be a number from 0 to \(ValueText.write(Self.maximumQuantity, .en)) (\(unit)).")
                }
            case .choice(let choices):
                let folded = written.foldedForSearch
                guard let choice = choices.first(where: { $0.code == written || $0.vi.foldedForSearch == folded || $0.en.lowercased() == folded })
                else {
                    let allowed = choices.map(\.vi).joined(separator: "; ")
                    problem("“\(written)” không có trong danh sách (\(allowed)).", "“\(written)” is not one of the list.")
                    continue
                }
                fields[field.key] = choice.code
            case .flag:
                switch written.foldedForSearch {
                case "1", "x", "co", "yes", "true", "on": fields[field.key] = "1"
                case "0", "khong", "no", "false", "off": fields[field.key] = "0"
                default: problem("ghi “có” hoặc “không”.", "write “yes” or “no”.")
                }
            case .text(let limit):
                guard written.count <= limit else {
                    problem("dài tối đa \(limit) ký tự.", "at most \(limit) characters.")
                    continue
                }
                guard !written.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                    problem("có ký tự điều khiển.", "has control characters.")
                    continue
                }
                fields[field.key] = written
            }
        }
        problems += orderProblems(fields, alreadyWrong: Set(problems.map(\.field)))
        return (fields, problems)
    }

    /// The largest count a field takes (people, plants, products in one record).
    public static let maximumCount: Double = 10_000_000
    /// The largest quantity a field takes (m², grams in one record).
    public static let maximumQuantity: Double = 1_000_000_000

    /// "12" for 12.0, "12.5" for 12.5.
    static func numberText(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
    }

    /// Days that must come in order, as (earlier, later) keys: a later day present must not be before the earlier one.
    var orderedDays: [(String, String)] {
        switch self {
        case .drugCases:
            [("detected_on", "prosecuted_on"), ("prosecuted_on", "indicted_on"), ("indicted_on", "tried_on"), ("detected_on", "resolved_on")]
        case .traffickingLeads: [("received_on", "verified_on")]
        case .hotspots: [("found_on", "eliminated_on"), ("eliminated_on", "reformed_on"), ("reformed_on", "eliminated_again_on")]
        case .communeSituation, .propaganda: []
        case .cultivation: [("found_on", "destroyed_on")]
        }
    }

    func orderProblems(_ fields: [String: String], alreadyWrong: Set<String>) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        func add(_ key: String, vi: String, en: String) {
            guard !alreadyWrong.contains(key), !problems.contains(where: { $0.field == key }), let field = field(key) else { return }
            problems.append(FieldProblem(field: key, en: "\(field.en): \(en)", vi: "\(field.vi): \(vi)"))
        }
        for (earlierKey, laterKey) in orderedDays {
            guard let later = fields[laterKey], let earlier = fields[earlierKey], let earlierField = field(earlierKey) else { continue }
            if later < earlier {
                add(
                    laterKey, vi: "không được trước \(earlierField.vi.lowercased()) (\(OfficialDate.short(earlier))).",
                    en: "not before \(earlierField.en.lowercased()) (\(OfficialDate.short(earlier))).")
            }
        }
        switch self {
        case .traffickingLeads:
            if fields["verified_on"] != nil, fields["outcome"] == nil {
                add("outcome", vi: "nêu kết quả khi đã có ngày xác minh.", en: "give the outcome once verified.")
            }
            if fields["outcome"] != nil, fields["verified_on"] == nil {
                add("verified_on", vi: "nêu ngày xác minh khi đã có kết quả.", en: "give the day verified with the outcome.")
            }
        case .hotspots:
            if fields["reformed_on"] != nil, fields["eliminated_on"] == nil {
                add("reformed_on", vi: "chỉ tái hình thành sau khi đã triệt xóa.", en: "only after being eliminated.")
            }
            if fields["eliminated_again_on"] != nil, fields["reformed_on"] == nil {
                add("eliminated_again_on", vi: "chỉ triệt xóa lại sau khi tái hình thành.", en: "only after re-forming.")
            }
        case .cultivation:
            if fields["area_m2"] == nil, fields["plants"] == nil {
                add("area_m2", vi: "nêu diện tích hoặc số cây.", en: "give the area or the number of plants.")
            }
        case .communeSituation:
            if let year = fields["year"], let decided = fields["decided_on"], decided.prefix(4) < year {
                add("decided_on", vi: "không được trước năm được đánh giá (\(year)).", en: "not before the year assessed (\(year)).")
            }
        case .propaganda:
            if fields["kind"] == "media", fields["products"] == nil {
                add("products", vi: "nêu số tin, bài, sản phẩm.", en: "give the number of products.")
            }
        case .drugCases:
            if fields["tried_on"] != nil, fields["indicted_on"] == nil {
                add("indicted_on", vi: "nêu ngày truy tố khi đã xét xử.", en: "give the day indicted once tried.")
            }
        }
        return problems
    }

    /// The value of `field` in `record` as a list or a form shows it: a day dd/mm/yyyy, a choice by its name, a flag
    /// "Có"/"Không", a quantity with its unit; "" for none.
    public func display(_ field: RecordField, in fields: [String: String], language: Language = .vi) -> String {
        guard let value = fields[field.key], !value.isEmpty else { return "" }
        switch field.kind {
        case .day: return OfficialDate.short(value)
        case .choice(let choices): return choices.first { $0.code == value }?.name(language) ?? value
        case .flag: return value == "1" ? (language == .vi ? "Có" : "Yes") : (language == .vi ? "Không" : "No")
        case .quantity(let unit): return "\(Double(value).map { ValueText.write($0, language) } ?? value) \(unit)"
        case .count: return Double(value).map { ValueText.write($0, language) } ?? value
        case .text, .year: return value
        }
    }

    /// A record's fields as a form shows them to be typed again: numbers in Vietnamese notation (``ValueText``, "1,125"
    /// for 1.125 g, "1.000" for 1000), which ``read(_:today:)`` reads back to the same fields; days, choices, flags and
    /// texts as kept. Saving an untouched form changes nothing.
    public func written(_ fields: [String: String]) -> [String: String] {
        var written = fields
        for field in self.fields {
            guard let value = fields[field.key], !value.isEmpty, let number = Double(value) else { continue }
            switch field.kind {
            case .count, .quantity: written[field.key] = ValueText.write(number, .vi)
            default: break
            }
        }
        return written
    }

    /// What makes two records the same record, so that an import or a form never enters one twice unnoticed (issue
    /// 17: duplicates shown, never merged): a case by its case number within the province, a hotspot by its name and
    /// place with its day found, a commune's situation by its year (one decision per commune and year; a later
    /// decision replaces the record's fields, it is not a second record); nil when the registry has no such key or the
    /// record lacks it. Compared without regard to accents, case or spacing.
    public func matchKey(_ fields: [String: String]) -> String? {
        func folded(_ text: String) -> String {
            text.foldedForSearch.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        switch self {
        case .drugCases: return fields["case_number"].map(folded).flatMap { $0.isEmpty ? nil : "case \($0)" }
        case .hotspots:
            guard let label = fields["label"], let day = fields["found_on"] else { return nil }
            return "hotspot \(folded(label)) \(day)"
        case .communeSituation: return fields["year"].map { "year \($0)" }
        case .traffickingLeads, .cultivation, .propaganda: return nil
        }
    }

    /// Whether records with the same ``matchKey(_:)`` clash across the whole province (a case number) rather than
    /// within the commune only.
    public var matchesAcrossProvince: Bool { self == .drugCases }

    // MARK: Counting

    /// The data elements the registry yields, in the order shown; every code is one of Kế hoạch 3959's elements or of
    /// its successor's (the built-in plans), each yielded by one registry only (``RegistryYields``).
    ///
    /// - Drug cases — flows by the detection day unless said: `drug_cases_detected` by main drug type (categories
    ///   `heroin`, `synthetic`, `cannabis`, `other`); `drug_cases_border_express`, cases whose route is across a border
    ///   (land, air, sea) or through express delivery; `drug_cases_cyberspace`, cases using cyberspace;
    ///   `drug_offenders_arrested`, suspects by sex (`male`, `female`); `court_cases_received`, by the day indicted
    ///   (the court receives the case); `court_cases_resolved`, by the day resolved.
    /// - Trafficking leads: `trafficking_leads` by route (`border`, `express`) by the day received;
    ///   `trafficking_leads_verified` by the day verified.
    /// - Hotspots: `hotspots_existing`, a stock on the period's last day (found, and not eliminated since, or re-formed
    ///   since and not eliminated again); `hotspots_new`, found or re-formed within the period; `hotspots_eliminated`,
    ///   eliminated or eliminated again within the period.
    /// - Communes' situation: `commune_drug_free`, a stock: 1 when the latest decision made by the period's last day
    ///   (the latest year assessed first) says drug-free, else 0.
    /// - Cultivation: `cultivation_found_m2`, the area found within the period; `cultivation_destroyed_m2` and
    ///   `cultivation_plants_destroyed`, by the day destroyed.
    /// - Propaganda: `commune_propaganda`, a flag: 1 when the commune held any activity within the period;
    ///   `media_products`, the products of media activities within the period.
    public var elements: [String] {
        switch self {
        case .drugCases:
            [
                "drug_cases_detected", "drug_cases_border_express", "drug_cases_cyberspace", "drug_offenders_arrested",
                "court_cases_received", "court_cases_resolved",
            ]
        case .traffickingLeads: ["trafficking_leads", "trafficking_leads_verified"]
        case .hotspots: ["hotspots_existing", "hotspots_new", "hotspots_eliminated"]
        case .communeSituation: ["commune_drug_free"]
        case .cultivation: ["cultivation_found_m2", "cultivation_destroyed_m2", "cultivation_plants_destroyed"]
        case .propaganda: ["commune_propaganda", "media_products"]
        }
    }

    /// The categories each element is broken down by ("" for none), as in the plans' definitions.
    public func categories(of element: String) -> [String] {
        switch element {
        case "drug_cases_detected": Self.drugTypes.map(\.code)
        case "drug_offenders_arrested": ["male", "female"]
        case "trafficking_leads": Self.leadRoutes.map(\.code)
        default: [""]
        }
    }

    /// Every value the registry yields from `records` (those of one commune) for `period`, zeros included, keyed by
    /// element and category. A year's flows are its two halves' sum and its stocks those of 31/12.
    public func values(of records: [RegistryRecordFields], period: Period) -> [DataValueKey: Double] {
        let (first, last) = DataValueRules.days(of: period)
        var counts: [DataValueKey: Double] = [:]
        for element in elements {
            for category in categories(of: element) { counts[DataValueKey(element: element, category: category)] = 0 }
        }
        func add(_ element: String, _ category: String = "", _ amount: Double = 1) {
            counts[DataValueKey(element: element, category: category), default: 0] += amount
        }
        switch self {
        case .drugCases:
            for record in records {
                if record.day("detected_on", within: first, last) {
                    add("drug_cases_detected", record["drug_type"] ?? "other")
                    if let route = record["route"], route != "inland" { add("drug_cases_border_express") }
                    if record["cyberspace"] == "1" { add("drug_cases_cyberspace") }
                    add("drug_offenders_arrested", "male", record.number("suspects_male"))
                    add("drug_offenders_arrested", "female", record.number("suspects_female"))
                }
                if record.day("indicted_on", within: first, last) { add("court_cases_received") }
                if record.day("resolved_on", within: first, last) { add("court_cases_resolved") }
            }
        case .traffickingLeads:
            for record in records {
                if record.day("received_on", within: first, last) { add("trafficking_leads", record["route"] ?? "border") }
                if record.day("verified_on", within: first, last) { add("trafficking_leads_verified") }
            }
        case .hotspots:
            for record in records {
                if Self.hotspotExists(record, on: last) { add("hotspots_existing") }
                for key in ["found_on", "reformed_on"] where record.day(key, within: first, last) { add("hotspots_new") }
                for key in ["eliminated_on", "eliminated_again_on"] where record.day(key, within: first, last) { add("hotspots_eliminated") }
            }
        case .communeSituation:
            let latest =
                records
                .filter { $0.day("decided_on", onOrBefore: last) && ($0["year"] ?? "") <= String(period.lastYear) }
                .max { (($0["year"] ?? ""), ($0["decided_on"] ?? "")) < (($1["year"] ?? ""), ($1["decided_on"] ?? "")) }
            if latest?["drug_free"] == "1" { add("commune_drug_free") }
        case .cultivation:
            for record in records {
                if record.day("found_on", within: first, last) { add("cultivation_found_m2", "", record.number("area_m2")) }
                if record.day("destroyed_on", within: first, last) {
                    add("cultivation_destroyed_m2", "", record.number("area_m2"))
                    add("cultivation_plants_destroyed", "", record.number("plants"))
                }
            }
        case .propaganda:
            let held = records.filter { $0.day("held_on", within: first, last) }
            if !held.isEmpty { add("commune_propaganda") }
            for record in held where record["kind"] == "media" { add("media_products", "", record.number("products")) }
        }
        return counts
    }

    /// Whether a hotspot exists at the end of `day`: found by then, and neither eliminated by then nor re-formed and
    /// not eliminated again by then.
    public static func hotspotExists(_ record: RegistryRecordFields, on day: String) -> Bool {
        guard record.day("found_on", onOrBefore: day) else { return false }
        guard record.day("eliminated_on", onOrBefore: day) else { return true }
        guard record.day("reformed_on", onOrBefore: day) else { return false }
        return !record.day("eliminated_again_on", onOrBefore: day)
    }

    /// The earliest day of `fields` that counting uses (the record's own day, or an earlier stage for badly ordered
    /// input already refused): the day from which a change of the record can move derived values.
    public func earliestDay(_ fields: [String: String]) -> String? {
        let days = self.fields.filter { $0.kind == .day }.compactMap { fields[$0.key] }.filter { !$0.isEmpty }
        let year = fields["year"].map { "\($0)-01-01" }
        return (days + [year].compactMap { $0 }).min()
    }
}

/// Which registry yields which element: the one table the typed/derived choice, the entry form, the reconciliation
/// and the board read (issue 17, item 1).
public enum RegistryYields {
    /// Every element a registry yields, with its source, in the order shown: the registry of people first.
    public static let all: [(element: String, source: ValueSource)] =
        PeopleRegistryTotals.elements.map { ($0, ValueSource.peopleRegistry) }
        + RecordRegistry.allCases.flatMap { registry in registry.elements.map { ($0, registry.source) } }

    /// The source that can yield `element`, nil when no registry does.
    public static func source(of element: String) -> ValueSource? { all.first { $0.element == element }?.source }

    /// The elements `source` yields.
    public static func elements(of source: ValueSource) -> [String] { all.filter { $0.source == source }.map(\.element) }

    /// The categories of a derived element's values.
    public static func categories(of element: String) -> [String] {
        switch source(of: element) {
        case .peopleRegistry: PeopleRegistryTotals.categories(of: element)
        case .some(let source): source.registry?.categories(of: element) ?? [""]
        case nil: [""]
        }
    }
}
