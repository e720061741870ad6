import Fluent
import Foundation
import PCMTDomain
import SQLKit

extension PeopleRegistryStore {
    /// Pseudonymises every closed record closed on `cutoff` or before (``RegistryRetention/cutoff(today:years:)``) and
    /// not pseudonymised yet: the name becomes "Hồ sơ đã ẩn danh" with the record's short number, other names, the
    /// address and the notes of its history are emptied, the day of birth keeps its year only, the ID number and its
    /// digest are removed. What the counts need stays (commune, sex, status, days, services), so derived figures do not
    /// move. Records are rewritten in batches of 500, each batch in one transaction with one audit event (no
    /// identifying data); a record changed meanwhile (its version moved) is left for the next run.
    ///
    /// - Returns: how many records were pseudonymised.
    public func pseudonymiseClosed(closedOnOrBefore cutoff: String, today: String, context: ChangeContext) async throws -> Int {
        let cipher = self.cipher
        var total = 0
        while true {
            let batch = try await RegistryPersonModel.query(on: database).filter(\.$closedOn <= cutoff).filter(\.$pseudonymisedOn == nil)
                .sort(\.$id).limit(500).all()
            guard !batch.isEmpty else { return total }
            let done = try await AuditLog(database: database).transaction { db, audit -> Int in
                var count = 0
                for row in batch {
                    guard let id = row.id else { continue }
                    func seal(_ text: String, _ column: String) -> String {
                        cipher.seal(text, for: SealedPlace(table: RegistryPersonModel.schema, column: column, recordID: id.uuidString))
                    }
                    let birthYear =
                        (try? cipher.open(
                            row.birthSealed,
                            for: SealedPlace(
                                table: RegistryPersonModel.schema, column: "birth_sealed", recordID: id.uuidString)))
                        .map { String($0.prefix(4)) } ?? ""
                    let sql = db as! any SQLDatabase
                    let updated = try await sql.update(RegistryPersonModel.schema)
                        .set("full_name_sealed", to: seal("Hồ sơ đã ẩn danh \(id.uuidString.prefix(8))", "full_name_sealed"))
                        .set("other_names_sealed", to: seal("", "other_names_sealed"))
                        .set("birth_sealed", to: seal(birthYear, "birth_sealed"))
                        .set("address_sealed", to: seal("", "address_sealed"))
                        .set("id_number_sealed", to: SQLLiteral.null).set("id_digest", to: SQLLiteral.null)
                        .set("pseudonymised_on", to: today).set("version", to: SQLRaw("version + 1"))
                        .where("id", .equal, id).where("version", .equal, row.version)
                        .returning("id").all()
                    guard !updated.isEmpty else { continue }
                    try await sql.update(RegistryPersonEventModel.schema).set("note_sealed", to: "").where("person_id", .equal, id).run()
                    count += 1
                }
                try await audit.record(
                    AuditEntry(
                        actor: context.actor, actorUnit: context.actorUnit, address: context.address, kind: .update, entity: Self.entity,
                        entityID: "retention", unitCode: nil,
                        summary: "Pseudonymised \(count) closed record(s) after the retention period (closed on or before \(cutoff))",
                        after: ["records": String(count), "closedOnOrBefore": cutoff]))
                return count
            }
            total += done
            // Records changed meanwhile are left in this batch; stop rather than read them again and again.
            if done < batch.count { return total }
        }
    }
}
