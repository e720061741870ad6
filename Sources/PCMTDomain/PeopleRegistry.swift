import Foundation

/// The registry of people under management (issue 17; Kế hoạch 3959, nhiệm vụ trọng tâm 4 and giải pháp 3: "rà soát,
/// thống kê, lập danh sách chính xác người nghiện và người sử dụng trái phép chất ma túy"): who a person is, what
/// was determined about them and by whom, and the record's life in a commune. The identity is sensitive personal
/// data (Nghị định 13/2023/NĐ-CP, Điều 2 khoản 4; from 01/01/2026 Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15): the store seals it, and nothing here is stored as is.

/// What a competent body determined (Luật Phòng, chống ma túy 2021, Điều 2 khoản 11 and 13; Điều 23 and 27).
public enum DrugUseStatus: String, Codable, Sendable, CaseIterable {
    case illicitUser = "illicit_user"
    case addict

    public func name(_ language: Language) -> String {
        switch (self, language) {
        case (.illicitUser, .vi): "Người sử dụng trái phép chất ma túy"
        case (.illicitUser, .en): "Illicit drug user"
        case (.addict, .vi): "Người nghiện ma túy"
        case (.addict, .en): "Drug addict"
        }
    }
}

public enum PersonSex: String, Codable, Sendable, CaseIterable {
    case male, female

    public func name(_ language: Language) -> String {
        switch (self, language) {
        case (.male, .vi): "Nam"
        case (.male, .en): "Male"
        case (.female, .vi): "Nữ"
        case (.female, .en): "Female"
        }
    }
}

/// Who a person is, as the commune wrote it. Every field is sealed when stored; the ID number is also kept as a
/// keyed digest, by which the same person is found anywhere in the province.
public struct PersonIdentity: Sendable, Equatable, Codable {
    public var fullName: String
    /// Other names the person is known by, as written ("" for none).
    public var otherNames: String
    public var sex: PersonSex
    /// The day of birth "yyyy-mm-dd", or the year alone "yyyy" when only that is known.
    public var birth: String
    /// The CCCD or CMND number as written (``PersonalIDNumber``), nil when the person has none or it is not known.
    public var idNumber: String?
    /// The address of residence within the commune.
    public var address: String

    public init(fullName: String, otherNames: String = "", sex: PersonSex, birth: String, idNumber: String?, address: String) {
        self.fullName = fullName; self.otherNames = otherNames; self.sex = sex; self.birth = birth; self.idNumber = idNumber
        self.address = address
    }

    /// The year of birth (the first four digits of `birth`).
    public var birthYear: Int? { Int(birth.prefix(4)) }
}

/// A person entered in a commune's registry: the identity, the commune of residence (which keeps the record), and
/// the status with the day and the body that determined it.
public struct PersonRegistration: Sendable, Equatable {
    public var identity: PersonIdentity
    public var communeCode: String
    public var status: DrugUseStatus
    /// The day the status was determined, "yyyy-mm-dd".
    public var statusOn: String
    /// The body that determined it ("Công an xã …", "Trạm y tế xã …").
    public var statusBody: String
    /// The day management began, "yyyy-mm-dd".
    public var managedFrom: String

    public init(
        identity: PersonIdentity, communeCode: String, status: DrugUseStatus, statusOn: String, statusBody: String, managedFrom: String
    ) {
        self.identity = identity; self.communeCode = communeCode; self.status = status; self.statusOn = statusOn
        self.statusBody = statusBody; self.managedFrom = managedFrom
    }
}

/// Why a record was closed (issue 17: "closing (death, moved away, end of management)").
public enum PersonClosing: String, Codable, Sendable, CaseIterable {
    case death
    case movedAway = "moved_away"
    case managementEnded = "management_ended"

    public func name(_ language: Language) -> String {
        switch (self, language) {
        case (.death, .vi): "Chết"
        case (.death, .en): "Death"
        case (.movedAway, .vi): "Chuyển đi nơi khác"
        case (.movedAway, .en): "Moved away"
        case (.managementEnded, .vi): "Hết thời hạn quản lý"
        case (.managementEnded, .en): "End of management"
        }
    }
}

