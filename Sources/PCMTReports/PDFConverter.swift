import Foundation

/// Makes a PDF from a document pcmt wrote (Word .docx, Excel .xlsx) by running LibreOffice headless (issue 15,
/// item 5): the PDF is the same file a user would print from Word, laid out by an office suite, not a second
/// rendering of ours. Conversions run one at a time, each in a folder of its own that is removed afterwards, with a
/// LibreOffice profile kept for the life of the process (the first conversion creates it, which takes seconds).
///
/// When LibreOffice is not installed, ``availability`` says so and ``pdf(from:kind:)`` throws
/// ``PDFConversionError/unavailable(vi:en:)``: the web layer shows the reason beside the PDF link instead of failing.
///
/// At most ``maximumWaiting`` conversions wait at once; more are refused at once (``PDFConversionError/busy``). A
/// conversion that takes longer than ``timeout`` is stopped with every process LibreOffice started, and the next one
/// starts from a new profile, so that one document LibreOffice cannot finish never blocks the others.
public final class PDFConverter: @unchecked Sendable {
    public enum Availability: Sendable, Equatable {
        /// The LibreOffice program found, e.g. "/usr/bin/soffice".
        case available(String)
        /// Why no PDF can be made, in Vietnamese and English.
        case unavailable(vi: String, en: String)
    }

    public enum Source: String, Sendable {
        case docx, xlsx
    }

    public let availability: Availability
    /// The longest a conversion may take before LibreOffice is stopped, in seconds.
    public let timeout: TimeInterval
    /// How many conversions may wait or run at once.
    public let maximumWaiting: Int
    let queue = DispatchQueue(label: "pcmt.pdf-converter")
    /// The LibreOffice profile; read and replaced on `queue` only.
    var profile: URL
    let lock = NSLock()
    /// Conversions waiting or running; changed under `lock`.
    var pending = 0

    /// - Parameters:
    ///   - executable: the LibreOffice program; nil looks for `soffice`, then `libreoffice`, on `PATH`.
    ///   - environment: where `PATH` is read.
    ///   - timeout: the longest one conversion may take, in seconds.
    ///   - maximumWaiting: how many conversions may wait or run at once.
    public init(
        executable: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment, timeout: TimeInterval = 120,
        maximumWaiting: Int = 4
    ) {
        self.timeout = timeout
        self.maximumWaiting = maximumWaiting
        profile = Self.newProfile()
        if let executable, !executable.isEmpty {
            availability =
                FileManager.default.isExecutableFile(atPath: executable)
                ? .available(executable)
                : .unavailable(
                    vi: "không tìm thấy chương trình LibreOffice tại \(executable) (PCMT_SOFFICE)",
                    en: "the LibreOffice program \(executable) (PCMT_SOFFICE) does not exist")
            return
        }
        let found = Self.search(["soffice", "libreoffice"], path: environment["PATH"] ?? "/usr/bin:/bin")
        availability =
            found.map { .available($0) }
            ?? .unavailable(
                vi: "máy chủ chưa cài LibreOffice (gói libreoffice-writer-nogui và libreoffice-calc-nogui) để chuyển sang PDF",
                en: "LibreOffice is not installed on the server (packages libreoffice-writer-nogui and libreoffice-calc-nogui)")
    }

    deinit { try? FileManager.default.removeItem(at: profile) }

    static func newProfile() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("pcmt-libreoffice-\(UUID().uuidString)")
    }

    static func search(_ names: [String], path: String) -> String? {
        for directory in path.split(separator: ":") {
            for name in names {
                let candidate = "\(directory)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }

    /// The PDF made of `data`. Throws ``PDFConversionError``: LibreOffice missing, busy with ``maximumWaiting``
    /// others, failing, or taking longer than ``timeout``.
    public func pdf(from data: Data, kind: Source) async throws -> Data {
        guard case .available(let program) = availability else {
            if case .unavailable(let vi, let en) = availability { throw PDFConversionError.unavailable(vi: vi, en: en) }
            throw PDFConversionError.failed("unavailable")
        }
        let admitted = lock.withLock {
            guard pending < maximumWaiting else { return false }
            pending += 1
            return true
        }
        guard admitted else { throw PDFConversionError.busy }
        return try await withCheckedThrowingContinuation { continuation in
            queue.async { [self] in
                defer { lock.withLock { pending -= 1 } }
                continuation.resume(with: Result { try convert(data, kind: kind, program: program) })
            }
        }
    }

    func convert(_ data: Data, kind: Source, program: String) throws -> Data {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pcmt-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("document.\(kind.rawValue)")
        try data.write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = [
            "-env:UserInstallation=\(profile.absoluteString)", "--headless", "--norestore", "--nolockcheck", "--nodefault",
            "--convert-to", "pdf", "--outdir", folder.path, input.path,
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = folder.path
        process.environment = environment
        // LibreOffice's messages go to a file, so that a process that hangs cannot block a pipe's reader.
        let logFile = folder.appendingPathComponent("soffice.log")
        FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let output = try FileHandle(forWritingTo: logFile)
        defer { try? output.close() }
        process.standardOutput = output
        process.standardError = output
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            // The launcher's children (soffice.bin) outlive a signal to the launcher: stop them all, and start the
            // next conversion from a new profile, which a stopped LibreOffice may have left locked.
            let tree = Self.descendants(of: process.processIdentifier)
            process.terminate()
            for pid in tree { kill(pid, SIGKILL) }
            kill(process.processIdentifier, SIGKILL)
            _ = finished.wait(timeout: .now() + 5)
            try? FileManager.default.removeItem(at: profile)
            profile = Self.newProfile()
            throw PDFConversionError.timedOut(seconds: Int(timeout))
        }
        let log = (try? Data(contentsOf: logFile)) ?? Data()
        let pdf = folder.appendingPathComponent("document.pdf")
        guard process.terminationStatus == 0, let result = try? Data(contentsOf: pdf), result.starts(with: Data("%PDF-".utf8)) else {
            let message = String(decoding: log.suffix(500), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw PDFConversionError.failed("LibreOffice exited with status \(process.terminationStatus): \(message)")
        }
        return result
    }
}

public enum PDFConversionError: Error, CustomStringConvertible, Equatable {
    case unavailable(vi: String, en: String)
    /// ``PDFConverter/maximumWaiting`` conversions are already waiting.
    case busy
    case timedOut(seconds: Int)
    case failed(String)

    public var description: String {
        switch self {
        case .unavailable(_, let en): "No PDF: \(en)."
        case .busy: "No PDF now: other PDFs are being made; try again in a minute."
        case .timedOut(let seconds): "The PDF could not be made: LibreOffice took longer than \(seconds) s."
        case .failed(let reason): "The PDF could not be made: \(reason)."
        }
    }
}

extension PDFConverter {
    /// Every process below `root`, children first found, read from Linux's /proc (empty elsewhere).
    static func descendants(of root: Int32) -> [Int32] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        var parents: [Int32: Int32] = [:]
        for entry in entries {
            guard let pid = Int32(entry), let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { continue }
            // "pid (name) state ppid …": the name may hold spaces and parentheses, so read after the last ")".
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, let parent = Int32(fields[1]) { parents[pid] = parent }
        }
        var found: [Int32] = []
        var frontier: Set<Int32> = [root]
        while !frontier.isEmpty {
            let children = parents.filter { frontier.contains($0.value) }.map(\.key)
            found += children
            frontier = Set(children)
        }
        return found
    }
}
