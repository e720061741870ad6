import Foundation
import PCMTDomain
import Vapor

extension CleanInput {
    // MARK: Forms and query strings

    /// A form body or query string with every key and value cleaned and encoded again (percent-encoding, "+" read as
    /// a space as browsers send it). Throws ``Refusal``.
    static func form(_ text: String, origin: Origin) throws(Refusal) -> String {
        var out: [String] = []
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let rawKey = decodePercent(parts[0])
            guard let key = String(validating: rawKey, as: UTF8.self) else {
                throw Refusal(problem: .init(field: "?", kind: .invalidUTF8), origin: origin)
            }
            let cleanKey: String
            do { cleanKey = try CleanText.clean(key, field: "(field name)", rule: CleanText.nameRule) } catch {
                throw Refusal(problem: error, origin: origin)
            }
            if parts.count == 1 {
                out.append(encode(cleanKey, isKey: true))
                continue
            }
            let field = fieldName(cleanKey)
            let value: String
            do { value = try CleanText.clean(bytes: decodePercent(parts[1]), field: field, rule: CleanText.rule(forField: field)) } catch {
                throw Refusal(problem: error, origin: origin)
            }
            out.append(encode(cleanKey, isKey: true) + "=" + encode(value, isKey: false))
        }
        return out.joined(separator: "&")
    }

    /// The name a rule is looked up by: "values[0][element]" → "element".
    static func fieldName(_ key: String) -> String {
        guard key.hasSuffix("]"), let open = key.lastIndex(of: "[") else { return key }
        let inner = String(key[key.index(after: open)..<key.index(before: key.endIndex)])
        return inner.isEmpty || inner.allSatisfy(\.isNumber) ? String(key[..<open]) : inner
    }

    static func decodePercent(_ text: Substring) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), iterator.count >= 2, let high = hexValue(iterator[iterator.startIndex]),
                let low = hexValue(iterator[iterator.startIndex + 1])
            {
                bytes.append(high << 4 | low)
                iterator = iterator.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return bytes
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    static func encode(_ text: String, isKey: Bool) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(byte)
            case UInt8(ascii: "[") where isKey, UInt8(ascii: "]") where isKey:
                out.append(byte)
            default:
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: Multipart

    /// A multipart form with every part without a file name (a text field) cleaned; file parts are kept as they are.
    static func multipart(_ body: ByteBuffer, boundary: String) throws(Refusal) -> ByteBuffer {
        let parser = MultipartParser(boundary: boundary)
        var parts: [MultipartPart] = []
        var headers = HTTPHeaders()
        var current = ByteBuffer()
        parser.onHeader = { name, value in headers.add(name: name, value: value) }
        parser.onBody = { chunk in current.writeBuffer(&chunk) }
        parser.onPartComplete = {
            parts.append(MultipartPart(headers: headers, body: current))
            headers = HTTPHeaders()
            current = ByteBuffer()
        }
        do { try parser.execute(body) } catch { return body }  // not a multipart body: the decoder says so
        var cleaned: [MultipartPart] = []
        for var part in parts {
            let disposition = part.headers.first(name: "Content-Disposition") ?? ""
            if !disposition.lowercased().contains("filename") {
                let field = fieldName(part.name ?? "")
                do {
                    let text = try CleanText.clean(
                        bytes: part.body.readableBytesView, field: field.isEmpty ? "(field)" : field, rule: CleanText.rule(forField: field))
                    part.body = ByteBuffer(string: text)
                } catch {
                    throw Refusal(problem: error, origin: .body)
                }
            }
            cleaned.append(part)
        }
        var out = ByteBuffer()
        do { try MultipartSerializer().serialize(parts: cleaned, boundary: boundary, into: &out) } catch { return body }
        return out
    }
}
