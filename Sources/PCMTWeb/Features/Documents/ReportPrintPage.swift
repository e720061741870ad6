import Foundation
import PCMTReports

/// The province's report in its print layout (A4): the official document with a way back to editing on screen.
enum ReportPrintPage {
    struct Model {
        var roundID: UUID
        var document: OfficialDocument
    }

    static func view(_ model: Model, t: Localizer) -> [Node] {
        [
            h(
                "p", ["class": "kicker screen-only"],
                link(SiteURL.roundReport(.value(model.roundID)).path, t("Back to editing", "Quay lại chỉnh sửa"))),
            h(
                "p", ["class": "screen-only muted"],
                t("Print this page (Ctrl+P) on A4 for a paper or PDF copy.", "In trang này (Ctrl+P) khổ A4 để có bản giấy hoặc PDF.")),
            OfficialDocumentView.render(model.document),
        ]
    }
}
