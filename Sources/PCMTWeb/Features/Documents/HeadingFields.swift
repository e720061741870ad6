import PCMTDomain

/// The form fields of a document's heading (issuer, number, place, date, signer, recipients), named "h_<key>".
enum HeadingFields {
    static func label(_ key: String, t: Localizer) -> String {
        switch key {
        case "parentBody": t("Parent body (optional)", "Cơ quan chủ quản (nếu có)")
        case "issuer": t("Issuing body (one line per printed line)", "Cơ quan ban hành (mỗi dòng in một dòng)")
        case "number": t("Number and symbol", "Số, ký hiệu")
        case "place": t("Place", "Địa danh")
        case "date": t("Date of issue (empty: filled in by hand at signing)", "Ngày ban hành (để trống: ghi tay khi ký)")
        case "addressee": t("Addressed to (optional)", "Kính gửi (nếu có)")
        case "signerCapacity":
            t(
                "Signing on behalf (one per line, e.g. TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH)",
                "Thẩm quyền ký (mỗi dòng một dòng, ví dụ TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH)")
        case "signerTitle": t("Signer's title", "Chức vụ người ký")
        case "signerName": t("Signer's name", "Họ tên người ký")
        case "recipients": t("Recipients (one per line)", "Nơi nhận (mỗi dòng một nơi)")
        default: key
        }
    }

    static func inputs(_ heading: DocumentHeading, problems: [FieldProblem], t: Localizer) -> Node {
        let values = heading.fieldValues
        func error(_ key: String) -> String? { problems.first { $0.field == key }?.message(t.language) }
        return .group(
            DocumentHeading.fieldKeys.map { key in
                switch key {
                case "issuer", "parentBody", "signerCapacity":
                    Forms.textarea(
                        label(key, t: t), name: "h_\(key)", value: values[key] ?? "", rows: 2, error: error(key), required: key == "issuer")
                case "recipients":
                    Forms.textarea(label(key, t: t), name: "h_\(key)", value: values[key] ?? "", rows: 5, error: error(key))
                case "date":
                    Forms.field(label(key, t: t), name: "h_\(key)", value: values[key] ?? "", type: "date", error: error(key))
                default:
                    Forms.field(
                        label(key, t: t), name: "h_\(key)", value: values[key] ?? "", error: error(key),
                        required: key == "place" || key == "signerTitle")
                }
            })
    }

    static func heading(from form: [String: String]) -> DocumentHeading {
        DocumentHeading(fields: Dictionary(uniqueKeysWithValues: DocumentHeading.fieldKeys.map { ($0, form["h_\($0)"] ?? "") }))
    }

    /// Labels for the error summary, by the field names problems use.
    static func labels(t: Localizer) -> [String: String] {
        Dictionary(uniqueKeysWithValues: DocumentHeading.fieldKeys.map { ("h_\($0)", label($0, t: t)) })
    }

    /// Problems renamed to the form's field names, so that the summary links reach the inputs.
    static func formProblems(_ problems: [FieldProblem]) -> [FieldProblem] {
        problems.map { FieldProblem(field: "h_\($0.field)", en: $0.messageEn, vi: $0.messageVi) }
    }
}
