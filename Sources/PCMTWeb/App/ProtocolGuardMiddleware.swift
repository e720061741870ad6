import PCMTDomain
import PCMTReports
import Vapor

/// Refuses a body of the wrong media type before anything reads it (415): the JSON API takes only
/// `application/json` (and at the address where a file is attached to a report, `multipart/form-data`:
/// ``AttachmentUpload/isAPIUploadPath(_:)``), pages only forms (`application/x-www-form-urlencoded`,
/// `multipart/form-data`). A JSON operation once answered 200 to a form-encoded body and saved nothing.
struct ProtocolGuardMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if Self.hasBody(request) {
            let type = request.headers.contentType
            if AttachmentUpload.isAPIUploadPath(request) {
                // The address of the one API operation that takes a file: a file, or JSON (which its route refuses
                // with 415, after deciding who may act; another method is the router's 405).
                guard type == .formData || type == .json else {
                    let t = Localizer(request: request)
                    let sent = type.map { "\($0.type)/\($0.subType)" }
                    throw Abort(
                        .unsupportedMediaType,
                        reason: t(
                            "Send the file as multipart/form-data (it was \(sent ?? "without a media type")).",
                            "Hãy gửi tệp dạng multipart/form-data (yêu cầu gửi \(sent ?? "không ghi kiểu nội dung"))."))
                }
            } else if request.isAPI {
                guard type == .json else {
                    let t = Localizer(request: request)
                    let sent = type.map { "\($0.type)/\($0.subType)" }
                    throw Abort(
                        .unsupportedMediaType,
                        reason: t(
                            "Send the body as application/json (it was \(sent ?? "without a media type")).",
                            "Hãy gửi nội dung dạng application/json (yêu cầu gửi \(sent ?? "không ghi kiểu nội dung"))."))
                }
            } else if type != .urlEncodedForm && type != .formData {
                throw Abort(
                    .unsupportedMediaType,
                    reason: Localizer(request: request)(
                        "Send the form as application/x-www-form-urlencoded or multipart/form-data.",
                        "Biểu mẫu phải được gửi dưới dạng application/x-www-form-urlencoded hoặc multipart/form-data."))
            }
        }
        return try await next.respond(to: request)
    }

    /// A request with a body: a declared length above zero, a chunked body, or bytes already read.
    static func hasBody(_ request: Request) -> Bool {
        if let length = request.headers.first(name: .contentLength).flatMap({ Int($0) }), length > 0 { return true }
        if request.headers[.transferEncoding].contains(where: { $0.lowercased().contains("chunked") }) { return true }
        return (request.body.data?.readableBytes ?? 0) > 0
    }
}

/// Caps the body before any parsing: a request without a live session or token (``Request/actor`` is nil after
/// authentication) may send ``SecuritySettings/anonymousBodyLimit`` bytes (64 KB), others
/// ``SecuritySettings/bodyLimit``, a JSON API request ``InputLimits/apiBodyBytes`` (1 MB; a data value set
/// ``InputLimits/dataValueSetBodyBytes``, 8 MB), a multipart form (a file
/// upload) ``InputLimits/uploadBytes`` and ``InputLimits/formBytes`` (10 MB and 64 KB); more is refused with 413
/// without being parsed (pcmt's server decides the first two from the request's head before it reads the body, see
/// ``PCMTHTTPServer``). The body is collected here, within the limit,
/// for the middleware after it.
struct BodyLimitMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard ProtocolGuardMiddleware.hasBody(request) else { return try await next.respond(to: request) }
        let settings = request.application.security
        var limit = request.actor == nil ? settings.anonymousBodyLimit : settings.bodyLimit
        var reason: String? = nil
        let inputs = InputLimits.standard
        if request.isAPI, request.actor != nil, request.method == .POST, request.url.path == SiteURL.api(.dataValueSets).path,
            inputs.dataValueSetBodyBytes < limit
        {
            // A data value set carries many units and periods: its own, larger limit.
            limit = inputs.dataValueSetBodyBytes
            let exceeded = InputLimitExceeded(.dataValueSetBodyBytes, value: limit)
            reason = Localizer(request: request)(exceeded.en, exceeded.vi)
        } else if request.method == .POST, AttachmentUpload.isAPIUploadPath(request), request.actor != nil,
            inputs.uploadBytes + inputs.formBytes < limit
        {
            // A file attached to a report through the API: the limit of an upload, like the page's form.
            limit = inputs.uploadBytes + inputs.formBytes
            let exceeded = InputLimitExceeded(.uploadBytes, value: inputs.uploadBytes)
            reason = Localizer(request: request)(exceeded.en, exceeded.vi)
        } else if request.isAPI, request.actor != nil, inputs.apiBodyBytes < limit {
            // A JSON body is parsed whole: the API takes less than a form with a file.
            limit = inputs.apiBodyBytes
            let exceeded = InputLimitExceeded(.apiBodyBytes, value: limit)
            reason = Localizer(request: request)(exceeded.en, exceeded.vi)
        } else if !request.isAPI, request.actor != nil, request.headers.contentType == .formData,
            inputs.uploadBytes + inputs.formBytes < limit
        {
            // A multipart form carries a file: past the upload limit, it is refused before it is parsed.
            limit = inputs.uploadBytes + inputs.formBytes
            let exceeded = InputLimitExceeded(.uploadBytes, value: inputs.uploadBytes)
            reason = Localizer(request: request)(exceeded.en, exceeded.vi)
        }
        let refusal = Abort(
            .payloadTooLarge,
            reason: reason
                ?? (request.actor == nil
                    ? Localizer(request: request)(
                        "The request is larger than \(limit / 1024) KB, the most accepted before sign-in.",
                        "Yêu cầu lớn hơn \(limit / 1024) KB, mức tối đa khi chưa đăng nhập.")
                    : Localizer(request: request)(
                        "The request is larger than \(limit / 1024 / 1024) MB, the most pcmt accepts.",
                        "Yêu cầu lớn hơn \(limit / 1024 / 1024) MB, mức tối đa pcmt nhận.")))
        if let length = request.headers.first(name: .contentLength).flatMap({ Int($0) }), length > limit {
            // A form with a file: how large it is, besides the limit ("12,3 MB (12.897.485 byte)").
            if request.headers.contentType == .formData, let reason {
                let vi = "\(AttachmentRules.sizeText(length, .vi)) (\(AttachmentRules.exactSizeText(length, .vi)))"
                let en = "\(AttachmentRules.sizeText(length, .en)) (\(AttachmentRules.exactSizeText(length, .en)))"
                let sent = Localizer(request: request)("The request is \(en).", "Yêu cầu gửi \(vi).")
                throw Abort(.payloadTooLarge, reason: reason + " " + sent)
            }
            throw refusal
        }
        if let data = request.body.data {
            guard data.readableBytes <= limit else { throw refusal }
        } else {
            do { _ = try await request.body.collect(max: limit).get() } catch let error as any AbortError where error.status == .payloadTooLarge {
                throw refusal
            }
        }
        return try await next.respond(to: request)
    }
}
