import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation

/// Where the data lives, from `PCMT_DATABASE_URL`: `sqlite://relative.sqlite`, `sqlite:///absolute/path.sqlite`
/// or `postgres://user:password@host:port/database`.
public enum DatabaseURL: Equatable, Sendable {
    case sqlite(path: String)
    case postgres(url: String)

    public static let defaultValue = "sqlite://pcmt.sqlite"

    public init(_ text: String) throws {
        if text.hasPrefix("sqlite://") {
            let path = String(text.dropFirst("sqlite://".count))
            guard !path.isEmpty else { throw DatabaseURLError(url: text, reason: "the SQLite file path is empty") }
            self = .sqlite(path: path)
        } else if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            guard URL(string: text)?.host != nil else {
                throw DatabaseURLError(url: text, reason: "a PostgreSQL URL needs a host")
            }
            self = .postgres(url: text)
        } else {
            throw DatabaseURLError(url: text, reason: "it must start with sqlite:// or postgres://")
        }
    }

    public var configuration: DatabaseConfigurationFactory {
        get throws {
            switch self {
            case .sqlite(let path):
                return .sqlite(.file(path), sqlLogLevel: .debug)
            case .postgres(let url):
                return .postgres(configuration: try SQLPostgresConfiguration(url: url), sqlLogLevel: .debug)
            }
        }
    }

    public var databaseID: DatabaseID {
        switch self {
        case .sqlite: .sqlite
        case .postgres: .psql
        }
    }

    /// The URL with any password hidden, for logs.
    public var redacted: String {
        switch self {
        case .sqlite(let path): return "sqlite://\(path)"
        case .postgres(let url):
            guard var components = URLComponents(string: url) else { return "postgres://…" }
            if components.password != nil { components.password = "***" }
            return components.string ?? "postgres://…"
        }
    }
}

public struct DatabaseURLError: Error, CustomStringConvertible {
    public var url: String
    public var reason: String
    public var description: String { "PCMT_DATABASE_URL is not usable (\(reason))." }
}
