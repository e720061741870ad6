import Fluent
import Foundation
import PCMTDomain

extension PeopleRegistryStore {
    /// Opens every record a commune keeps (closed ones too, not those only waiting to be accepted from another
    /// commune), for an export (issue 17: the standing office's audited, marked export): the records with their
    /// histories, in the order they were registered, and ONE audit event of kind `.export` naming the purpose and the
    /// count — no identifying data — written in the same transaction as the reading, so no export goes unrecorded.
    ///
    /// - Throws: ``PeopleRegistryError/problems(_:)`` for a purpose missing or out of bounds (as
    ///   ``open(_:purpose:context:)`` requires), nothing read.
    public func exportRecords(communeCode: String, purpose: String, context: ChangeContext) async throws -> [PersonRecord] {
        let purpose = purpose.trimmingCharacters(in: .whitespacesAndNewlines)
        guard purpose.count >= 5, purpose.count <= 500 else {
            throw PeopleRegistryError.problems([
                FieldProblem(
                    field: "purpose", en: "Say why you export this register (5 to 500 characters).",
                    vi: "Nêu mục đích xuất sổ (từ 5 đến 500 ký tự).")
            ])
        }
        let cipher = self.cipher
        return try await AuditLog(database: database).transaction { db, audit in
            let rows = try await RegistryPersonModel.query(on: db).filter(\.$communeCode == communeCode).sort(\.$id).all()
            var eventsOf: [UUID: [RegistryPersonEventModel]] = [:]
            for chunk in BulkSQL.chunks(rows.compactMap(\.id), size: 500) {
                let events = try await RegistryPersonEventModel.query(on: db).filter(\.$personID ~~ Array(chunk)).sort(\.$id).all()
                for event in events { eventsOf[event.personID, default: []].append(event) }
            }
            let records = try rows.map { row in try Self.record(row, events: eventsOf[row.id!] ?? [], cipher: cipher) }
            try await audit.record(
                AuditEntry(
                    actor: context.actor, actorUnit: context.actorUnit, address: context.address, kind: .export, entity: Self.entity,
                    entityID: "export:\(communeCode)", unitCode: communeCode,
                    summary: "Exported the register of people under management (\(records.count) records)",
                    after: ["purpose": purpose, "records": String(records.count), "commune": communeCode]))
            return records
        }
    }
}
