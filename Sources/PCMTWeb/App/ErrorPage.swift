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
        return [
            h("h1", [:], "\(status.code) · \(title)"),
            h("p", [:], reason),
            h("p", [:], link(SiteURL.home().path, t("Back to the home page", "Về trang chủ"))),
        ]
    }
}