/// The checks of a registration before anything is stored, each naming its field; `today` is the province's day
/// ("yyyy-mm-dd"): nothing is determined, begun or born after it.
public enum PeopleRegistryRules {
    public static func problems(_ registration: PersonRegistration, today: String) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        let identity = registration.identity
        let name = identity.fullName.trimmingCharacters(in: .whitespaces)
        if name.isEmpty {
            problems.append(FieldProblem(field: "fullName", en: "Required.", vi: "Bắt buộc nhập họ và tên."))
        } else if name.count > 120 {
            problems.append(FieldProblem(field: "fullName", en: "At most 120 characters.", vi: "Họ và tên dài tối đa 120 ký tự."))
        }
        if identity.otherNames.count > 200 {
            problems.append(FieldProblem(field: "otherNames", en: "At most 200 characters.", vi: "Tên gọi khác dài tối đa 200 ký tự."))
        }
        let birthProblem = birthProblem(identity.birth, today: today)
        if let birthProblem { problems.append(birthProblem) }
        if let number = identity.idNumber, !number.trimmingCharacters(in: .whitespaces).isEmpty {
            do { _ = try PersonalIDNumber.normalized(number) } catch {
                problems.append(FieldProblem(field: "idNumber", en: "The number \(error.messageEn)", vi: "Số giấy tờ \(error.messageVi)"))
            }
        }
        if identity.address.count > 300 {
            problems.append(FieldProblem(field: "address", en: "At most 300 characters.", vi: "Địa chỉ dài tối đa 300 ký tự."))
        }
        for (field, day, vi) in [
            ("statusOn", registration.statusOn, "Ngày xác định"), ("managedFrom", registration.managedFrom, "Ngày bắt đầu quản lý"),
        ] {
            if OfficialDate(iso: day) == nil {
                problems.append(
                    FieldProblem(field: field, en: "A real day written yyyy-mm-dd.", vi: "\(vi) phải là một ngày có thật (năm-tháng-ngày)."))
            } else if day > today {
                problems.append(FieldProblem(field: field, en: "Not after today.", vi: "\(vi) không được sau ngày hôm nay."))
            } else if birthProblem == nil, day < identity.birth.prefix(day.count) {
                problems.append(FieldProblem(field: field, en: "Not before the day of birth.", vi: "\(vi) không được trước ngày sinh."))
            }
        }
        if registration.statusBody.trimmingCharacters(in: .whitespaces).isEmpty {
            problems.append(FieldProblem(field: "statusBody", en: "Name the body that determined it.", vi: "Nêu cơ quan xác định."))
        } else if registration.statusBody.count > 200 {
            problems.append(FieldProblem(field: "statusBody", en: "At most 200 characters.", vi: "Tên cơ quan dài tối đa 200 ký tự."))
        }
        return problems
    }

    /// "yyyy-mm-dd" or "yyyy", from 1900, not after today.
    static func birthProblem(_ birth: String, today: String) -> FieldProblem? {
        let isYear = birth.count == 4 && birth.allSatisfy { $0.isASCII && $0.isNumber } && (1900...9999).contains(Int(birth) ?? 0)
        guard isYear || OfficialDate(iso: birth) != nil else {
            return FieldProblem(
                field: "birth", en: "A day of birth yyyy-mm-dd, or the year alone.",
                vi: "Ngày sinh viết năm-tháng-ngày, hoặc chỉ năm sinh (4 chữ số).")
        }
        guard birth <= today.prefix(birth.count) else {
            return FieldProblem(field: "birth", en: "Not after today.", vi: "Ngày sinh không được sau ngày hôm nay.")
        }
        return nil
    }
}

/// A service a person received (issue 17: "counselling, rehabilitation by form: at home or in the community,
/// voluntary at a facility, compulsory; methadone/buprenorphine; reintegration support"; Luật Phòng, chống ma túy
/// 2021, Điều 28: the forms of rehabilitation).
public enum PersonServiceKind: String, Codable, Sendable, CaseIterable {
    case counselling
    case rehabHomeCommunity = "rehab_home_community"
    case rehabVoluntaryFacility = "rehab_voluntary_facility"
    case rehabCompulsory = "rehab_compulsory"
    case methadone
    case buprenorphine
    case reintegration

    public func name(_ language: Language) -> String {
        switch (self, language) {
        case (.counselling, .vi): "Tư vấn"
        case (.counselling, .en): "Counselling"
        case (.rehabHomeCommunity, .vi): "Cai nghiện tự nguyện tại gia đình, cộng đồng"
        case (.rehabHomeCommunity, .en): "Voluntary rehabilitation at home or in the community"
        case (.rehabVoluntaryFacility, .vi): "Cai nghiện tự nguyện tại cơ sở cai nghiện"
        case (.rehabVoluntaryFacility, .en): "Voluntary rehabilitation at a facility"
        case (.rehabCompulsory, .vi): "Cai nghiện bắt buộc"
        case (.rehabCompulsory, .en): "Compulsory rehabilitation"
        case (.methadone, .vi): "Điều trị bằng thuốc Methadone"
        case (.methadone, .en): "Methadone treatment"
        case (.buprenorphine, .vi): "Điều trị bằng thuốc Buprenorphine"
        case (.buprenorphine, .en): "Buprenorphine treatment"
        case (.reintegration, .vi): "Hỗ trợ hòa nhập cộng đồng"
        case (.reintegration, .en): "Reintegration support"
        }
    }
}
