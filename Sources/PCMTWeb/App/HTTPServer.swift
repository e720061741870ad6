import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import Vapor

/// pcmt's HTTP/1.1 server. Vapor's own server closes the connection without a word when a request cannot be parsed
/// and reads a body before any middleware can decide how much of it to accept; this one answers every request:
///
/// - a header line with a control character or any other malformed request head: `400 Bad Request`;
/// - headers larger than ``Limits/headerListBytes`` (or one field over ``Limits/headerFieldBytes``, or more than
///   ``Limits/headerFieldCount`` fields): `431 Request Header Fields Too Large`;
/// - a request target longer than ``Limits/uriBytes``: `414 URI Too Long`;
/// - a body longer than the request may send: `413 Content Too Large`, decided from the head before the body is read
///   (``BodyAdmission``: a request without a live session or token may send ``Limits/anonymousBodyBytes``, others
///   ``Limits/bodyBytes``), and again while a chunked body arrives.
///
/// Each refusal closes the connection after the answer. Everything else is handed to the application's responder
/// (the same middleware and routes as under Vapor's server) with the body collected, and the response written with
/// its length. `app.testing()` does not use a server and is not affected.
final class PCMTHTTPServer: Server, Sendable {
    struct Limits: Sendable {
        /// The most bytes of one header field (name and value).
        var headerFieldBytes = 16 * 1024
        /// The most bytes of all header fields of a request.
        var headerListBytes = 32 * 1024
        /// The most header fields of a request.
        var headerFieldCount = 100
        /// The longest request target (path and query).
        var uriBytes = 8 * 1024
        /// The largest body of a request with a live session or token (the routes' own limit).
        var bodyBytes = 16 * 1024 * 1024
        /// The largest body of any other request: a sign-in form is a few hundred bytes.
        var anonymousBodyBytes = 64 * 1024
    }

    let application: Application
    let limits: Limits
    let admission: BodyAdmission
    private let state = NIOLockedValueBox<ServerState>(ServerState())

    private struct ServerState {
        var channel: (any Channel)?
        var children: [ObjectIdentifier: any Channel] = [:]
    }

    init(application: Application, limits: Limits, admission: BodyAdmission) {
        self.application = application
        self.limits = limits
        self.admission = admission
    }

    var onShutdown: EventLoopFuture<Void> {
        state.withLockedValue { $0.channel?.closeFuture } ?? application.eventLoopGroup.any().makeSucceededVoidFuture()
    }

    var localAddress: SocketAddress? { state.withLockedValue { $0.channel?.localAddress } }

    func start(address: BindAddress?) async throws {
        var configuration = application.http.server.configuration
        switch address {
        case .none: break
        case .hostname(let hostname, let port):
            configuration.address = .hostname(hostname ?? configuration.hostname, port: port ?? configuration.port)
        case .unixDomainSocket: configuration.address = address!
        }
        let responder = application.responder.current
        let application = self.application
        let limits = self.limits
        let admission = self.admission
        let decoderLimits = {
            var value = NIOHTTPDecoderLimitConfiguration()
            value.maxHeaderFieldSize = limits.headerFieldBytes
            value.maxHeaderListSize = limits.headerListBytes
            value.maxHeaderFieldCount = limits.headerFieldCount
            return value
        }()
        let bootstrap = ServerBootstrap(group: application.eventLoopGroup)
            .serverChannelOption(ChannelOptions.backlog, value: Int32(configuration.backlog))
            .serverChannelOption(
                ChannelOptions.socketOption(.so_reuseaddr), value: configuration.reuseAddress ? SocketOptionValue(1) : SocketOptionValue(0)
            )
            .childChannelInitializer { [weak self] channel in
                channel.eventLoop.makeCompletedFuture {
                    let requestDecoder = ByteToMessageHandler(
                        HTTPRequestDecoder(
                            leftOverBytesStrategy: .dropBytes, informationalResponseStrategy: .drop, limitConfiguration: decoderLimits),
                        maximumBufferSize: limits.headerListBytes + limits.uriBytes + 4096)
                    try channel.pipeline.syncOperations.addHandlers([
                        HTTPResponseEncoder(),
                        requestDecoder,
                        HTTPServerPipelineHandler(),
                        ProtocolErrorAnswer(),
                        RequestBridge(application: application, responder: responder, limits: limits, admission: admission),
                    ])
                    self?.track(channel)
                }
            }
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: configuration.tcpNoDelay ? 1 : 0)
            .childChannelOption(ChannelOptions.maxMessagesPerRead, value: 1)
            .childChannelOption(ChannelOptions.allowRemoteHalfClosure, value: false)
        let channel: any Channel
        switch configuration.address {
        case .hostname(let hostname, let port):
            channel = try await bootstrap.bind(host: hostname ?? "127.0.0.1", port: port ?? 8080).get()
        case .unixDomainSocket(let path):
            channel = try await bootstrap.bind(unixDomainSocketPath: path).get()
        }
        state.withLockedValue { $0.channel = channel }
        if let local = channel.localAddress, let ip = local.ipAddress, let port = local.port {
            configuration.address = .hostname(ip, port: port)
        }
        application.http.server.configuration = configuration
        configuration.logger.notice("Server started on \(configuration.addressDescription)")
    }

    private func track(_ channel: any Channel) {
        let id = ObjectIdentifier(channel)
        state.withLockedValue { $0.children[id] = channel }
        channel.closeFuture.whenComplete { [weak self] _ in
            self?.state.withLockedValue { _ = $0.children.removeValue(forKey: id) }
        }
    }

    /// Stops accepting, lets each connection finish the response it is writing (``ChannelShouldQuiesceEvent``: an idle
    /// connection closes at once), and closes whatever is still open after ten seconds.
    func shutdown() async {
        let (server, children) = state.withLockedValue { state in
            let value = (state.channel, Array(state.children.values))
            state.channel = nil
            return value
        }
        guard let server else { return }
        try? await server.close().get()
        for child in children { child.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent()) }
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline, !state.withLockedValue({ $0.children.isEmpty }) {
            try? await Task.sleep(nanoseconds: 50_000_000)
        }
        for child in state.withLockedValue({ Array($0.children.values) }) { try? await child.close().get() }
    }

    @available(*, noasync, message: "Use the async start(address:)")
    func start(address: BindAddress?) throws {
        try application.eventLoopGroup.any().makeFutureWithTask { try await self.start(address: address) }.wait()
    }

    @available(*, noasync, message: "Use the async shutdown()")
    func shutdown() {
        try? application.eventLoopGroup.any().makeFutureWithTask { await self.shutdown() }.wait()
    }
}

