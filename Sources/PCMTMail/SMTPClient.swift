import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// The SMTP server an installation sends its e-mail through, from one URL (`PCMT_SMTP_URL`):
///
/// - `smtp://host:25` — plain SMTP, upgraded with STARTTLS when the server offers it;
/// - `smtp://host:587?tls=starttls` — STARTTLS required (refused when the server does not offer it);
/// - `smtp://host:25?tls=none` — never TLS (a relay on the same machine or a closed network);
/// - `smtps://host:465` — TLS from the first byte;
/// - `user:password@` before the host — AUTH PLAIN after TLS (refused over a connection without TLS, unless the
///   host is the loopback).
///
/// Certificates are checked against the system's trust roots.
public struct SMTPSettings: Sendable, Equatable {
    public enum Security: String, Sendable, Equatable {
        /// Plain text throughout.
        case none
        /// STARTTLS when offered, plain text otherwise.
        case opportunistic
        /// STARTTLS or fail.
        case startTLS = "starttls"
        /// TLS from the start (port 465).
        case tls
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    public var password: String?
    /// The name given in EHLO.
    public var heloName: String
    /// How long one message may take, from connecting to QUIT, in seconds.
    public var timeout: TimeAmount

    public init(
        host: String, port: Int, security: Security, username: String? = nil, password: String? = nil, heloName: String = "pcmt",
        timeout: TimeAmount = .seconds(30)
    ) {
        self.host = host; self.port = port; self.security = security; self.username = username; self.password = password
        self.heloName = heloName; self.timeout = timeout
    }

    /// Reads the URL; throws ``SMTPSettingsError`` naming what is wrong.
    public init(url text: String) throws {
        guard let components = URLComponents(string: text.trimmingCharacters(in: .whitespaces)),
            let scheme = components.scheme?.lowercased(), let host = components.host, !host.isEmpty
        else { throw SMTPSettingsError(reason: "not a URL such as smtp://mail.example.gov.vn:25") }
        guard scheme == "smtp" || scheme == "smtps" else { throw SMTPSettingsError(reason: "the scheme must be smtp or smtps, not \(scheme)") }
        let query = Dictionary((components.queryItems ?? []).map { ($0.name.lowercased(), $0.value ?? "") }, uniquingKeysWith: { $1 })
        var security: Security = scheme == "smtps" ? .tls : .opportunistic
        if let tls = query["tls"] {
            guard let chosen = Security(rawValue: tls.lowercased()), scheme == "smtp" || chosen == .tls else {
                throw SMTPSettingsError(reason: "tls must be none, starttls or tls, not \(tls)")
            }
            security = chosen
        }
        let port = components.port ?? (security == .tls ? 465 : 25)
        guard (1...65535).contains(port) else { throw SMTPSettingsError(reason: "the port must be 1 to 65535") }
        self.init(
            host: host, port: port, security: security, username: components.user?.removingPercentEncoding,
            password: components.password?.removingPercentEncoding, heloName: query["helo"] ?? "pcmt")
    }

    /// The URL without its password, for logs.
    public var redacted: String {
        let user = username.map { "\($0):***@" } ?? ""
        return "\(security == .tls ? "smtps" : "smtp")://\(user)\(host):\(port)?tls=\(security.rawValue)"
    }

    var isLoopback: Bool { host == "127.0.0.1" || host == "::1" || host == "localhost" }
}

public struct SMTPSettingsError: Error, CustomStringConvertible, Equatable {
    public var reason: String
    public init(reason: String) { self.reason = reason }
    public var description: String { "PCMT_SMTP_URL is not usable: \(reason)." }
}

/// What went wrong while sending: the stage, and the server's reply when there was one. `isPermanent` when the server
/// answered 5xx (the address or the message is refused: trying again will not help).
public struct SMTPError: Error, CustomStringConvertible, Equatable {
    public var stage: String
    public var code: Int?
    public var text: String

    public var isPermanent: Bool { (code ?? 0) >= 500 }
    public var description: String { "SMTP \(stage): " + (code.map { "\($0) " } ?? "") + text }
}

/// Sends e-mail to an SMTP server (RFC 5321) over SwiftNIO: EHLO, STARTTLS when chosen, AUTH PLAIN when given, one
/// message per connection. No SMTP client library is among the packages pcmt may use, so this is pcmt's own; it
/// speaks the small part of the protocol a notice needs.
public struct SMTPClient: Sendable {
    public var settings: SMTPSettings
    let group: any EventLoopGroup

    public init(settings: SMTPSettings, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.settings = settings; self.group = group
    }

