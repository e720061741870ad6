import Foundation
import PCMTDomain
import PCMTStore

/// Import files checked by this process, by draft (``PCMTStore/ImportDraftStore``), so that the save from the preview
/// uses the rows as they were checked instead of reading and checking the file again.
///
/// An entry serves only the same person with the same role and unit, for the same plan, while units, plans and data
/// elements have not changed (``PCMTStore/ReferenceCache/referenceMark(on:)``); otherwise — or in another process of
/// the installation, or after a restart — the save reads the kept file and checks it again. The rules that depend on
/// what is saved (locks, versions, part ≤ whole) are always checked again at the save. At most ``lineLimit`` rows are
/// kept in all: the oldest entries go first.
final class CheckedImports: @unchecked Sendable {
    static let shared = CheckedImports()

    /// What a check depends on besides the file.
    struct Key: Equatable {
        var owner: String
        var role: Role
        var unitCode: String
        var planID: UUID
        var referenceMark: String
    }

    /// A file read and checked row by row: the rows that set a value, the rows without one, the notation used; and
    /// the review the preview showed (``DataEntryQueries/importReview(_:lines:plan:elements:)``), which the save takes
    /// as it is while the saved values it was made over are still current (``PCMTStore/SavedValues/stillCurrent(on:)``).
    struct Checked {
        var lines: [DataImport.Line]
        var withoutValue: Int
        var notation: DataImport.Notation
        var review: Review? = nil
    }

    /// A review without problems: each line's value saved now, the saved values read, the preview's fingerprint.
    struct Review {
        var current: [DataValue?]
        var known: SavedValues
        var state: String
    }

    /// A file checked, or refused with its problems row by row.
    enum Outcome {
        case checked(Checked)
        case refused([DataImport.RowError])
    }

    /// Rows kept in all (a 10,000-row file takes a few megabytes).
    static let lineLimit = 200_000

    private let lock = NSLock()
    private var entries: [UUID: (key: Key, checked: Checked)] = [:]
    private var order: [UUID] = []

    func keep(_ id: UUID, key: Key, _ checked: Checked) {
        lock.withLock {
            if entries.updateValue((key, checked), forKey: id) == nil { order.append(id) }
            var total = entries.values.reduce(0) { $0 + $1.checked.lines.count }
            while total > Self.lineLimit, let oldest = order.first {
                order.removeFirst()
                total -= entries.removeValue(forKey: oldest)?.checked.lines.count ?? 0
            }
        }
    }

    /// The check kept for the draft, when it was made under the same `key`.
    func checked(_ id: UUID, key: Key) -> Checked? {
        lock.withLock { entries[id].flatMap { $0.key == key ? $0.checked : nil } }
    }

    func forget(_ id: UUID) {
        lock.withLock {
            entries[id] = nil
            order.removeAll { $0 == id }
        }
    }
}
