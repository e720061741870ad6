import Foundation

/// A real SMTP server on loopback for one test: `e2e/smtp_sink.py` (aiosmtpd) in its own process, keeping every
/// message it receives in a maildir that the test reads back. The Python comes from `PCMT_TEST_PYTHON` (set by
/// `scripts/test` to its virtual environment), else the project's `.venv`.
public final class LocalSMTPServer: @unchecked Sendable {
    public let port: Int
    public let folder: URL
    private let process: Process
    private let input: Pipe

    /// One message as it arrived: its headers (names lower-cased, encoded words decoded) and its body decoded.
    public struct Message: Sendable {
        public var headers: [String: String]
        public var body: String
        public var subject: String { headers["subject"] ?? "" }
        public var to: String { headers["to"] ?? "" }
    }

    public init() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let python =
            ProcessInfo.processInfo.environment["PCMT_TEST_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }
            ?? root.appendingPathComponent(".venv/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw SMTPSinkError(reason: "no Python at \(python): run scripts/test once (it makes .venv with aiosmtpd)")
        }
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("pcmt-mail-\(UUID().uuidString)")
        process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [root.appendingPathComponent("e2e/smtp_sink.py").path, folder.path]
        input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let line = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let port = Int(line) else {
            process.terminate()
            throw SMTPSinkError(reason: "the SMTP sink did not start (\(line)); is aiosmtpd installed in \(python)?")
        }
        self.port = port
    }

    deinit { stop() }

    /// Ends the server (closing its input ends it).
    public func stop() {
        try? input.fileHandleForWriting.close()
        if process.isRunning { process.waitUntilExit() }
        try? FileManager.default.removeItem(at: folder)
    }

    /// The messages received so far, oldest first.
    public func messages() throws -> [Message] {
        let new = folder.appendingPathComponent("new")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: new.path)) ?? []
        return try names.map { new.appendingPathComponent($0) }
            .map { ($0, try FileManager.default.attributesOfItem(atPath: $0.path)[.modificationDate] as? Date ?? .distantPast) }
            .sorted { $0.1 < $1.1 }
            .map { try Self.parse(String(decoding: Data(contentsOf: $0.0), as: UTF8.self)) }
    }

    /// Reads a message as the sink stored it (RFC 5322 with MIME): headers unfolded, RFC 2047 "B" words decoded, a
    /// base64 body decoded. Written for the tests, independently of pcmt's writer.
    static func parse(_ raw: String) throws -> Message {
        let text = raw.replacingOccurrences(of: "\r\n", with: "\n")
        guard let split = text.range(of: "\n\n") else { throw SMTPSinkError(reason: "a message without a body") }
        var headers: [String: String] = [:]
        var lastName = ""
        for line in text[..<split.lowerBound].split(separator: "\n", omittingEmptySubsequences: false) {
            if line.first == " " || line.first == "\t" {
                headers[lastName, default: ""] += line.drop { $0 == " " || $0 == "\t" }
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            lastName = line[..<colon].lowercased()
            headers[lastName] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        for (name, value) in headers { headers[name] = decodeWords(value) }
        var body = String(text[split.upperBound...])
        if headers["content-transfer-encoding"]?.lowercased() == "base64" {
            let joined = body.split(separator: "\n").joined()
            guard let data = Data(base64Encoded: joined) else { throw SMTPSinkError(reason: "the body is not base64") }
            body = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        }
        return Message(headers: headers, body: body)
    }

    static func decodeWords(_ value: String) -> String {
        var out = ""
        var rest = Substring(value)
        while let start = rest.range(of: "=?") {
            out += rest[..<start.lowerBound]
            let after = rest[start.upperBound...]
            let parts = after.split(separator: "?", maxSplits: 3, omittingEmptySubsequences: false)
            guard parts.count >= 3, parts[1].uppercased() == "B",
                let end = after.range(of: "?=", range: after.index(after: after.startIndex)..<after.endIndex)
            else { out += "=?"; rest = after; continue }
            let encoded = parts[2]
            if let data = Data(base64Encoded: String(encoded)) { out += String(decoding: data, as: UTF8.self) }
            rest = after[end.upperBound...]
            // Whitespace between two encoded words is not part of the text (RFC 2047, 6.2).
            if rest.hasPrefix(" =?") { rest = rest.dropFirst() }
        }
        return out + rest
    }
}

public struct SMTPSinkError: Error, CustomStringConvertible {
    public var reason: String
    public var description: String { "SMTP sink: \(reason)" }
}
