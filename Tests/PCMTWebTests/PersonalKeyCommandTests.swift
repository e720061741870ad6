import Foundation
import PCMTDomain
import PCMTStore
import PCMTTestSupport
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import PCMTWeb

/// The personal data key as pcmt starts with it, and `pcmt personal-key rotate`, `reseal` and `prune` (issue 17).
@Suite struct PersonalKeyCommandTests {
    static let commune = UnitPlacement(unitCode: "23425", districtCode: nil, provinceCode: "51")
    static let other = UnitPlacement(unitCode: "23377", districtCode: nil, provinceCode: "51")
    static let officer = ChangeContext(actor: "xa23425", actorUnit: "23425", address: "127.0.0.1")
    static let today = "2026-11-30"

    static func registration(_ name: String, id: String?) -> PersonRegistration {
        PersonRegistration(
            identity: PersonIdentity(
                fullName: name, otherNames: "Tèo", sex: .male, birth: "1994-03-08", idNumber: id, address: "Thôn Mẫu Thử, số 9"),
            communeCode: "23425", status: .addict, statusOn: "2026-02-11", statusBody: "Trạm y tế xã Tu Mơ Rông",
            managedFrom: "2026-02-15")
    }

    func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pcmt-personal-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// pcmt started on `url` with the personal data key decided from `variables` as from the environment.
    func withKeyedPCMT<T>(url: DatabaseURL, variables: [String: String], _ body: (Application) async throws -> T) async throws -> T {
        try await withApp(
            configure: { app in
                app.logger.logLevel = .error
                var configuration = PCMTConfiguration(database: url, loadBuiltins: false, bcryptCost: 4)
                configuration.personalDataKeys = .variables(variables)
                try await configure(app, configuration)
            }, body)
    }

    /// Runs `pcmt personal-key …` in `app` and returns what it printed.
    func run(_ app: Application, _ arguments: [String]) async throws -> String {
        let console = RecordingConsole()
        var context = CommandContext(console: console, input: CommandInput(arguments: ["pcmt", "personal-key"] + arguments))
        context.application = app
        try await console.run(app.asyncCommands.group(), with: context)
        return console.text
    }

    /// Everything the database holds as text: the SQLite file (and its journal), or PostgreSQL's rows.
    func stored(_ app: Application, _ url: DatabaseURL) async throws -> String {
        switch url {
        case .sqlite(let path):
            return [path, path + "-wal"].compactMap { FileManager.default.contents(atPath: $0) }.map { String(decoding: $0, as: UTF8.self) }
                .joined()
        case .postgres:
            var text = ""
            let sql = app.db as! any SQLDatabase
            for table in ["registry_people", "registry_person_events", "audit_events"] {
                for row in try await sql.raw("SELECT t::text AS row FROM \(unsafeRaw: table) t").all() {
                    text += try row.decode(column: "row", as: String.self) + "\n"
                }
            }
            return text
        }
    }

