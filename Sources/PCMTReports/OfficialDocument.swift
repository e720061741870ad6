import Foundation
import PCMTDomain

/// A document laid out in the state format of Nghị định 30/2020/NĐ-CP: the two-column heading, type and
/// summary title, body blocks, the recipients and the signature. The writers (Word, HTML) render this, so the
/// downloaded file and the printed page say the same thing.
public struct OfficialDocument: Sendable, Equatable {
    public struct Heading: Sendable, Equatable {
        /// The body above the issuer (cơ quan chủ quản), in capitals, not bold; may be empty.
        public var parentBody: String
        /// The issuing body, in capitals, bold; "\n" breaks lines.
        public var issuer: String
        /// Number and symbol without "Số: ", e.g. "125/BC-UBND"; blank space is kept for a number given at signing.
        public var number: String
        public var place: String
        /// The date of issue; nil leaves "ngày … tháng … năm …" for the signer to fill in by hand.
        public var date: OfficialDate?
        /// The year printed when the date is left blank.
        public var year: Int

        /// "Số: 125/BC-UBND"; a symbol alone ("/BC-UBND") keeps room before it for the number given at signing.
        public var numberLine: String {
            let text = number.trimmingCharacters(in: .whitespaces)
            if text.isEmpty { return "Số:        /BC" }
            return text.hasPrefix("/") ? "Số:        \(text)" : "Số: \(text)"
        }

        public init(parentBody: String = "", issuer: String, number: String, place: String, date: OfficialDate?, year: Int) {
            self.parentBody = parentBody; self.issuer = issuer; self.number = number; self.place = place
            self.date = date; self.year = year
        }
    }

    public struct Signature: Sendable, Equatable {
        /// "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", … one per line.
        public var capacity: [String]
        public var title: String
        public var name: String
        public init(capacity: [String], title: String, name: String) {
            self.capacity = capacity; self.title = title; self.name = name
        }
    }

    public struct Table: Sendable, Equatable {
        public enum Alignment: Sendable, Equatable { case left, center, right }
        public struct Column: Sendable, Equatable {
            public var title: String
            /// Share of the text width; the writer scales the shares to the page.
            public var weight: Double
            public var alignment: Alignment
            public init(_ title: String, weight: Double, alignment: Alignment = .left) {
                self.title = title; self.weight = weight; self.alignment = alignment
            }
        }
        public struct Cell: Sendable, Equatable {
            public var text: String
            /// A second, smaller line in italics (e.g. the status under a value).
            public var note: String
            public var bold: Bool
            public init(_ text: String, note: String = "", bold: Bool = false) {
                self.text = text; self.note = note; self.bold = bold
            }
        }

        public var columns: [Column]
        public var rows: [[Cell]]
        public init(columns: [Column], rows: [[Cell]]) { self.columns = columns; self.rows = rows }
    }

    public enum Block: Sendable, Equatable {
        /// "I. TÌNH HÌNH …": bold capitals.
        case section(String)
        /// "1. Kết quả …": bold.
        case subsection(String)
        /// "a) …": bold italic.
        case minorHeading(String)
        /// Body text, justified with a first-line indent; each line of the text is its own paragraph.
        case text(String)
        /// A line in italics, e.g. a source or an explanation.
        case note(String)
        case table(Table)
    }

    public var heading: Heading
    /// "BÁO CÁO", "KẾ HOẠCH", …
    public var kind: String
    /// The summary line under the kind, e.g. "Kết quả thực hiện Kế hoạch số 3959/KH-UBND năm 2023".
    public var title: String
    /// "Kính gửi: …" when the document is addressed to one body; empty otherwise.
    public var addressee: String
    public var blocks: [Block]
    /// The closing paragraph ("Trên đây là báo cáo …"), printed on the page of the signature (issue 15, item 3);
    /// empty for none.
    public var closing: String
    public var recipients: [String]
    public var signature: Signature
    /// A small line after the signature block, e.g. the audit log's head at the report's date; empty for none.
    public var footnote: String

    public init(
        heading: Heading, kind: String, title: String, addressee: String = "", blocks: [Block], closing: String = "",
        recipients: [String], signature: Signature, footnote: String = ""
    ) {
        self.heading = heading; self.kind = kind; self.title = title; self.addressee = addressee
        self.blocks = blocks; self.closing = closing; self.recipients = recipients; self.signature = signature
        self.footnote = footnote
    }
}
