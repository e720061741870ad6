import Foundation
import Vapor

/// The purposes for which records are being viewed, per session and record, for a short time (issue 17: no record is
/// shown without a purpose, and every showing is audited with it). Giving the purpose shows the record once; while
/// the purpose holds, each later showing of the same record in the same session opens it again with that purpose
/// (one more audited read); after ``lifetime`` the purpose is asked again. Kept in this process's memory only: a
/// restart, or another session, asks again.
actor RegistryPurposes {
    struct Held: Sendable {
        var purpose: String
        var until: Date
    }

    /// How long a purpose holds after it was given.
    static let lifetime: TimeInterval = 10 * 60

    private var held: [String: Held] = [:]

    /// Used only by an application that was not configured (``configure(_:_:)`` sets its own).
    static let unconfigured = RegistryPurposes()

    private static func key(_ session: UUID, _ person: UUID) -> String { "\(session.uuidString)|\(person.uuidString)" }

    /// Remembers `purpose` for the record in this session until `now` + ``lifetime``; forgets those that ended.
    func remember(_ purpose: String, session: UUID, person: UUID, now: Date) {
        held = held.filter { $0.value.until > now }
        held[Self.key(session, person)] = Held(purpose: purpose, until: now.addingTimeInterval(Self.lifetime))
    }

    /// The purpose given for the record in this session, while it holds.
    func purpose(session: UUID, person: UUID, now: Date) -> Held? {
        guard let found = held[Self.key(session, person)], found.until > now else { return nil }
        return found
    }

    /// Forgets the purpose of the record in this session (the person closed the record's view).
    func forget(session: UUID, person: UUID) {
        held[Self.key(session, person)] = nil
    }
}

extension Application {
    private struct RegistryPurposesKey: StorageKey { typealias Value = RegistryPurposes }

    /// The purposes for which records are being viewed (``RegistryPurposes``): one for the application, set when it
    /// is configured.
    var registryPurposes: RegistryPurposes {
        get { storage[RegistryPurposesKey.self] ?? RegistryPurposes.unconfigured }
        set { storage[RegistryPurposesKey.self] = newValue }
    }
}
