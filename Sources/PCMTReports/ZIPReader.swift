import Foundation

/// Reads the parts of a zip archive (an .xlsx workbook) that a person uploads, without trusting any of its bytes:
/// every offset and size is checked against the data, the unpacked size is capped, stored and deflated parts only,
/// and each part's checksum is verified. A damaged or hostile archive is an error, never a trap or an endless loop.
///
/// pcmt reads uploads with this and not with ZIPFoundation: on Linux, ZIPFoundation's inflate loops for ever on a
/// deflate stream cut short, and its in-memory archive traps on an offset past the end (both found by
/// `ImportFuzzTests`). The format is PKWARE's APPNOTE (end of central directory, central directory, local headers);
/// the decompression is RFC 1951 (DEFLATE), decoded as in zlib's reference decoder `puff.c`.
struct ZIPReader {
    struct Failure: Error, CustomStringConvertible {
        var reason: String
        var description: String { reason }
    }

    struct Entry {
        var path: String
        var method: Int
        var flags: Int
        var crc32: UInt32
        var compressedSize: Int
        var uncompressedSize: Int
        var localHeaderOffset: Int
    }

    let bytes: [UInt8]
    let entries: [String: Entry]

    /// - Throws: ``Failure`` when the data is not a zip archive this reader can read (no end of central directory,
    ///   ZIP64, entries outside the data, more than 10,000 entries).
    init(_ data: Data) throws {
        bytes = [UInt8](data)
        entries = try Self.centralDirectory(bytes)
    }

    static func u16(_ b: [UInt8], _ at: Int) throws -> Int {
        guard at >= 0, at + 2 <= b.count else { throw Failure(reason: "the archive is cut short") }
        return Int(b[at]) | Int(b[at + 1]) << 8
    }

    static func u32(_ b: [UInt8], _ at: Int) throws -> Int {
        guard at >= 0, at + 4 <= b.count else { throw Failure(reason: "the archive is cut short") }
        return Int(b[at]) | Int(b[at + 1]) << 8 | Int(b[at + 2]) << 16 | Int(b[at + 3]) << 24
    }

    static func centralDirectory(_ b: [UInt8]) throws -> [String: Entry] {
        // The end of central directory record: 22 bytes and a comment of at most 65,535 bytes, at the end.
        guard b.count >= 22 else { throw Failure(reason: "not a zip archive") }
        var end = -1
        var at = b.count - 22
        while at >= max(0, b.count - 22 - 65_535) {
            if b[at] == 0x50, b[at + 1] == 0x4B, b[at + 2] == 0x05, b[at + 3] == 0x06 { end = at; break }
            at -= 1
        }
        guard end >= 0 else { throw Failure(reason: "not a zip archive") }
        let count = try u16(b, end + 10)
        let size = try u32(b, end + 12)
        let offset = try u32(b, end + 16)
        guard count != 0xFFFF, size != 0xFFFF_FFFF, offset != 0xFFFF_FFFF else { throw Failure(reason: "ZIP64 archives are not read") }
        guard count <= 10_000 else { throw Failure(reason: "too many parts") }
        guard offset + size <= end else { throw Failure(reason: "the central directory is outside the archive") }
        var entries: [String: Entry] = [:]
        var position = offset
        for _ in 0..<count {
            guard try u32(b, position) == 0x0201_4B50 else { throw Failure(reason: "a damaged central directory") }
            let flags = try u16(b, position + 8)
            let method = try u16(b, position + 10)
            let crc = UInt32(try u32(b, position + 16))
            let compressed = try u32(b, position + 20)
            let uncompressed = try u32(b, position + 24)
            let nameLength = try u16(b, position + 28)
            let extraLength = try u16(b, position + 30)
            let commentLength = try u16(b, position + 32)
            let local = try u32(b, position + 42)
            let nameStart = position + 46
            guard nameStart + nameLength <= b.count else { throw Failure(reason: "the archive is cut short") }
            let path = String(decoding: b[nameStart..<nameStart + nameLength], as: UTF8.self)
            if entries[path] == nil {
                entries[path] = Entry(
                    path: path, method: method, flags: flags, crc32: crc, compressedSize: compressed, uncompressedSize: uncompressed,
                    localHeaderOffset: local)
            }
            position = nameStart + nameLength + extraLength + commentLength
        }
        return entries
    }

