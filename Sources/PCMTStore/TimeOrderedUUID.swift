import Foundation

extension UUID {
    /// A UUID of version 7 (RFC 9562, §5.7): the first 48 bits are the Unix time in milliseconds of `date`, then the
    /// version (7), 12 random bits, the variant (binary 10) and 62 random bits. Ids made later sort after ids made
    /// earlier — as bytes (PostgreSQL's `uuid`) and as the uppercase text SQLite keeps — so rows written in bulk are
    /// appended at the end of the primary key's index instead of at random places all over it, which a history that
    /// only grows would otherwise pay for at every write. Random bits from `generator` (the system's CSPRNG by
    /// default). Foundation makes only random (version 4) UUIDs, and no package of the mirror makes these.
    static func timeOrdered(at date: Date = Date(), using generator: inout some RandomNumberGenerator) -> UUID {
        let milliseconds = UInt64(max(0, date.timeIntervalSince1970 * 1000))
        let high = generator.next() as UInt64
        let low = generator.next() as UInt64
        func byte(_ value: UInt64, _ shift: UInt64) -> UInt8 { UInt8(truncatingIfNeeded: value >> shift) }
        return UUID(
            uuid: (
                byte(milliseconds, 40), byte(milliseconds, 32), byte(milliseconds, 24), byte(milliseconds, 16), byte(milliseconds, 8),
                byte(milliseconds, 0), 0x70 | (byte(high, 8) & 0x0F), byte(high, 0), 0x80 | (byte(low, 56) & 0x3F), byte(low, 48),
                byte(low, 40), byte(low, 32), byte(low, 24), byte(low, 16), byte(low, 8), byte(low, 0)
            ))
    }

    /// ``timeOrdered(at:using:)`` with the system's random number generator.
    static func timeOrdered(at date: Date = Date()) -> UUID {
        var generator = SystemRandomNumberGenerator()
        return timeOrdered(at: date, using: &generator)
    }
}
