import Fluent
import Foundation

/// A record that a built-in data set has been loaded, so that it is never loaded twice.
final class BuiltinLoadModel: Model, @unchecked Sendable {
    static let schema = "builtin_loads"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "loaded_at") var loadedAt: Date

    init() {}

    init(name: String, loadedAt: Date) { self.name = name; self.loadedAt = loadedAt }
}
