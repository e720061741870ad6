import Foundation
import NIOCore
import NIOHTTP1

/// A short plain-text answer in both languages, written by the server itself (no page frame: the request never
/// reached the application).
enum ProtocolAnswer {
    static func body(_ status: HTTPResponseStatus) -> String {
        let (en, vi): (String, String) =
            switch status.code {
            case 400:
                (
                    "The request is not valid HTTP: a header holds a control character or a line is malformed.",
                    "Yêu cầu không đúng giao thức HTTP: một tiêu đề chứa ký tự điều khiển hoặc một dòng sai định dạng."
                )
            case 413:
                (
                    "The request's body is larger than this address accepts (sign in first to send files).",
                    "Nội dung gửi lên lớn hơn mức địa chỉ này nhận (hãy đăng nhập trước khi gửi tệp)."
                )
            case 414: ("The address is too long.", "Địa chỉ quá dài.")
            case 431: ("The request's headers are too large.", "Phần tiêu đề của yêu cầu quá lớn.")
            default: ("The request cannot be served.", "Không thể phục vụ yêu cầu.")
            }
        return "\(status.code) \(status.reasonPhrase)\n\(en)\n\(vi)\n"
    }

    /// The same answer as the JSON API's errors: `{"error": true, "reason": "<English> / <Vietnamese>"}`.
    static func json(_ status: HTTPResponseStatus) -> String {
        let lines = body(status).split(separator: "\n").dropFirst()
        let reason = lines.joined(separator: " / ")
        var escaped = ""
        for scalar in reason.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return "{\"error\":true,\"reason\":\"\(escaped)\"}"
    }

    static func head(_ status: HTTPResponseStatus, bodyLength: Int, contentType: String = "text/plain; charset=utf-8") -> HTTPResponseHead {
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: contentType)
        headers.add(name: "content-length", value: String(bodyLength))
        headers.add(name: "connection", value: "close")
        headers.add(name: "date", value: HTTPDate.now())
        headers.add(name: "x-content-type-options", value: "nosniff")
        return HTTPResponseHead(version: .http1_1, status: status, headers: headers)
    }
}

/// Answers a request the HTTP parser refused — 431 for headers over the limits, 400 for anything else (a control
/// character in a header, a malformed line) — when no response has begun, then closes the connection. NIO's own
/// `HTTPServerProtocolErrorHandler` answers 400 to all of them.
final class ProtocolErrorAnswer: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private var responseInProgress = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let status: HTTPResponseStatus?
        switch error {
        case HTTPParserError.headerOverflow: status = .requestHeaderFieldsTooLarge
        case is HTTPParserError: status = .badRequest
        case is ByteToMessageDecoderError.PayloadTooLargeError: status = .requestHeaderFieldsTooLarge
        default: status = nil
        }
        guard let status else {
            context.close(promise: nil)
            return
        }
        if !responseInProgress {
            let body = ProtocolAnswer.body(status)
            context.write(wrapOutboundOut(.head(ProtocolAnswer.head(status, bodyLength: body.utf8.count))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: body)))), promise: nil)
            responseInProgress = true
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
        context.close(promise: nil)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head) where head.status.code >= 200 || head.status.code < 100: responseInProgress = true
        case .end: responseInProgress = false
        default: break
        }
        context.write(data, promise: promise)
    }
}

/// The `Date` header's form (RFC 9110 §5.6.7), e.g. "Sun, 06 Nov 1994 08:49:37 GMT".
enum HTTPDate {
    static func now() -> String {
        var seconds = time_t(Date().timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }
}
