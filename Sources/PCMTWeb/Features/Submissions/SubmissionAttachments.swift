import Foundation
import PCMTDomain
import PCMTReports
import PCMTStore
import Vapor

/// Files attached to a unit's report (pcmt issue 15, item 5): the signed scan (PDF) or the Word file the unit sent,
/// added from the report's page or the API, listed on the page and in its history, downloaded by whoever may read the
/// report.
///
/// Who may attach: whoever may edit the unit's report (``Capability/editSubmission`` at the unit): the unit's own
/// reporters and the standing office of its province (which receives the signed paper copy and may scan it in), in
/// any state of the report — an attachment changes neither its content nor its state. Who may download: whoever may
/// read the report (``Capability/readSubmission``). What the file is comes from its bytes (``AttachmentCheck``); the
/// name it was uploaded with is shown, never used: a download is named by pcmt.
struct SubmissionAttachmentRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post(.submissionAttachments(.key), .capability(.editSubmission), use: upload)
        routes.get(.submissionAttachment(.key, attachment: .key), .capability(.readSubmission), use: download)
        routes.get(.api(.submissionAttachments(.key)), .capability(.readSubmission), use: listJSON)
        routes.post(.api(.submissionAttachments(.key)), .capability(.editSubmission), use: uploadJSON)
        routes.get(.api(.submissionAttachment(.key, attachment: .key)), .capability(.readSubmission), use: download)
    }

    // MARK: Pages

    /// Adds the file of the form and goes back to the report; a refused file shows the page again with the reason
    /// beside the form (422), nothing saved.
    func upload(_ request: Request) async throws -> Response {
        let context = request.queryContext
        let t = context.t
        let loaded = try await SubmissionQueries.load(context, id: request.uuid("submissionID"))
        guard loaded.mayEdit else {
            throw Abort(
                .forbidden, reason: t("Only those who write this report attach files to it.", "Chỉ người lập báo cáo này mới đính kèm tệp."))
        }
        let form = AttachmentUpload.read(request)
        switch AttachmentUpload.check(form, language: t.language) {
        case .failure(let refusal):
            return try await SubmissionRoutes().page(
                request, loaded, status: .unprocessableEntity, attachmentProblem: refusal.message, attachmentNote: form.note)
        case .success(let checked):
            guard try await AttachmentUpload.save(checked, loaded, request) != nil else { throw Abort(.notFound) }
            return request.redirect(to: SiteURL.submission(.value(loaded.submission.id), .init("attached")).path, redirectType: .normal)
        }
    }

    /// The file as it was attached (page and API): named by pcmt, served as its kind, never shown inline, recorded as
    /// an export. An attachment of another report is not found.
    func download(_ request: Request) async throws -> Response {
        let context = request.isAPI ? request.apiQueryContext : request.queryContext
        let loaded = try await SubmissionQueries.load(context, id: request.uuid("submissionID"))
        guard let id = request.uuid("attachmentID"),
            let (attachment, content) = try await AttachmentStore(database: request.db).read(id: id, submissionID: loaded.submission.id)
        else {
            throw PageError.notFound(context.t("No such attachment to this report.", "Báo cáo này không có tệp đính kèm này."))
        }
        let name = "pcmt-dinh-kem-\(loaded.unit.code)-\(loaded.round.period)-\(attachment.sha256.prefix(8))"
        let response = try await request.download(
            Download(.attachment(attachment.kind), name: name, data: content),
            audit: AuditSubject(
                kind: .export, entity: "submission_attachment", entityID: attachment.id.uuidString, unitCode: loaded.unit.code,
                summary: "attachment \(attachment.fileName) of the report of \(loaded.unit.code) downloaded",
                after: ["sha256": attachment.sha256, "size": String(attachment.size)]))
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        return response
    }

    // MARK: API

    /// The report's attachments, oldest first.
    func listJSON(_ request: Request) async throws -> [AttachmentDTO] {
        let loaded = try await SubmissionQueries.load(request.apiQueryContext, id: request.uuid("submissionID"))
        return try await AttachmentStore(database: request.db).list(submissionID: loaded.submission.id).map { AttachmentDTO($0) }
    }

    /// Adds the multipart body's `file` (with an optional `note`): 201 with the attachment; 422 naming what is wrong
    /// with the file, 413 for a file over the limit.
    func uploadJSON(_ request: Request) async throws -> Response {
        let loaded = try await SubmissionQueries.load(request.apiQueryContext, id: request.uuid("submissionID"))
        let t = Localizer(request: request)
        guard loaded.mayEdit else {
            throw Abort(
                .forbidden, reason: t("This token may not attach files to this report.", "Mã truy cập này không được đính kèm tệp vào báo cáo này."))
        }
        guard request.headers.contentType == .formData else {
            throw Abort(
                .unsupportedMediaType,
                reason: t(
                    "Send the file as multipart/form-data, in a part named file.",
                    "Hãy gửi tệp dạng multipart/form-data, trong phần tên là file."))
        }
        let form = AttachmentUpload.read(request)
        switch AttachmentUpload.check(form, language: t.language) {
        case .failure(let refusal): throw Abort(refusal.tooLarge ? .payloadTooLarge : .unprocessableEntity, reason: refusal.message)
        case .success(let checked):
            guard let attachment = try await AttachmentUpload.save(checked, loaded, request) else { throw Abort(.notFound) }
            return try await AttachmentDTO(attachment).encodeResponse(status: .created, for: request)
        }
    }
}

/// An attachment in the API.
struct AttachmentDTO: Content, Equatable {
    var id: String
    var submission: String
    var fileName: String
    var kind: String
    var mediaType: String
    var size: Int
    var sha256: String
    var uploadedBy: String
    var uploadedAt: Date
    var note: String

