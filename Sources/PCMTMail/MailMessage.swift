import Foundation

/// A plain-text e-mail in UTF-8 (RFC 5322 with MIME, RFC 2045–2047): Vietnamese subjects as encoded words, the body
/// in base64 so that no line is too long and no server mangles accents.
public struct MailMessage: Sendable, Equatable {
    /// The sender's address ("pcmt@congan.example.gov.vn"); `fromName` is shown beside it.
    public var from: String
    public var fromName: String
    /// One recipient's address.
    public var to: String
    public var subject: String
    /// Paragraphs of plain text; line breaks are sent as CRLF.
    public var body: String
    public var date: Date
    /// "<…@…>", unique per message.
    public var messageID: String

    public init(from: String, fromName: String = "", to: String, subject: String, body: String, date: Date = Date(), messageID: String? = nil) {
        self.from = from; self.fromName = fromName; self.to = to; self.subject = subject; self.body = body; self.date = date
        let domain = from.split(separator: "@").last.map(String.init) ?? "pcmt.invalid"
        self.messageID = messageID ?? "<\(UUID().uuidString.lowercased())@\(domain)>"
    }

    /// The message as sent after DATA: headers and body with CRLF line ends, without the final "." line and not yet
    /// dot-stuffed (``SMTPClient`` does that).
    public var rendered: String {
        var lines: [String] = []
        lines.append("Date: \(Self.rfc5322Date(date))")
        lines.append("From: " + (fromName.isEmpty ? from : "\(Self.encodedWord(fromName)) <\(from)>"))
        lines.append("To: \(to)")
        lines.append("Message-ID: \(messageID)")
        lines.append("Subject: \(Self.encodedWord(subject))")
        lines.append("MIME-Version: 1.0")
        lines.append("Content-Type: text/plain; charset=utf-8")
        lines.append("Content-Transfer-Encoding: base64")
        lines.append("Auto-Submitted: auto-generated")
        lines.append("")
        let normalised = body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
        lines.append(Data(normalised.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed]))
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// A header text as is when it is printable ASCII, else as RFC 2047 encoded words of at most 75 characters each,
    /// never splitting a character.
    static func encodedWord(_ text: String) -> String {
        let clean = text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        if clean.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) { return clean }
        var words: [String] = []
        var chunk = Data()
        for character in clean {
            let bytes = Data(String(character).utf8)
            // 39 bytes of text make 52 of base64: "=?utf-8?B?" + 52 + "?=" is 64, and a line with "Subject: " stays within 78.
            if chunk.count + bytes.count > 39 {
                words.append("=?utf-8?B?\(chunk.base64EncodedString())?=")
                chunk = Data()
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?utf-8?B?\(chunk.base64EncodedString())?=") }
        return words.joined(separator: "\r\n ")
    }

    /// "Mon, 30 Nov 2026 09:15:00 +0700": the province's time (UTC+7).
    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 7 * 3600)
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }
}
