import Foundation
import Testing

@testable import PCMTStore

/// Time-ordered ids for the rows written in bulk (RFC 9562 §5.7, UUID version 7).
@Suite struct TimeOrderedUUIDTests {
    @Test func theLayoutIsVersion7() {
        var generator = SeededGenerator(seed: 7)
        // 2026-12-01T00:00:00Z is 1,796,083,200,000 ms: 0x01A2_2EE6_B000.
        let date = Date(timeIntervalSince1970: 1_796_083_200)
        let id = UUID.timeOrdered(at: date, using: &generator)
        let bytes = withUnsafeBytes(of: id.uuid) { Array($0) }
        #expect(Array(bytes[0..<6]) == [0x01, 0xA2, 0x2E, 0xE6, 0xB0, 0x00])
        #expect(bytes[6] >> 4 == 7, "version 7")
        #expect(bytes[8] >> 6 == 0b10, "variant 10")
        #expect(id.uuidString.hasPrefix("01A22EE6-B000-7"))
        #expect(UUID.timeOrdered(at: date, using: &generator) != id, "random bits differ within a millisecond")
    }

    @Test func laterIdsSortAfterEarlierOnesAsBytesAndAsText() {
        var generator = SeededGenerator(seed: 9)
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        let ids = (0..<2000).map { UUID.timeOrdered(at: start.addingTimeInterval(Double($0) * 0.0017), using: &generator) }
        let texts = ids.map(\.uuidString)
        #expect(texts == texts.sorted())
        let bytes = ids.map { withUnsafeBytes(of: $0.uuid) { Array($0) } }
        #expect(bytes == bytes.sorted { $0.lexicographicallyPrecedes($1) })
        #expect(Set(ids).count == ids.count)
    }
}
