import Foundation

/// How much one request may make the server read: the one place that states every limit on an uploaded file or a
/// request body (issue 12: a 99 KB workbook with one cell per row in column XFD once took the server to 3 GB).
///
/// Every limit is enforced while the input is read — the zip reader stops at the first byte past a part's size, the
/// sheet and CSV readers at the first row, column, cell or character past theirs — so the work and memory of one
/// request stay bounded whatever it sends. Crossing one is an ``InputLimitExceeded`` naming the limit, its value
/// and where it was crossed; a limit on bytes is answered 413, a limit on rows, columns, cells or characters 422
/// (``InputLimitExceeded/isByteSize``). Nothing is saved.
///
/// The values are set for files of reported values (a plan's template: a few hundred rows per unit and period, seven
/// columns) with wide room to spare.
public struct InputLimits: Sendable, Equatable {
    /// The largest file (or pasted text) an import takes, in bytes: 10 MB.
    public var uploadBytes = 10 * 1024 * 1024
    /// The most bytes a multipart form (the import's) may carry besides its file: 64 KB for the form token, the
    /// field names and the parts' headers. A larger multipart body is refused as past ``uploadBytes`` before it is
    /// parsed.
    public var formBytes = 64 * 1024
    /// The most bytes one part of a workbook (a zip entry such as the sheet's XML) may unpack to: 32 MB.
    public var partBytes = 32 * 1024 * 1024
    /// The most bytes all parts read from one workbook may unpack to together: 64 MB.
    public var unpackedBytes = 64 * 1024 * 1024
    /// The most a part may grow when unpacked, as unpacked bytes per packed byte (a zip bomb packs gigabytes into
    /// kilobytes): 100, checked for parts above ``ratioGraceBytes`` (small parts of repeated text pack tighter).
    public var compressionRatio = 100
    /// Parts up to this many unpacked bytes are not held to ``compressionRatio``: 1 MB.
    public var ratioGraceBytes = 1024 * 1024
    /// The most rows holding a value a sheet or CSV file may have, counted by their row number: 100,000.
    public var rows = 100_000
    /// The most columns: a cell holding a value past column 256 (IV, the width of Excel's old .xls sheets) is
    /// refused. Empty cells are never stored, so a cell in column XFD costs one cell, not 16,384.
    public var columns = 256
    /// The most cells holding a value in one file: 1,000,000.
    public var cells = 1_000_000
    /// The most entries of a workbook's shared strings table: 1,000,000.
    public var sharedStrings = 1_000_000
    /// The most bytes (UTF-8) of text all shared strings may hold together: 16 MB.
    public var sharedStringBytes = 16 * 1024 * 1024
    /// The longest text of one cell (or CSV field), in Unicode characters (code points): 32,767, Excel's own limit,
    /// so that no file Excel writes is refused for a note beside the values. This bounds the work of reading; what a
    /// cell may hold as a value is for the importer's own checks.
    public var cellCharacters = 32_767
    /// The longest record (line) of a CSV file, in Unicode characters (code points), line breaks inside quotes
    /// included: 65,536.
    public var csvLineCharacters = 65_536
    /// The deepest nesting of XML elements in a workbook part: 32 (a sheet nests 7 deep).
    public var xmlDepth = 32
    /// The largest body of a JSON API request, in bytes: 1 MB.
    public var apiBodyBytes = 1024 * 1024
    /// The most values one JSON API request may save: 2,000.
    public var apiValues = 2_000
    /// The largest body of a data value set (`POST /api/v1/dataValueSets`, many units and periods at once), in bytes:
    /// 8 MB, room for ``dataValueSetValues`` values of about 160 bytes each (a value with its element, period, unit,
    /// category and version takes 100–130).
    public var dataValueSetBodyBytes = 8 * 1024 * 1024
    /// The most values one data value set may save: 50,000 (a province's communes for a year, every element).
    public var dataValueSetValues = 50_000

    public init() {}

    /// The limits pcmt runs with.
    public static let standard = InputLimits()
}

/// An input that crossed one of the ``InputLimits``: which limit, its value, and where.
public struct InputLimitExceeded: Error, Equatable, Sendable, CustomStringConvertible {
    /// The limit crossed, as named in ``InputLimits``.
    public enum Limit: String, Sendable, Equatable {
        case uploadBytes, partBytes, unpackedBytes, compressionRatio, rows, columns, cells, sharedStrings, sharedStringBytes
        case cellCharacters, csvLineCharacters, xmlDepth, apiBodyBytes, apiValues, dataValueSetBodyBytes, dataValueSetValues
    }

    public var limit: Limit
    /// The limit's value, in its unit (bytes, rows, columns, cells, characters, levels, values, times).
    public var value: Int
    /// Where it was crossed, in English and Vietnamese ("sheet “Data”, row 12, column XFD"); empty for the whole
    /// input.
    public var whereEn: String
    public var whereVi: String

    public init(_ limit: Limit, value: Int, whereEn: String = "", whereVi: String = "") {
        self.limit = limit
        self.value = value
        self.whereEn = whereEn
        self.whereVi = whereVi
    }

    /// Whether the limit is on bytes (answered 413 Content Too Large) rather than on rows, columns, cells, characters
    /// or values (422).
    public var isByteSize: Bool {
        switch limit {
        case .uploadBytes, .partBytes, .unpackedBytes, .compressionRatio, .sharedStringBytes, .apiBodyBytes, .dataValueSetBodyBytes: true
        default: false
        }
    }

