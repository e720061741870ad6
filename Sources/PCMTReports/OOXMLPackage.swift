import Foundation
import ZIPFoundation

/// The zip container and XML text rules shared by the Office Open XML writers (.xlsx, .docx).
public enum OOXMLPackage {
    /// The text of one part of a package (e.g. "word/document.xml"), nil when the package has no such part.
    public static func part(_ path: String, of data: Data) throws -> String? {
        let archive = try Archive(data: data, accessMode: .read)
        guard let entry = archive[path] else { return nil }
        var result = Data()
        _ = try archive.extract(entry) { result.append($0) }
        return String(decoding: result, as: UTF8.self)
    }

    /// The paths of every part, in the order they are stored.
    public static func partPaths(of data: Data) throws -> [String] {
        try Archive(data: data, accessMode: .read).map(\.path)
    }

    /// Parts in the order given, deflated, with a fixed modification date so the same input gives the same bytes.
    static func zip(_ parts: [(path: String, xml: String)]) throws -> Data? {
        let archive = try Archive(data: Data(), accessMode: .create)
        for part in parts {
            let bytes = Data(part.xml.utf8)
            try archive.addEntry(
                with: part.path, type: .file, uncompressedSize: Int64(bytes.count),
                modificationDate: Date(timeIntervalSince1970: 1_600_000_000), compressionMethod: .deflate
            ) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return archive.data
    }

    /// XML text: escaped, and without the control characters XML 1.0 forbids.
    static func escape(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
