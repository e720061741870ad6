import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The reverse proxies whose `X-Forwarded-For` header pcmt believes (`PCMT_TRUSTED_PROXIES`, e.g.
/// `127.0.0.1,10.0.0.0/8,::1`): addresses and CIDR ranges, IPv4 or IPv6. With none (the default) the client's address
/// is the connection's peer and the header is ignored, so nobody can choose the address that the audit log records
/// and the sign-in throttle counts by sending a header.
struct TrustedProxies: Sendable, Equatable {
    struct Range: Sendable, Equatable {
        var bytes: [UInt8]
        var prefix: Int

        func contains(_ address: [UInt8]) -> Bool {
            guard address.count == bytes.count else { return false }
            var remaining = prefix
            for (a, b) in zip(address, bytes) {
                if remaining <= 0 { return true }
                let bits = min(8, remaining)
                let mask: UInt8 = bits == 8 ? 0xFF : ~(0xFF >> UInt8(bits))
                if a & mask != b & mask { return false }
                remaining -= bits
            }
            return true
        }
    }

    var ranges: [Range]

    static let none = TrustedProxies(ranges: [])

    /// Parses a comma-separated list; throws ``TrustedProxiesError`` naming the first entry that is not an address or
    /// a range.
    init(_ text: String) throws {
        var ranges: [Range] = []
        for entry in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            let parts = entry.split(separator: "/", maxSplits: 1).map(String.init)
            guard let bytes = Self.parse(parts[0]) else { throw TrustedProxiesError(entry: entry) }
            let prefix: Int
            if parts.count == 2 {
                guard let value = Int(parts[1]), (0...(bytes.count * 8)).contains(value) else { throw TrustedProxiesError(entry: entry) }
                prefix = value
            } else {
                prefix = bytes.count * 8
            }
            ranges.append(Range(bytes: bytes, prefix: prefix))
        }
        self.ranges = ranges
    }

    init(ranges: [Range]) { self.ranges = ranges }

    func contains(_ address: String) -> Bool {
        guard let bytes = Self.parse(address) else { return false }
        return ranges.contains { $0.contains(bytes) }
    }

    /// The client of a request that came from `peer` with these `X-Forwarded-For` values: `peer` itself unless it is
    /// a trusted proxy; otherwise the hops are read from the right, skipping trusted proxies, and the first other one
    /// is the client. A hop that is not an IP address makes the header worthless (the last trusted hop is returned).
    func client(peer: String?, forwardedFor values: [String]) -> String? {
        guard let peer, contains(peer), !values.isEmpty else { return peer }
        let hops = values.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        var last = peer
        for hop in hops.reversed() {
            guard let bytes = Self.parse(hop), let canonical = Self.format(bytes) else { return last }
            if !ranges.contains(where: { $0.contains(bytes) }) { return canonical }
            last = canonical
        }
        return last
    }

    /// The bytes of an IPv4 (4) or IPv6 (16) address written in its usual form.
    static func parse(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }

    /// The usual form of an address's bytes.
    static func format(_ bytes: [UInt8]) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = bytes.count == 4 ? AF_INET : AF_INET6
        let ok = bytes.withUnsafeBytes { raw in inet_ntop(family, raw.baseAddress, &buffer, socklen_t(buffer.count)) != nil }
        return ok ? String(cString: buffer) : nil
    }
}

struct TrustedProxiesError: Error, CustomStringConvertible {
    var entry: String
    var description: String { "PCMT_TRUSTED_PROXIES: “\(entry)” is not an IP address or a range such as 10.0.0.0/8" }
}