    /// Sends `message` to its recipient; throws ``SMTPError`` (or a connection error) when the server did not take it.
    public func send(_ message: MailMessage) async throws {
        let settings = settings
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await self.converse(message) }
            tasks.addTask {
                try await Task.sleep(nanoseconds: UInt64(settings.timeout.nanoseconds))
                throw SMTPError(stage: "timeout", code: nil, text: "no answer within \(settings.timeout.nanoseconds / 1_000_000_000) s")
            }
            defer { tasks.cancelAll() }
            try await tasks.next()
        }
    }

    private func converse(_ message: MailMessage) async throws {
        let settings = settings
        let tlsContext: NIOSSLContext? = settings.security == .none ? nil : try NIOSSLContext(configuration: .makeClientConfiguration())
        let serverName = settings.host.first?.isNumber == true || settings.host.contains(":") ? nil : settings.host
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(.seconds(10))
            .connect(host: settings.host, port: settings.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if settings.security == .tls, let tlsContext {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tlsContext, serverHostname: serverName))
                    }
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPLineDecoder()))
                    return try NIOAsyncChannel<String, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let raw = channel.channel
        try await channel.executeThenClose { inbound, outbound in
            var lines = inbound.makeAsyncIterator()
            func reply(_ stage: String) async throws -> (code: Int, lines: [String]) {
                var collected: [String] = []
                while true {
                    guard let line = try await lines.next() else {
                        throw SMTPError(stage: stage, code: nil, text: "the server closed the connection")
                    }
                    collected.append(line)
                    let scalars = Array(line.utf8)
                    guard scalars.count >= 3, let code = Int(String(decoding: scalars[0..<3], as: UTF8.self)) else {
                        throw SMTPError(stage: stage, code: nil, text: "unreadable reply \(line.prefix(80))")
                    }
                    if scalars.count == 3 || scalars[3] != UInt8(ascii: "-") { return (code, collected) }
                    if collected.count > 100 { throw SMTPError(stage: stage, code: code, text: "reply too long") }
                }
            }
            func expect(_ stage: String, _ accepted: ClosedRange<Int>) async throws -> [String] {
                let answer = try await reply(stage)
                guard accepted.contains(answer.code) else {
                    throw SMTPError(stage: stage, code: answer.code, text: answer.lines.joined(separator: " ").dropFirst(4).description)
                }
                return answer.lines
            }
            func send(_ text: String) async throws {
                try await outbound.write(ByteBuffer(string: text + "\r\n"))
            }
            _ = try await expect("greeting", 220...220)
            try await send("EHLO \(settings.heloName)")
            var features = try await expect("EHLO", 250...250).map { $0.dropFirst(4).uppercased() }
            var secured = settings.security == .tls
            let offersTLS = features.contains("STARTTLS")
            if settings.security == .startTLS || (settings.security == .opportunistic && offersTLS) {
                guard offersTLS else { throw SMTPError(stage: "STARTTLS", code: nil, text: "the server does not offer STARTTLS") }
                try await send("STARTTLS")
                _ = try await expect("STARTTLS", 220...220)
                try await raw.eventLoop.submit {
                    try raw.pipeline.syncOperations.addHandler(
                        NIOSSLClientHandler(context: tlsContext!, serverHostname: serverName), position: .first)
                }.get()
                secured = true
                try await send("EHLO \(settings.heloName)")
                features = try await expect("EHLO", 250...250).map { $0.dropFirst(4).uppercased() }
            }
            if let user = settings.username, let password = settings.password {
                guard secured || settings.isLoopback else {
                    throw SMTPError(stage: "AUTH", code: nil, text: "a password is sent only over TLS (or to the loopback)")
                }
                let token = Data(([0] + Array(user.utf8) + [0] + Array(password.utf8))).base64EncodedString()
                try await send("AUTH PLAIN \(token)")
                _ = try await expect("AUTH", 235...235)
            }
            try await send("MAIL FROM:<\(message.from)>" + (features.contains("8BITMIME") ? " BODY=8BITMIME" : ""))
            _ = try await expect("MAIL FROM", 250...250)
            try await send("RCPT TO:<\(message.to)>")
            _ = try await expect("RCPT TO", 250...251)
            try await send("DATA")
            _ = try await expect("DATA", 354...354)
            try await outbound.write(ByteBuffer(string: Self.dotStuffed(message.rendered) + ".\r\n"))
            _ = try await expect("end of data", 250...250)
            try await send("QUIT")
            _ = try? await reply("QUIT")
        }
    }

    /// Doubles a "." that starts a line (RFC 5321, 4.5.2), so that the data is not ended early.
    static func dotStuffed(_ text: String) -> String {
        var out = text.hasPrefix(".") ? "." + text : text
        out = out.replacingOccurrences(of: "\r\n.", with: "\r\n..")
        return out
    }
}

/// Splits the server's bytes into reply lines at CRLF (a lone LF is accepted); a line longer than 4,096 bytes is an
/// error (RFC 5321 allows 512).
struct SMTPLineDecoder: ByteToMessageDecoder {
    typealias InboundOut = String

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > 4096 { throw SMTPError(stage: "reply", code: nil, text: "a reply line is too long") }
            return .needMoreData
        }
        let length = newline - buffer.readerIndex
        var line = buffer.readString(length: length) ?? ""
        buffer.moveReaderIndex(forwardBy: 1)
        if line.hasSuffix("\r") { line.removeLast() }
        context.fireChannelRead(Self.wrapInboundOut(line))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}
