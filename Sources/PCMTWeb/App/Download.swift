import Foundation
import PCMTDomain
import PCMTStore
import Vapor

/// A file handed to the user: its bytes, its kind and its name. Every download of pcmt's data is built here and
/// written to the audit log as an export by ``Request/download(_:audit:)``.
struct Download {
    enum Kind {
        case csv, xlsx, docx, pdf
        /// A file a unit attached to its report, served as the kind its content showed (``AttachmentKind``).
        case attachment(AttachmentKind)

        var mediaType: HTTPMediaType {
            switch self {
            case .csv: HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
            case .xlsx: HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            case .docx: HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.wordprocessingml.document")
            case .pdf: HTTPMediaType(type: "application", subType: "pdf")
            case .attachment(let kind):
                HTTPMediaType(type: "application", subType: String(kind.mediaType.dropFirst("application/".count)))
            }
        }

        var fileExtension: String {
            switch self {
            case .csv: "csv"
            case .xlsx: "xlsx"
            case .docx: "docx"
            case .pdf: "pdf"
            case .attachment(let kind): kind.fileExtension
            }
        }
    }

    var kind: Kind
    /// The name without its extension, e.g. "pcmt-phu-luc-2023".
    var name: String
    var data: Data

    init(_ kind: Kind, name: String, data: Data) { self.kind = kind; self.name = name; self.data = data }
    init(csv text: String, name: String) { self.init(.csv, name: name, data: Data(text.utf8)) }

    var filename: String { "\(name).\(kind.fileExtension)" }

    var response: Response {
        var headers = HTTPHeaders()
        headers.contentType = kind.mediaType
        headers.contentDisposition = .init(.attachment, filename: filename)
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }
}

/// What an audit entry says about the thing concerned; who, from where, is taken from the request.
struct AuditSubject {
    var kind: AuditKind
    var entity: String? = nil
    var entityID: String? = nil
    var unitCode: String?
    var summary: String
    var before: [String: String]? = nil
    var after: [String: String]? = nil
}

extension ChangeContext {
    /// The audit entry of `subject` done by this actor: the one place where entries of the web layer are built.
    func entry(_ subject: AuditSubject) -> AuditEntry {
        AuditEntry(
            actor: actor, actorUnit: actorUnit, address: address, kind: subject.kind, entity: subject.entity,
            entityID: subject.entityID, unitCode: subject.unitCode, summary: subject.summary, before: subject.before,
            after: subject.after)
    }
}

extension Request {
    /// Records `subject` in the audit log, outside any other transaction.
    func audit(_ subject: AuditSubject) async throws {
        try await AuditLog(database: db).record(changeContext.entry(subject))
    }

    /// The file as a response, recorded in the audit log as an export first.
    func download(_ file: Download, audit subject: AuditSubject) async throws -> Response {
        try await audit(subject)
        return file.response
    }
}