    /// The unpacked bytes of the part at `path`, nil when the archive has none. Sizes are checked on the part's
    /// declared sizes before anything is unpacked, and the unpacking stops at the first byte past the declared size.
    /// - Parameters:
    ///   - limit: the most bytes the part may unpack to.
    ///   - ratio: the most unpacked bytes per packed byte, for parts larger than `grace` bytes unpacked (nil: any).
    /// - Throws: ``InputLimitExceeded`` (``InputLimitExceeded/Limit/partBytes`` or
    ///   ``InputLimitExceeded/Limit/compressionRatio``, naming the part) for a part past `limit` or `ratio`;
    ///   ``Failure`` for an encrypted part, a compression other than stored or deflate, data outside the archive, a
    ///   damaged deflate stream, a part that does not unpack to its declared size or a checksum that does not match.
    func read(_ path: String, limit: Int, ratio: (most: Int, grace: Int)? = nil) throws -> Data? {
        guard let entry = entries[path] else { return nil }
        guard entry.flags & 1 == 0 else { throw Failure(reason: "\(path) is encrypted") }
        guard entry.uncompressedSize <= limit else {
            throw InputLimitExceeded(
                .partBytes, value: limit, whereEn: "part \(path), \(entry.uncompressedSize) bytes unpacked",
                whereVi: "phần \(path), \(entry.uncompressedSize) byte khi giải nén")
        }
        if let ratio, entry.uncompressedSize > ratio.grace, entry.uncompressedSize > ratio.most * max(entry.compressedSize, 1) {
            throw InputLimitExceeded(
                .compressionRatio, value: ratio.most,
                whereEn: "part \(path), \(entry.compressedSize) bytes unpacking to \(entry.uncompressedSize)",
                whereVi: "phần \(path), \(entry.compressedSize) byte giải nén thành \(entry.uncompressedSize)")
        }
        let header = entry.localHeaderOffset
        guard try Self.u32(bytes, header) == 0x0403_4B50 else { throw Failure(reason: "\(path): a damaged local header") }
        let start = header + 30 + (try Self.u16(bytes, header + 26)) + (try Self.u16(bytes, header + 28))
        guard start <= bytes.count, entry.compressedSize <= bytes.count - start else { throw Failure(reason: "\(path) is cut short") }
        let slice = Array(bytes[start..<start + entry.compressedSize])
        let output: [UInt8]
        switch entry.method {
        case 0: output = slice
        case 8:
            var inflater = Inflater(input: slice, limit: min(limit, entry.uncompressedSize))
            output = try inflater.run()
        default: throw Failure(reason: "\(path) uses an unknown compression (\(entry.method))")
        }
        guard output.count == entry.uncompressedSize else { throw Failure(reason: "\(path) does not unpack to its size") }
        guard CRC32.checksum(output) == entry.crc32 else { throw Failure(reason: "\(path) is damaged (checksum)") }
        return Data(output)
    }
}