    init(_ attachment: SubmissionAttachment) {
        id = attachment.id.slug; submission = attachment.submissionID.slug; fileName = attachment.fileName; kind = attachment.kind.rawValue
        mediaType = attachment.kind.mediaType; size = attachment.size; sha256 = attachment.sha256; uploadedBy = attachment.uploadedBy
        uploadedAt = attachment.uploadedAt; note = attachment.note
    }
}

/// Reading and checking an upload of an attachment, the same for the page and the API.
enum AttachmentUpload {
    /// What a multipart body carried: its `file` part (nil when there is none), the name it was sent with, and the
    /// `note`.
    struct Form {
        var file: Data?
        var fileName: String = ""
        var note: String = ""
    }

    /// A file checked and ready to keep.
    struct Checked {
        var content: Data
        var fileName: String
        var kind: AttachmentKind
        var note: String
    }

    /// Why an upload is refused, in the language asked.
    struct Refusal: Error {
        var message: String
        var tooLarge: Bool = false
    }

    /// The form of a `multipart/form-data` body, its text fields as ``CleanInputMiddleware`` cleaned them; an empty
    /// form for any other body or one that cannot be read.
    static func read(_ request: Request) -> Form {
        guard let body = request.body.data, let type = request.headers.contentType, type == .formData,
            let boundary = type.parameters["boundary"],
            let cleaned = try? CleanInput.body(body, contentType: type)
        else { return Form() }
        let parser = MultipartParser(boundary: boundary)
        var parts: [MultipartPart] = []
        var headers = HTTPHeaders()
        var current = ByteBuffer()
        parser.onHeader = { name, value in headers.add(name: name, value: value) }
        parser.onBody = { chunk in current.writeBuffer(&chunk) }
        parser.onPartComplete = {
            parts.append(MultipartPart(headers: headers, body: current))
            headers = HTTPHeaders()
            current = ByteBuffer()
        }
        guard (try? parser.execute(cleaned)) != nil else { return Form() }
        var form = Form()
        for part in parts {
            switch part.name {
            case "file" where form.file == nil:
                form.file = Data(part.body.readableBytesView)
                form.fileName = part.filename ?? ""
            case "note": form.note = String(decoding: part.body.readableBytesView, as: UTF8.self)
            default: continue
            }
        }
        return form
    }

    /// The form's file checked by its content (``AttachmentCheck``) and its note by its length.
    static func check(_ form: Form, language: Language) -> Result<Checked, Refusal> {
        let vi = language == .vi
        guard let file = form.file else {
            return .failure(
                Refusal(
                    message: vi
                        ? "Chưa chọn tệp: hãy chọn tệp PDF hoặc Word (tối đa \(AttachmentRules.sizeText(AttachmentRules.maxBytes, language)))."
                        : "file: choose a PDF or Word file (at most \(AttachmentRules.sizeText(AttachmentRules.maxBytes, language)))."))
        }
        let note = form.note.trimmingCharacters(in: .whitespacesAndNewlines)
        if note.unicodeScalars.count > AttachmentRules.noteCharacters {
            return .failure(
                Refusal(
                    message: vi
                        ? "Ghi chú dài \(note.unicodeScalars.count) ký tự, quá giới hạn \(AttachmentRules.noteCharacters) ký tự."
                        : "note: \(note.unicodeScalars.count) characters, over the limit of \(AttachmentRules.noteCharacters)."))
        }
        switch AttachmentCheck.kind(of: file, fileName: form.fileName) {
        case .failure(let refusal): return .failure(Refusal(message: refusal.message(language), tooLarge: refusal.isTooLarge))
        case .success(let kind): return .success(Checked(content: file, fileName: form.fileName, kind: kind, note: note))
        }
    }

    /// Keeps the checked file with the report; nil when the report is gone.
    static func save(_ checked: Checked, _ loaded: LoadedSubmission, _ request: Request) async throws -> SubmissionAttachment? {
        try await AttachmentStore(database: request.db).add(
            submissionID: loaded.submission.id, fileName: checked.fileName, kind: checked.kind, content: checked.content, note: checked.note,
            context: request.changeContext)
    }

    /// Whether `request` is for the API's address of a report's attachments (`/api/v1/submissions/{id}/attachments`),
    /// whose POST is the one API operation that takes `multipart/form-data` and a body up to the upload limit
    /// (``ProtocolGuardMiddleware``, ``BodyLimitMiddleware``).
    static func isAPIUploadPath(_ request: Request) -> Bool {
        guard request.isAPI else { return false }
        let pattern = SiteURL.api(.submissionAttachments(.key)).segments
        let parts = request.url.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        guard parts.count == pattern.count else { return false }
        return zip(parts, pattern).allSatisfy { part, segment in
            switch segment {
            case .constant(let text): part == text
            case .parameter: !part.isEmpty
            }
        }
    }
}

/// The store's own refusals (an empty or too large file, a too long note), which the checks above make before it:
/// 422, never 500.
extension AttachmentStoreError: AbortError {
    public var status: HTTPResponseStatus {
        if case .tooLarge = self { return .payloadTooLarge }
        return .unprocessableEntity
    }

    public var reason: String {
        switch self {
        case .empty: "The file is empty."
        case .tooLarge(let bytes): "The file is \(bytes) bytes, over the limit of \(AttachmentRules.maxBytes)."
        case .noteTooLong(let count): "The note is \(count) characters, over the limit of \(AttachmentRules.noteCharacters)."
        }
    }
}
