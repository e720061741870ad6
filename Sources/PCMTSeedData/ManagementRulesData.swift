import Foundation
import PCMTDomain

extension ManagementRules {
    /// The built-in data file of the registry's management periods, as named in errors.
    public static let builtInFile = "registry/management-periods.json"

    /// The management periods and to-do rules pcmt ships with (`Resources/registry/management-periods.json`).
    ///
    /// - Throws: ``ManagementRulesError`` naming the file and the field when the file is wrong, or the file cannot be read.
    public static func builtIn() throws -> ManagementRules {
        try load(from: BuiltinCatalog.resourcesDirectory.appendingPathComponent(builtInFile), named: builtInFile)
    }

    /// The rules of the file at `url`, errors naming it `name`.
    public static func load(from url: URL, named name: String) throws -> ManagementRules {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ManagementRulesError(file: name, field: "", message: "cannot be read (\(error.localizedDescription))")
        }
        return try parse(data, file: name)
    }
}
