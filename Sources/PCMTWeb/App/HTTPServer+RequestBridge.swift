import Foundation
import NIOCore
import NIOHTTP1
import Vapor

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
    /// Whether the request being read is one of the JSON API's: its refusals are JSON, as the API's other errors.
    private var apiRequest = false

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
        apiRequest = head.uri.hasPrefix(SiteURL.apiPrefix)
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
        let body = apiRequest ? ProtocolAnswer.json(status) : ProtocolAnswer.body(status)
        let type = apiRequest ? "application/json; charset=utf-8" : "text/plain; charset=utf-8"
        context.write(wrapOutboundOut(.head(ProtocolAnswer.head(status, bodyLength: body.utf8.count, contentType: type))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: body)))), promise: nil)
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in bound.value.close(promise: nil) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        state = .closing
        context.fireChannelInactive()
    }
}
