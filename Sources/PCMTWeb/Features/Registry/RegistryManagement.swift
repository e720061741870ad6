import Foundation
import PCMTDomain
import PCMTSeedData
import PCMTStore
import Vapor

extension Application {
    private struct ManagementRulesKey: StorageKey { typealias Value = ManagementRules }

    /// The registry's management periods and to-do rules (``ManagementRules``), read from the built-in data file when
    /// the application is configured (which refuses to start when the file is wrong, naming the field).
    var managementRules: ManagementRules {
        get {
            if let rules = storage[ManagementRulesKey.self] { return rules }
            do { return try ManagementRules.builtIn() } catch { fatalError("\(error)") }
        }
        set { storage[ManagementRulesKey.self] = newValue }
    }

    /// Reads the built-in management periods' file once, when the application is configured.
    ///
    /// - Throws: ``ManagementRulesError`` naming the file and the field.
    func loadManagementRules() throws {
        managementRules = try ManagementRules.builtIn()
    }
}

/// The registry's due dates on the home page of those who keep registers (issue 17: "the due dates … on the
/// commune's and district's to-do list"): how many of each, counted over the communes within reach without opening
/// any record, and the way to the registry's to-do list.
enum RegistryToDo {
    struct Summary {
        var ending = 0
        var ended = 0
        var services = 0
        var dueWithinDays: Int

        var isEmpty: Bool { ending + ended + services == 0 }
    }

    /// The summary for the signed-in keeper of registers; nil for anyone else, or when nothing is due.
    static func summary(_ request: Request) async throws -> Summary? {
        let context = PageContext(request).query
        guard let principal = context.principal, Capability.managePeople.isOpen(to: principal.role) else { return nil }
        let communes = try await RegistryQueries.communesWithinReach(context)
        guard !communes.isEmpty else { return nil }
        let rules = request.application.managementRules
        let items = try await PeopleRegistryStore(database: request.db, cipher: request.personalData).dueItems(
            communeCodes: communes.map(\.code), today: RegistryQueries.today(context), rules: rules)
        var summary = Summary(dueWithinDays: rules.dueWithinDays)
        for item in items {
            switch item {
            case .managementEnding: summary.ending += 1
            case .managementEnded: summary.ended += 1
            case .serviceOverdue: summary.services += 1
            }
        }
        return summary.isEmpty ? nil : summary
    }

    static func view(_ summary: Summary, t: Localizer) -> Node {
        var parts: [String] = []
        if summary.ending > 0 {
            parts.append(
                t(
                    "\(summary.ending) management period(s) ending within \(summary.dueWithinDays) days",
                    "\(summary.ending) thời hạn quản lý kết thúc trong \(summary.dueWithinDays) ngày tới"))
        }
        if summary.ended > 0 {
            parts.append(t("\(summary.ended) ended with the record still open", "\(summary.ended) đã hết thời hạn, hồ sơ chưa đóng"))
        }
        if summary.services > 0 {
            parts.append(t("\(summary.services) addict(s) without any service", "\(summary.services) người nghiện chưa có dịch vụ"))
        }
        return h(
            "section", ["class": "todo registry-todo-summary"],
            [
                h("h2", [:], t("Registers: due dates", "Sổ quản lý: các mốc đến hạn")),
                h(
                    "p", [:],
                    [
                        .text(parts.joined(separator: "; ") + ". "),
                        h("a", ["href": SiteURL.registry.path], t("See the to-do list", "Xem danh sách việc cần làm")),
                    ]),
            ])
    }
}
