import Foundation
import Testing

/// Compares rendered output with a file kept under Snapshots/, so that any change to a page is seen in review.
/// `PCMT_RECORD_SNAPSHOTS=1 swift test` writes the files anew; a missing file fails the test.
func assertSnapshot(
    _ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation,
    filePath: String = #filePath
) throws {
    let directory = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    let file = directory.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["PCMT_RECORD_SNAPSHOTS"] == "1" {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try actual.write(to: file, atomically: true, encoding: .utf8)
        return
    }
    guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
        Issue.record("No snapshot \(name); record it with PCMT_RECORD_SNAPSHOTS=1 and review it", sourceLocation: sourceLocation)
        return
    }
    if expected != actual {
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let firstDifference = zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }
        let line = firstDifference?.offset ?? min(expectedLines.count, actualLines.count)
        let expectedLine = line < expectedLines.count ? String(expectedLines[line]) : "(end)"
        let actualLine = line < actualLines.count ? String(actualLines[line]) : "(end)"
        Issue.record(
            "Snapshot \(name) differs from line \(line + 1):\n- \(expectedLine)\n+ \(actualLine)",
            sourceLocation: sourceLocation)
    }
}