extension HTTPServer.Configuration {
    fileprivate var addressDescription: String {
        switch address {
        case .hostname(let hostname, let port): "http://\(hostname ?? "127.0.0.1"):\(port ?? 8080)"
        case .unixDomainSocket(let path): "http+unix: \(path)"
        }
    }
}

/// How many bytes a request may send, decided from its head before its body is read.
struct BodyAdmission: Sendable {
    var limit: @Sendable (HTTPRequestHead) async -> Int
}

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

    static func head(_ status: HTTPResponseStatus, bodyLength: Int) -> HTTPResponseHead {
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: "text/plain; charset=utf-8")
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

/// Turns the parts of a request into a Vapor `Request` with its body collected (within the limit its head earns),
/// hands it to the application, and writes the response.
final class RequestBridge: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private enum State {
        case idle
        /// The head is in; its limit is being decided. Parts that arrive meanwhile wait here; no more is read.
        case admitting(head: HTTPRequestHead, parts: [ByteBuffer], bytes: Int, ended: Bool)
        case reading(head: HTTPRequestHead, body: ByteBuffer?, bytes: Int, limit: Int)
        case responding
        /// A refusal was sent; the connection closes.
        case closing
    }

    private let application: Application
    private let responder: any Responder
    private let limits: PCMTHTTPServer.Limits
    private let admission: BodyAdmission
    private var state = State.idle
    private var readHeld = false

    init(application: Application, responder: any Responder, limits: PCMTHTTPServer.Limits, admission: BodyAdmission) {
        self.application = application
        self.responder = responder
        self.limits = limits
        self.admission = admission
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): begin(context: context, head: head)
        case .body(let buffer):
            switch state {
            case .admitting(let head, var parts, let bytes, let ended):
                parts.append(buffer)
                state = .admitting(head: head, parts: parts, bytes: bytes + buffer.readableBytes, ended: ended)
            case .reading(let head, var body, let bytes, let limit):
                let total = bytes + buffer.readableBytes
                guard total <= limit else { return refuse(context: context, .payloadTooLarge) }
                var incoming = buffer
                if body == nil { body = context.channel.allocator.buffer(capacity: buffer.readableBytes) }
                body!.writeBuffer(&incoming)
                state = .reading(head: head, body: body, bytes: total, limit: limit)
            default: break
            }
        case .end:
            switch state {
            case .admitting(let head, let parts, let bytes, _): state = .admitting(head: head, parts: parts, bytes: bytes, ended: true)
            case .reading(let head, let body, _, _): dispatch(context: context, head: head, body: body)
            default: break
            }
        }
    }

    func read(context: ChannelHandlerContext) {
        if case .admitting = state {
            readHeld = true
            return
        }
        context.read()
    }

    private func begin(context: ChannelHandlerContext, head: HTTPRequestHead) {
        guard case .idle = state else { return refuse(context: context, .badRequest) }
        if head.uri.utf8.count > limits.uriBytes { return refuse(context: context, .uriTooLong) }
        let declared = head.headers.first(name: "content-length").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let chunked = head.headers[canonicalForm: "transfer-encoding"].contains { $0.lowercased() == "chunked" }
        guard chunked || (declared ?? 0) > 0 else {
            state = .reading(head: head, body: nil, bytes: 0, limit: 0)
            return
        }
        if let declared, declared > limits.bodyBytes { return refuse(context: context, .payloadTooLarge) }
        state = .admitting(head: head, parts: [], bytes: 0, ended: false)
        let admission = self.admission
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        context.eventLoop.makeFutureWithTask { await admission.limit(head) }.whenComplete { result in
            let (handler, context) = bound.value
            handler.admitted(context: context, limit: (try? result.get()) ?? handler.limits.anonymousBodyBytes)
        }
    }

    private func admitted(context: ChannelHandlerContext, limit: Int) {
        guard case .admitting(let head, let parts, let bytes, let ended) = state else { return }
        let declared = head.headers.first(name: "content-length").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? 0
        guard declared <= limit, bytes <= limit else { return refuse(context: context, .payloadTooLarge) }
        if !ended, head.headers[canonicalForm: "expect"].contains(where: { $0.lowercased() == "100-continue" }) {
            context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .continue))), promise: nil)
        }
        var body: ByteBuffer? = nil
        if bytes > 0 {
            var collected = context.channel.allocator.buffer(capacity: bytes)
            for var part in parts { collected.writeBuffer(&part) }
            body = collected
        }
        state = .reading(head: head, body: body, bytes: bytes, limit: limit)
        if ended {
            dispatch(context: context, head: head, body: body)
        } else if readHeld {
            readHeld = false
            context.read()
        }
    }

    private func dispatch(context: ChannelHandlerContext, head: HTTPRequestHead, body: ByteBuffer?) {
        state = .responding
        if readHeld {
            readHeld = false
            context.read()
        }
        let request = Request(
            application: application, method: head.method, url: URI(path: head.uri), version: head.version,
            headersNoUpdate: head.headers, collectedBody: body, remoteAddress: context.channel.remoteAddress,
            logger: application.logger, byteBufferAllocator: context.channel.allocator, on: context.eventLoop)
        let keepAlive = head.isKeepAlive
        let isHead = head.method == .HEAD
        let version = head.version
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let logger = application.logger
        responder.respond(to: request)
            .flatMapError { error in
                logger.error("Unanswered error: \(String(reflecting: error))")
                return context.eventLoop.makeSucceededFuture(Response(status: .internalServerError))
            }
            .flatMap { response in
                response.body.collect(on: bound.eventLoop).map { (response, $0) }
            }
            .hop(to: context.eventLoop)
            .whenComplete { result in
                let (handler, context) = bound.value
                switch result {
                case .success(let (response, body)):
                    handler.write(context: context, response: response, body: body, version: version, keepAlive: keepAlive, isHead: isHead)
                case .failure:
                    handler.refuse(context: context, .internalServerError)
                }
            }
    }

    private func write(
        context: ChannelHandlerContext, response: Response, body: ByteBuffer?, version: HTTPVersion, keepAlive: Bool, isHead: Bool
    ) {
        guard case .responding = state else { return }
        var headers = response.headers
        headers.remove(name: "transfer-encoding")
        let length = body?.readableBytes ?? 0
        let hasBody = response.status.code >= 200 && response.status != .noContent && response.status != .notModified
        if hasBody { headers.replaceOrAdd(name: "content-length", value: String(length)) } else { headers.remove(name: "content-length") }
        headers.replaceOrAdd(name: "date", value: HTTPDate.now())
        if !keepAlive {
            headers.replaceOrAdd(name: "connection", value: "close")
        } else if version.major == 1, version.minor == 0 {
            headers.replaceOrAdd(name: "connection", value: "keep-alive")
        }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: version, status: response.status, headers: headers))), promise: nil)
        if hasBody, !isHead, let body, body.readableBytes > 0 {
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        }
        state = .idle
        if keepAlive {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        } else {
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in bound.value.close(promise: nil) }
        }
    }

    /// Answers with `status` at once and closes the connection; the rest of the request is not read.
    private func refuse(context: ChannelHandlerContext, _ status: HTTPResponseStatus) {
        if case .closing = state { return }
        state = .closing
        let body = ProtocolAnswer.body(status)
        context.write(wrapOutboundOut(.head(ProtocolAnswer.head(status, bodyLength: body.utf8.count))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: body)))), promise: nil)
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in bound.value.close(promise: nil) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        state = .closing
        context.fireChannelInactive()
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
