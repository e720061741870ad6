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