    /// The limit named with its value, in English.
    public var en: String {
        let v = Self.number(value, separator: ",")
        let what =
            switch limit {
            case .uploadBytes: "the file is larger than the limit of \(Self.bytes(value, en: true)) per upload"
            case .partBytes: "a part of the workbook unpacks to more than the limit of \(Self.bytes(value, en: true))"
            case .unpackedBytes: "the workbook unpacks to more than the limit of \(Self.bytes(value, en: true)) in all"
            case .compressionRatio: "a part of the workbook unpacks to more than \(v) times its packed size (the compression ratio limit)"
            case .rows: "the file has more than the limit of \(v) rows"
            case .columns: "a cell lies past the limit of \(v) columns"
            case .cells: "the file has more than the limit of \(v) cells holding a value"
            case .sharedStrings: "the workbook's shared strings table has more than the limit of \(v) entries"
            case .sharedStringBytes: "the workbook's shared strings hold more than the limit of \(Self.bytes(value, en: true)) of text"
            case .cellCharacters: "a cell holds more than the limit of \(v) characters"
            case .csvLineCharacters: "a line of the CSV file is longer than the limit of \(v) characters"
            case .xmlDepth: "the workbook's XML nests deeper than the limit of \(v) levels"
            case .apiBodyBytes: "the request body is larger than the limit of \(Self.bytes(value, en: true)) for the API"
            case .apiValues: "the request holds more than the limit of \(v) values"
            case .dataValueSetBodyBytes: "the data value set is larger than the limit of \(Self.bytes(value, en: true)) per request"
            case .dataValueSetValues: "the data value set holds more than the limit of \(v) values per request"
            }
        return "Limit exceeded: \(what)\(whereEn.isEmpty ? "" : " (\(whereEn))")."
    }

    /// The limit named with its value, in Vietnamese.
    public var vi: String {
        let v = Self.number(value, separator: ".")
        let what =
            switch limit {
            case .uploadBytes: "tệp lớn hơn giới hạn \(Self.bytes(value, en: false)) cho mỗi lần tải lên"
            case .partBytes: "một phần của tệp .xlsx khi giải nén lớn hơn giới hạn \(Self.bytes(value, en: false))"
            case .unpackedBytes: "tệp .xlsx khi giải nén lớn hơn giới hạn tổng \(Self.bytes(value, en: false))"
            case .compressionRatio: "một phần của tệp .xlsx khi giải nén lớn hơn \(v) lần kích thước nén (giới hạn tỷ lệ nén)"
            case .rows: "tệp có nhiều hơn giới hạn \(v) dòng"
            case .columns: "có ô nằm ngoài giới hạn \(v) cột"
            case .cells: "tệp có nhiều hơn giới hạn \(v) ô có giá trị"
            case .sharedStrings: "bảng chuỗi dùng chung của tệp .xlsx có nhiều hơn giới hạn \(v) mục"
            case .sharedStringBytes: "các chuỗi dùng chung của tệp .xlsx lớn hơn giới hạn \(Self.bytes(value, en: false)) văn bản"
            case .cellCharacters: "có ô dài hơn giới hạn \(v) ký tự"
            case .csvLineCharacters: "có dòng của tệp CSV dài hơn giới hạn \(v) ký tự"
            case .xmlDepth: "XML của tệp .xlsx lồng sâu hơn giới hạn \(v) cấp"
            case .apiBodyBytes: "nội dung yêu cầu lớn hơn giới hạn \(Self.bytes(value, en: false)) của API"
            case .apiValues: "yêu cầu có nhiều hơn giới hạn \(v) giá trị"
            case .dataValueSetBodyBytes: "bộ số liệu lớn hơn giới hạn \(Self.bytes(value, en: false)) cho mỗi yêu cầu"
            case .dataValueSetValues: "bộ số liệu có nhiều hơn giới hạn \(v) giá trị cho mỗi yêu cầu"
            }
        return "Vượt giới hạn: \(what)\(whereVi.isEmpty ? "" : " (\(whereVi))")."
    }

    public var description: String { en }

    /// 1048576 → "1,048,576" (English) or "1.048.576" (Vietnamese).
    static func number(_ value: Int, separator: Character) -> String {
        var digits = String(String(value).reversed())
        var grouped = ""
        while !digits.isEmpty {
            grouped += digits.prefix(3)
            digits = String(digits.dropFirst(3))
            if !digits.isEmpty { grouped.append(separator) }
        }
        return String(grouped.reversed())
    }

    /// A byte count in MB or KB when it is a whole number of them ("10 MB"), else in bytes.
    static func bytes(_ value: Int, en: Bool) -> String {
        let separator: Character = en ? "," : "."
        if value >= 1024 * 1024, value % (1024 * 1024) == 0 { return "\(number(value / (1024 * 1024), separator: separator)) MB" }
        if value >= 1024, value % 1024 == 0 { return "\(number(value / 1024, separator: separator)) KB" }
        return "\(number(value, separator: separator)) \(en ? "bytes" : "byte")"
    }

    /// Where in a sheet: "sheet “Data”, row 12, column XFD" and its Vietnamese.
    static func inSheet(_ sheet: String, row: Int? = nil, column: Int? = nil) -> (en: String, vi: String) {
        var en = ["sheet “\(sheet)”"]
        var vi = ["trang tính “\(sheet)”"]
        if let row {
            en.append("row \(row)")
            vi.append("dòng \(row)")
        }
        if let column {
            en.append("column \(XLSXWriter.columnName(column))")
            vi.append("cột \(XLSXWriter.columnName(column))")
        }
        return (en.joined(separator: ", "), vi.joined(separator: ", "))
    }
}
