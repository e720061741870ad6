import Vapor

/// The page shown when something is not found or goes wrong, in the visitor's language.
enum ErrorPage {
    static func view(status: HTTPResponseStatus, reason: String, t: Localizer) -> [Node] {
        let title: String =
            switch status.code {
            case 404: t("Not found", "Không tìm thấy")
            case 403: t("Not allowed", "Không có quyền")
            case 409: t("Changed meanwhile", "Đã bị thay đổi")
            case 423: t("Locked", "Đã khóa")
            case 429: t("Too many attempts", "Quá nhiều lần thử")
            case 400..<500: t("The request cannot be served", "Yêu cầu không hợp lệ")
            default: t("Something went wrong", "Đã có lỗi xảy ra")
            }
        // The framework's bare reason phrase ("Not Found") says nothing a person can act on, and not in their language.
        let said =
            reason == status.reasonPhrase
            ? (status.code == 404
                ? t(
                    "There is no page at this address. Check the link, or start again from the home page.",
                    "Không có trang nào ở địa chỉ này. Hãy kiểm tra lại đường dẫn hoặc bắt đầu từ trang chủ.")
                : t("The request cannot be served as it is.", "Không thể đáp ứng yêu cầu này."))
            : reason
        return [
            h("h1", [:], "\(status.code) · \(title)"),
            h("p", [:], said),
            h("p", [:], link(SiteURL.home().path, t("Back to the home page", "Về trang chủ"))),
        ]
    }
}
