import Foundation
import PCMTDomain
import PCMTStore
import Vapor

/// `pcmt registry-retention`: pseudonymises the registry's records closed longer ago than the installation's retention
/// period (`PCMT_REGISTRY_RETENTION_YEARS`, ``RegistryRetention``), as of the province's day. Meant to run daily
/// (a systemd timer or cron beside `pcmt serve`); running it again pseudonymises nothing twice.
struct RegistryRetentionCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "years", help: "Years after closing (default: PCMT_REGISTRY_RETENTION_YEARS, else 5)")
        var years: String?
    }

    var help: String { "Pseudonymise the registry's records closed longer ago than the retention period" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let setting = signature.years ?? Environment.get("PCMT_REGISTRY_RETENTION_YEARS")
        let years: Int
        switch RegistryRetention.years(setting) {
        case .success(let value): years = value
        case .failure(let problem): throw CommandFailure(description: "\(problem.field): \(problem.messageEn)")
        }
        let today = app.clock.todayISO
        guard let cutoff = RegistryRetention.cutoff(today: today, years: years) else {
            throw CommandFailure(description: "today (\(today)) is not a day")
        }
        let count = try await PeopleRegistryStore(database: app.db, cipher: app.personalData).pseudonymiseClosed(
            closedOnOrBefore: cutoff, today: today, context: ChangeContext(actor: "cli", actorUnit: nil, address: "command line"))
        context.console.print(
            "Pseudonymised \(count) record(s) closed on or before \(OfficialDate.short(cutoff)) (retention: \(years) year(s) after closing).")
    }
}
