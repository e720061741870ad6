import Foundation
import PCMTDomain
import PCMTSeedData
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