    @Test func theKeyFileIsMadeOnTheFirstStartReadOnTheNextAndTheVariableWins() async throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try await withScratchDatabase(.sqlite) { url in
            let file = "\(dir)/keys/pcmt-personal.key"
            let first = try await withKeyedPCMT(url: url, variables: ["PCMT_PERSONAL_DATA_KEY_FILE": file]) { app in
                #expect(app.personalDataSetup.keyFile == file && !app.personalDataSetup.fromVariable)
                return app.personalData.keyring
            }
            let mode = try #require(try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int)
            #expect(mode & 0o777 == 0o600)
            #expect(try PersonalDataKeySetup.read(keyFile: file) == first)
            let second = try await withKeyedPCMT(url: url, variables: ["PCMT_PERSONAL_DATA_KEY_FILE": file]) { app in
                app.personalData.keyring
            }
            #expect(second == first && second.current.text == first.current.text)
            let given = PersonalDataKey.generate()
            try await withKeyedPCMT(url: url, variables: ["PCMT_PERSONAL_DATA_KEY": given.text, "PCMT_PERSONAL_DATA_KEY_FILE": file]) { app in
                #expect(app.personalData.keyring == PersonalDataKeyring(current: given))
                #expect(app.personalDataSetup.keyFile == nil && app.personalDataSetup.fromVariable)
                // Pages reach the same cipher through their request.
                let request = Request(application: app, on: app.eventLoopGroup.next())
                #expect(request.personalData.keyring == PersonalDataKeyring(current: given))
            }
        }
    }

    @Test func aKeyFileThatCannotBeReadStopsTheStartNamingTheFile() async throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try await withScratchDatabase(.sqlite) { url in
            let file = "\(dir)/pcmt-personal.key"
            let text = "# pcmt personal data key\n\(String(repeating: "ab", count: 31))\n"
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            do {
                _ = try await withKeyedPCMT(url: url, variables: ["PCMT_PERSONAL_DATA_KEY_FILE": file]) { _ in
                    Issue.record("pcmt started with a key file that holds no key")
                }
            } catch {
                #expect(
                    "\(error)" == "line 2 of the personal data key file \(file) is no key: a personal data key is exactly 32 bytes (this one has 31)")
            }
            // Nothing was made over it.
            #expect(try String(contentsOfFile: file, encoding: .utf8) == text)
            try FileManager.default.removeItem(atPath: file)
            try FileManager.default.createDirectory(atPath: file, withIntermediateDirectories: false)
            do {
                _ = try await withKeyedPCMT(url: url, variables: ["PCMT_PERSONAL_DATA_KEY_FILE": file]) { _ in
                    Issue.record("pcmt started with a key file it cannot read")
                }
            } catch {
                #expect("\(error)".hasPrefix("cannot read the personal data key file \(file): "))
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func rotateSealsTheRegistryAgainWithANewKeyAndPruneRemovesTheOldOneOnlyWhenNothingNeedsIt(backend: TestBackend) async throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = "\(dir)/pcmt-personal.key"
        try await withScratchDatabase(backend) { url in
            try await withKeyedPCMT(url: url, variables: ["PCMT_PERSONAL_DATA_KEY_FILE": file]) { app in
                let old = app.personalData.keyring.current
                let store = PeopleRegistryStore(database: app.db, cipher: app.personalData)
                let first = try await store.register(
                    Self.registration("Nguyễn Văn Mẫu", id: "001094000111"), placement: Self.commune, today: Self.today, context: Self.officer)
                let second = try await store.register(
                    Self.registration("Hồ Thị Thử", id: nil), placement: Self.commune, today: Self.today, context: Self.officer)
                try await store.addService(
                    first, kind: .counselling, on: "2026-03-01", note: "Tư vấn lần đầu", version: 1, today: Self.today, context: Self.officer)
                #expect(try await run(app, ["prune"]).contains("there is no earlier key to remove"))

                let rotated = try await run(app, ["rotate"])
                let ring = try PersonalDataKeySetup.read(keyFile: file)
                #expect(ring.previous == [old] && ring.current != old)
                #expect(app.personalData.keyring == ring)
                #expect(rotated.contains("Sealed 2 registry record(s) again with the key \(ring.current.id)."))
                #expect(!rotated.contains(ring.current.text) && !rotated.contains(old.text))
                let mode = try #require(try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int)
                #expect(mode & 0o777 == 0o600)

                // A cipher holding only the new key opens both records, their history, and matches the ID number.
                let newOnly = PeopleRegistryStore(database: app.db, cipher: PersonalDataCipher(keyring: PersonalDataKeyring(current: ring.current)))
                let opened = try await newOnly.open(first, purpose: "Kiểm tra sau khi đổi khóa", context: Self.officer)
                #expect(opened.identity.fullName == "Nguyễn Văn Mẫu" && opened.identity.idNumber == "001094000111")
                #expect(opened.history.map(\.note).contains("Tư vấn lần đầu"))
                #expect(try await newOnly.open(second, purpose: "Kiểm tra sau khi đổi khóa", context: Self.officer).identity.fullName == "Hồ Thị Thử")
                await #expect(throws: PeopleRegistryError.self) {
                    try await newOnly.register(
                        Self.registration("Người Khác", id: "001 094 000 111"), placement: Self.other, today: Self.today, context: Self.officer)
                }
                let oldOnly = PeopleRegistryStore(database: app.db, cipher: PersonalDataCipher(keyring: PersonalDataKeyring(current: old)))
                await #expect(throws: PersonalDataCipherError.self) {
                    try await oldOnly.open(first, purpose: "Thử khóa cũ", context: Self.officer)
                }

                // A server still running on the old key seals a record with it: prune refuses and leaves the file.
                _ = try await oldOnly.register(
                    Self.registration("Trần Văn Chậm", id: "001094000222"), placement: Self.commune, today: Self.today, context: Self.officer)
                let needing = try await newOnly.valuesSealedWithEarlierKeys()
                #expect(needing == 5)
                let before = try String(contentsOfFile: file, encoding: .utf8)
                do {
                    _ = try await run(app, ["prune"])
                    Issue.record("prune removed a key still needed")
                } catch {
                    #expect("\(error)".hasPrefix("5 sealed value(s) of the registries still need an earlier key: nothing removed."))
                }
                #expect(try String(contentsOfFile: file, encoding: .utf8) == before)

                #expect(try await run(app, ["reseal"]).contains("Sealed 1 registry record(s) again with the key \(ring.current.id)."))
                let pruned = try await run(app, ["prune"])
                #expect(pruned.contains("Removed 1 earlier key(s) from \(file); it holds the current key \(ring.current.id) alone."))
                #expect(try PersonalDataKeySetup.read(keyFile: file) == PersonalDataKeyring(current: ring.current))
                #expect(try await newOnly.list(communeCode: "23425").count == 3)
                #expect(try await newOnly.valuesSealedWithEarlierKeys() == 0)

                // The key changes are in the audit log, which still verifies; no key is in the database.
                let summaries = try await (app.db as! any SQLDatabase).raw(
                    "SELECT summary FROM audit_events WHERE entity = 'personal_data_key' ORDER BY seq"
                ).all().map { try $0.decode(column: "summary", as: String.self) }
                #expect(
                    summaries == [
                        "personal data key changed: new key \(ring.current.id), 1 earlier key(s) kept",
                        "earlier personal data keys removed: 1, current key \(ring.current.id)",
                    ])
                if case .broken(let seq, let reason) = try await AuditLog(database: app.db).verify() {
                    Issue.record("audit log broken at \(seq): \(reason)")
                }
                let database = try await stored(app, url)
                #expect(!database.isEmpty)
                for key in [old, ring.current] {
                    #expect(!database.contains(key.text) && !database.lowercased().contains(key.text))
                }
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func aKeyFromTheVariableIsNotRotatedButPruneSaysWhenTheEarlierOneCanGo(backend: TestBackend) async throws {
        let old = PersonalDataKey.generate()
        let new = PersonalDataKey.generate()
        try await withScratchDatabase(backend) { url in
            try await withKeyedPCMT(url: url, variables: ["PCMT_PERSONAL_DATA_KEY": old.text]) { app in
                _ = try await PeopleRegistryStore(database: app.db, cipher: app.personalData).register(
                    Self.registration("Nguyễn Văn Mẫu", id: "001094000111"), placement: Self.commune, today: Self.today, context: Self.officer)
                do {
                    _ = try await run(app, ["rotate"])
                    Issue.record("rotate changed a key that comes from the variable")
                } catch {
                    let message = "\(error)"
                    #expect(message.hasPrefix("The personal data key comes from PCMT_PERSONAL_DATA_KEY, which pcmt cannot change."))
                    #expect(message.contains("PCMT_PERSONAL_DATA_KEY_FILE") && message.contains("OLD,NEW"))
                    #expect(!message.contains(old.text))
                }
                #expect(app.personalData.keyring == PersonalDataKeyring(current: old))
            }
            // The operator sets OLD,NEW and restarts: prune refuses until reseal, then says the old key can go.
            try await withKeyedPCMT(url: url, variables: ["PCMT_PERSONAL_DATA_KEY": "\(old.text),\(new.text)"]) { app in
                #expect(app.personalData.keyring == PersonalDataKeyring(current: new, previous: [old]))
                await #expect(throws: (any Error).self) { _ = try await run(app, ["prune"]) }
                let resealed = try await run(app, ["reseal"])
                #expect(resealed.contains("Sealed 1 registry record(s) again with the key \(new.id)."))
                #expect(try await run(app, ["prune"]).contains("take them out of PCMT_PERSONAL_DATA_KEY, keeping its last key \(new.id) alone"))
            }
        }
    }
}

/// A console that keeps what a command prints.
final class RecordingConsole: Console, @unchecked Sendable {
    private let lock = NSLock()
    private var printed = ""
    private var info: [AnySendableHashable: any Sendable] = [:]

    var text: String { lock.withLock { printed } }

    var userInfo: [AnySendableHashable: any Sendable] {
        get { lock.withLock { info } }
        set { lock.withLock { info = newValue } }
    }

    func input(isSecure: Bool) -> String { "" }

    func output(_ text: ConsoleText, newLine: Bool) {
        lock.withLock { printed += text.description + (newLine ? "\n" : "") }
    }

    func report(error: String, newLine: Bool) {
        lock.withLock { printed += error + (newLine ? "\n" : "") }
    }

    func clear(_ type: ConsoleClear) {}

    var size: (width: Int, height: Int) { (80, 24) }
}