/// CRC-32 (ISO-HDLC, the zip checksum).
enum CRC32 {
    static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for byte in bytes { c = table[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}

/// A DEFLATE decoder (RFC 1951) that stops at the end of its input or at `limit` bytes of output with an error.
/// Every step reads input or writes output, so it always ends.
struct Inflater {
    let input: [UInt8]
    let limit: Int
    var position = 0
    var bitBuffer = 0
    var bitCount = 0
    var output: [UInt8] = []

    init(input: [UInt8], limit: Int) {
        self.input = input
        self.limit = limit
        output.reserveCapacity(min(limit, 1 << 24))
    }

    struct Huffman {
        var counts = [Int](repeating: 0, count: 16)
        var symbols: [Int]

        /// Canonical codes from code lengths; throws for an over-subscribed set of lengths.
        init(lengths: ArraySlice<Int>) throws {
            symbols = [Int](repeating: 0, count: lengths.count)
            for length in lengths { counts[length] += 1 }
            var left = 1
            for length in 1..<16 {
                left <<= 1
                left -= counts[length]
                if left < 0 { throw ZIPReader.Failure(reason: "a damaged deflate stream (over-subscribed code)") }
            }
            var offsets = [Int](repeating: 0, count: 16)
            for length in 1..<15 { offsets[length + 1] = offsets[length] + counts[length] }
            for (symbol, length) in lengths.enumerated() where length != 0 {
                symbols[offsets[length]] = symbol
                offsets[length] += 1
            }
        }
    }

    static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBase = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385,
        24577,
    ]
    static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
    static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    mutating func bits(_ n: Int) throws -> Int {
        while bitCount < n {
            guard position < input.count else { throw ZIPReader.Failure(reason: "a deflate stream cut short") }
            bitBuffer |= Int(input[position]) << bitCount
            position += 1
            bitCount += 8
        }
        let value = bitBuffer & ((1 << n) - 1)
        bitBuffer >>= n
        bitCount -= n
        return value
    }

    mutating func decode(_ h: Huffman) throws -> Int {
        var code = 0, first = 0, index = 0
        for length in 1..<16 {
            code |= try bits(1)
            let count = h.counts[length]
            if code - count < first { return h.symbols[index + (code - first)] }
            index += count
            first += count
            first <<= 1
            code <<= 1
        }
        throw ZIPReader.Failure(reason: "a damaged deflate stream (no such code)")
    }

    mutating func emit(_ byte: UInt8) throws {
        guard output.count < limit else { throw ZIPReader.Failure(reason: "a part unpacks to more than its size") }
        output.append(byte)
    }

    mutating func stored() throws {
        bitBuffer = 0
        bitCount = 0
        guard position + 4 <= input.count else { throw ZIPReader.Failure(reason: "a deflate stream cut short") }
        let length = Int(input[position]) | Int(input[position + 1]) << 8
        let check = Int(input[position + 2]) | Int(input[position + 3]) << 8
        position += 4
        guard length == ~check & 0xFFFF else { throw ZIPReader.Failure(reason: "a damaged stored block") }
        guard position + length <= input.count else { throw ZIPReader.Failure(reason: "a deflate stream cut short") }
        for i in 0..<length { try emit(input[position + i]) }
        position += length
    }

    mutating func codes(_ lengths: Huffman, _ distances: Huffman) throws {
        while true {
            let symbol = try decode(lengths)
            if symbol < 256 {
                try emit(UInt8(symbol))
            } else if symbol == 256 {
                return
            } else {
                let index = symbol - 257
                guard index < 29 else { throw ZIPReader.Failure(reason: "a damaged deflate stream (length)") }
                let length = Self.lengthBase[index] + (try bits(Self.lengthExtra[index]))
                let d = try decode(distances)
                guard d < 30 else { throw ZIPReader.Failure(reason: "a damaged deflate stream (distance)") }
                let distance = Self.distanceBase[d] + (try bits(Self.distanceExtra[d]))
                guard distance <= output.count else { throw ZIPReader.Failure(reason: "a damaged deflate stream (distance too far)") }
                for _ in 0..<length { try emit(output[output.count - distance]) }
            }
        }
    }

    static let fixed: (Huffman, Huffman) = {
        var lengths = [Int](repeating: 8, count: 288)
        for i in 144..<256 { lengths[i] = 9 }
        for i in 256..<280 { lengths[i] = 7 }
        return (try! Huffman(lengths: lengths[...]), try! Huffman(lengths: [Int](repeating: 5, count: 30)[...]))
    }()

    mutating func dynamic() throws {
        let literalCount = try bits(5) + 257
        let distanceCount = try bits(5) + 1
        let codeCount = try bits(4) + 4
        guard literalCount <= 286, distanceCount <= 30 else { throw ZIPReader.Failure(reason: "a damaged deflate stream (counts)") }
        var lengths = [Int](repeating: 0, count: 19)
        for i in 0..<codeCount { lengths[Self.codeLengthOrder[i]] = try bits(3) }
        let lengthCode = try Huffman(lengths: lengths[...])
        var all = [Int](repeating: 0, count: literalCount + distanceCount)
        var i = 0
        while i < all.count {
            let symbol = try decode(lengthCode)
            if symbol < 16 {
                all[i] = symbol
                i += 1
                continue
            }
            var repeated = 0
            var times = 0
            switch symbol {
            case 16:
                guard i > 0 else { throw ZIPReader.Failure(reason: "a damaged deflate stream (repeat)") }
                repeated = all[i - 1]
                times = 3 + (try bits(2))
            case 17: times = 3 + (try bits(3))
            default: times = 11 + (try bits(7))
            }
            guard i + times <= all.count else { throw ZIPReader.Failure(reason: "a damaged deflate stream (too many lengths)") }
            for _ in 0..<times {
                all[i] = repeated
                i += 1
            }
        }
        guard all[256] != 0 else { throw ZIPReader.Failure(reason: "a damaged deflate stream (no end code)") }
        let literals = try Huffman(lengths: all[0..<literalCount])
        let distances = try Huffman(lengths: all[literalCount...])
        try codes(literals, distances)
    }

    /// The unpacked bytes.
    mutating func run() throws -> [UInt8] {
        var last = 0
        repeat {
            last = try bits(1)
            switch try bits(2) {
            case 0: try stored()
            case 1: try codes(Self.fixed.0, Self.fixed.1)
            case 2: try dynamic()
            default: throw ZIPReader.Failure(reason: "a damaged deflate stream (block type)")
            }
        } while last == 0
        return output
    }
}
