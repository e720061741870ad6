import Foundation
import PCMTDomain
import PCMTReports
import PCMTStore
import Vapor

/// The standing office's full export of a commune's register (issue 17, ``Capability/exportPeople``): for a purpose
/// given, one audited export (``PeopleRegistryStore/exportRecords(communeCode:purpose:context:)``) and a workbook
/// whose every sheet begins with the marking of sensitive personal data, who exported it, when, and why.
extension RegistryRoutes {
    struct ExportForm: Content {
        var purpose: String?
    }

    /// The line every sheet of the export begins with.
    static func marking(username: String, at time: Date, purpose: String) -> String {
        "MẬT — DỮ LIỆU CÁ NHÂN NHẠY CẢM (Nghị định 13/2023/NĐ-CP; Luật Bảo vệ dữ liệu cá nhân 2025). Xuất bởi \(username) lúc "
            + "\(DateText.dateTime(time)), mục đích: \(purpose). Không sao chép, chuyển giao."
    }

    func export(_ request: Request) async throws -> Response {
        let context = PageContext(request)
        let commune = try await RegistryQueries.commune(context.query, code: request.parameters.get("communeCode"))
        guard try await context.query.allows(.exportPeople, at: commune.unit) else {
            throw PageError.forbidden(
                context.t(
                    "Only the standing office of the commune's province exports its register.",
                    "Chỉ Thường trực Ban chỉ đạo của tỉnh được xuất sổ của xã, phường này."))
        }
        let purpose = ((try? request.content.decode(ExportForm.self))?.purpose ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let records: [PersonRecord]
        do {
            records = try await store(request).exportRecords(communeCode: commune.unit.code, purpose: purpose, context: request.changeContext)
        } catch PeopleRegistryError.problems(let problems) {
            return try await listPage(
                request, commune: commune, warning: problems.map { $0.message(context.t.language) }.joined(separator: " "),
                status: .unprocessableEntity)
        }
        let marking = Self.marking(username: try context.principal.displayName, at: context.clock.now, purpose: purpose)
        let labels = try await RegistryQueries.labels(
            context.query, codes: records.compactMap(\.transferTo) + records.flatMap { $0.history.map(\.code) })
        let workbook = Spreadsheet(sheets: Self.exportSheets(records, commune: commune, marking: marking, labels: labels))
        var response = Download(.xlsx, name: "pcmt-so-quan-ly-\(commune.unit.code)", data: try XLSXWriter.data(workbook)).response
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    static func day(_ iso: String?) -> String {
        guard let iso, !iso.isEmpty else { return "" }
        return iso.count == 4 ? iso : OfficialDate.short(iso)
    }

    /// What an event of the history is, in Vietnamese.
    static let eventNames: [String: String] = [
        PersonEvent.Kind.registered.rawValue: "Đăng ký vào sổ", PersonEvent.Kind.service.rawValue: "Dịch vụ",
        PersonEvent.Kind.transferRequested.rawValue: "Đề nghị chuyển hồ sơ", PersonEvent.Kind.transferAccepted.rawValue: "Tiếp nhận hồ sơ",
        PersonEvent.Kind.closed.rawValue: "Đóng hồ sơ",
    ]

    /// Two sheets, both marked: the records (one a row) and their histories (one event a row, with the record's number).
    static func exportSheets(
        _ records: [PersonRecord], commune: RegistryQueries.Commune, marking: String, labels: [String: String]
    ) -> [Spreadsheet.Sheet] {
        let titles = [
            Spreadsheet.Title(marking), Spreadsheet.Title("Sổ quản lý người sử dụng trái phép chất ma túy, người nghiện — \(commune.label)"),
        ]
        let people = Spreadsheet.Sheet(
            name: "Hồ sơ", titles: titles,
            header: [
                "STT", "Họ và tên", "Tên gọi khác", "Giới tính", "Ngày sinh", "Số CCCD/CMND", "Địa chỉ", "Tình trạng", "Ngày xác định",
                "Cơ quan xác định", "Ngày bắt đầu quản lý", "Đang chuyển đến", "Ngày đóng hồ sơ", "Lý do đóng",
            ],
            rows: records.enumerated().map { index, record in
                [
                    .number(Double(index + 1)), .text(record.identity.fullName), .text(record.identity.otherNames),
                    .text(record.identity.sex.name(.vi)), .text(day(record.identity.birth)), .text(record.identity.idNumber ?? ""),
                    .text(record.identity.address), .text(record.status.name(.vi)), .text(day(record.statusOn)), .text(record.statusBody),
                    .text(day(record.managedFrom)), .text(record.transferTo.map { labels[$0] ?? $0 } ?? ""), .text(day(record.closedOn)),
                    .text(record.closing?.name(.vi) ?? ""),
                ]
            },
            widths: [6, 26, 16, 9, 12, 15, 30, 30, 13, 26, 13, 20, 13, 20])
        var events: [[Spreadsheet.Cell]] = []
        for (index, record) in records.enumerated() {
            for event in record.history {
                let code: String =
                    switch event.kind {
                    case .service: PersonServiceKind(rawValue: event.code)?.name(.vi) ?? event.code
                    case .closed: PersonClosing(rawValue: event.code)?.name(.vi) ?? event.code
                    default: event.code.isEmpty ? "" : "\(labels[event.code] ?? event.code) (\(event.code))"
                    }
                events.append([
                    .number(Double(index + 1)), .text(record.identity.fullName), .text(eventNames[event.kind.rawValue] ?? event.kind.rawValue),
                    .text(day(event.on)), .text(code), .text(event.note), .text(event.recordedBy),
                ])
            }
        }
        let history = Spreadsheet.Sheet(
            name: "Lịch sử", titles: titles, header: ["STT hồ sơ", "Họ và tên", "Sự kiện", "Ngày", "Nội dung", "Ghi chú", "Người ghi"],
            rows: events, widths: [9, 26, 22, 12, 30, 40, 16])
        return [people, history]
    }
}
