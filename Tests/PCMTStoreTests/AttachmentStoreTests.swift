import Crypto
import Fluent
import Foundation
import PCMTDomain
import PCMTStore
import PCMTTestSupport
import SQLKit
import Testing
import Vapor

/// Files attached to a unit's report (``AttachmentStore``) on a real SQLite file and on PostgreSQL: kept byte for byte
/// with their SHA-256, listed in order, read back only under their own report, recorded in the audit log in the same
/// transaction, and nothing kept of a refused one.
@Suite struct AttachmentStoreTests {
    static let pdf = Data("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".utf8)
    static let unit = ChangeContext(actor: "ngochoi_bc", actorUnit: "611", address: "test")

    static func attachmentEvents(_ app: Application) async throws -> [AuditEvent] {
        try await AuditLog(database: app.db).events(AuditFilter()).filter { $0.entity == "submission_attachment" }
    }

    @Test(arguments: TestBackend.available)
    func aFileIsKeptWithItsChecksumAndReadBackOnlyUnderItsReport(backend: TestBackend) async throws {
        try await withKonTum(backend) { app, plan in
            let reports = try await LockFixture.open(app, plan: plan, .year(2023), units: ["611", "612"])
            let report = try #require(reports["611"]), other = try #require(reports["612"])
            let store = AttachmentStore(database: app.db)
            // Bytes of every value, so that a store that kept text would change them.
            let word = Data((0..<3000).map { UInt8($0 % 256) })
            let first = try #require(
                try await store.add(
                    submissionID: report.id, fileName: "../Báo cáo đã ký.pdf", kind: .pdf, content: Self.pdf, note: "  bản đã ký ",
                    context: Self.unit, now: Date(timeIntervalSince1970: 1_700_000_000)))
            let second = try #require(
                try await store.add(
                    submissionID: report.id, fileName: "bao-cao.doc", kind: .doc, content: word, note: "", context: Self.unit,
                    now: Date(timeIntervalSince1970: 1_700_000_100)))
            // The checksum as `sha256sum` writes it, worked out here independently of the store.
            #expect(first.sha256 == SHA256.hash(data: Self.pdf).map { String(format: "%02x", $0) }.joined())
            #expect(first.sha256.count == 64)
            #expect(first.fileName == "Báo cáo đã ký.pdf")
            #expect(first.note == "bản đã ký")
            #expect(first.size == Self.pdf.count)
            #expect(first.uploadedBy == "ngochoi_bc")

            let listed = try await store.list(submissionID: report.id)
            #expect(listed.map(\.id) == [first.id, second.id])
            #expect(listed.map(\.kind) == [.pdf, .doc])
            #expect(listed[1].size == 3000)
            #expect(try await store.list(submissionID: other.id).isEmpty)

            let read = try #require(try await store.read(id: second.id, submissionID: report.id))
            #expect(read.content == word)
            #expect(read.attachment == second)
            #expect(SHA256.hash(data: read.content).map { String(format: "%02x", $0) }.joined() == read.attachment.sha256)
            // Under another report, or an id that is no attachment: nothing.
            #expect(try await store.read(id: second.id, submissionID: other.id) == nil)
            #expect(try await store.read(id: UUID(), submissionID: report.id) == nil)

            // The report itself is unchanged: same version, same state.
            let after = try #require(try await RoundStore(database: app.db).submission(id: report.id))
            #expect(after.version == report.version)
            #expect(after.state == report.state)

            let events = try await Self.attachmentEvents(app)
            #expect(events.count == 2)
            let event = try #require(events.first { $0.entityID == first.id.uuidString })
            #expect(event.kind == AuditKind.create.rawValue)
            #expect(event.unitCode == "611")
            #expect(event.summary.contains(first.sha256))
            #expect(event.after?.contains(first.sha256) == true)
            let verification = try await AuditLog(database: app.db).verify()
            #expect({ if case .intact = verification { true } else { false } }(), "\(verification)")
        }
    }

    @Test(arguments: TestBackend.available)
    func aRefusedFileLeavesNothing(backend: TestBackend) async throws {
        try await withKonTum(backend) { app, plan in
            let report = try #require(try await LockFixture.open(app, plan: plan, .year(2023), units: ["611"])["611"])
            let store = AttachmentStore(database: app.db)
            await #expect(throws: AttachmentStoreError.empty) {
                try await store.add(submissionID: report.id, fileName: "trong.pdf", kind: .pdf, content: Data(), note: "", context: Self.unit)
            }
            let tooLarge = Data(count: AttachmentRules.maxBytes + 1)
            await #expect(throws: AttachmentStoreError.tooLarge(AttachmentRules.maxBytes + 1)) {
                try await store.add(submissionID: report.id, fileName: "lon.pdf", kind: .pdf, content: tooLarge, note: "", context: Self.unit)
            }
            await #expect(throws: AttachmentStoreError.noteTooLong(501)) {
                try await store.add(
                    submissionID: report.id, fileName: "a.pdf", kind: .pdf, content: Self.pdf, note: String(repeating: "ý", count: 501),
                    context: Self.unit)
            }
            // A report that does not exist: nil, nothing kept.
            #expect(
                try await store.add(submissionID: UUID(), fileName: "a.pdf", kind: .pdf, content: Self.pdf, note: "", context: Self.unit) == nil)
            let sql = try #require(app.db as? any SQLDatabase)
            let rows = try await sql.raw("SELECT COUNT(*) AS n FROM submission_attachments").first(decoding: Count.self)
            #expect(rows?.n == 0)
            #expect(try await Self.attachmentEvents(app).isEmpty)
        }
    }

    struct Count: Decodable { var n: Int }
}
