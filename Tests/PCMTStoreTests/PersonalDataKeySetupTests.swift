import Foundation
import Testing

@testable import PCMTStore

/// Where the personal data key comes from when pcmt starts (``PersonalDataKeySetup``), and how its file changes.
@Suite struct PersonalDataKeySetupTests {
    func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pcmt-personal-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func mode(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) & 0o777
    }

    @Test func withoutSettingsAKeyIsMadeBesideTheSQLiteDatabaseReadableByItsOwnerOnlyAndReadBackTheSame() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let setup = try PersonalDataKeySetup.resolve(environment: [:], database: .sqlite(path: "\(dir)/pcmt.sqlite"))
        #expect(setup.keyFile == "\(dir)/pcmt-personal.key")
        #expect(try mode("\(dir)/pcmt-personal.key") == 0o600)
        let text = try String(contentsOfFile: "\(dir)/pcmt-personal.key", encoding: .utf8)
        #expect(text.hasPrefix("# pcmt personal data key") && text.hasSuffix(setup.keyring.current.text + "\n"))
        #expect(setup.keyring.previous.isEmpty)
        #expect(setup.warnings.count == 2)
        #expect(setup.warnings[0].contains("beside the database") && setup.warnings[1].hasPrefix("Created a new personal data key"))
        // No warning holds the key.
        #expect(!setup.warnings.joined().contains(setup.keyring.current.text))
        // The next start reads the same key and only warns where it lies.
        let again = try PersonalDataKeySetup.resolve(environment: [:], database: .sqlite(path: "\(dir)/pcmt.sqlite"))
        #expect(again.keyring == setup.keyring && again.keyring.current.text == setup.keyring.current.text)
        #expect(again.warnings.count == 1)
        #expect(try String(contentsOfFile: "\(dir)/pcmt-personal.key", encoding: .utf8) == text)
    }

    @Test func forPostgreSQLTheKeyIsInTheWorkingFolderAndANamedFileIsCreatedWhereItIsNamed() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let named = "\(dir)/secrets/registry.key"
        let setup = try PersonalDataKeySetup.resolve(
            environment: ["PCMT_PERSONAL_DATA_KEY_FILE": named], database: .postgres(url: "postgres://db/pcmt"))
        #expect(setup.keyFile == named)
        #expect(try mode(named) == 0o600)
        #expect(setup.warnings.count == 1 && setup.warnings[0].hasPrefix("Created a new personal data key in \(named)"))
        #expect(PersonalDataKeySetup.defaultKeyFile(database: .postgres(url: "postgres://db/pcmt")) == "./pcmt-personal.key")
        #expect(PersonalDataKeySetup.defaultKeyFile(database: .sqlite(path: "pcmt.sqlite")) == "./pcmt-personal.key")
        #expect(PersonalDataKeySetup.defaultKeyFile(database: .sqlite(path: "/var/lib/pcmt/pcmt.sqlite")) == "/var/lib/pcmt/pcmt-personal.key")
    }

    @Test func theKeyInTheEnvironmentWinsOverTheFileAndMayHoldAnEarlierKeyBeforeTheCurrentOne() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let inFile = PersonalDataKey.generate()
        try "\(inFile.text)\n".write(toFile: "\(dir)/k", atomically: true, encoding: .utf8)
        let old = PersonalDataKey.generate()
        let new = PersonalDataKey.generate()
        let setup = try PersonalDataKeySetup.resolve(
            environment: ["PCMT_PERSONAL_DATA_KEY": new.text, "PCMT_PERSONAL_DATA_KEY_FILE": "\(dir)/k"],
            database: .sqlite(path: "\(dir)/pcmt.sqlite"))
        #expect(setup.keyring == PersonalDataKeyring(current: new) && setup.keyFile == nil && setup.warnings.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/pcmt-personal.key"))
        let both = try PersonalDataKeySetup.resolve(
            environment: ["PCMT_PERSONAL_DATA_KEY": " \(old.text),\(new.text)\n"], database: .sqlite(path: "\(dir)/pcmt.sqlite"))
        #expect(both.keyring == PersonalDataKeyring(current: new, previous: [old]))
        #expect(throws: PersonalDataKeyError.badKeyInEnvironment(position: 2, problem: "a personal data key is exactly 32 bytes (this one has 3)")) {
            try PersonalDataKeySetup.resolve(environment: ["PCMT_PERSONAL_DATA_KEY": "\(old.text),abcdef"], database: .sqlite(path: "x"))
        }
    }

    @Test func aKeyFileThatCannotBeReadStopsTheStartNamingItAndIsNeverReplaced() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let database = DatabaseURL.sqlite(path: "\(dir)/pcmt.sqlite")
        // A folder where the file should be: it exists and cannot be read as a file.
        try FileManager.default.createDirectory(atPath: "\(dir)/pcmt-personal.key", withIntermediateDirectories: true)
        do {
            _ = try PersonalDataKeySetup.resolve(environment: [:], database: database)
            Issue.record("a key file that cannot be read was accepted")
        } catch {
            guard case .cannotRead(let path, _) = error else { throw error }
            #expect(path == "\(dir)/pcmt-personal.key")
            #expect(error.description.hasPrefix("cannot read the personal data key file \(dir)/pcmt-personal.key: "))
        }
        // A file holding something that is no key: its line is named, and the file stays as it was.
        let garbled = "# pcmt personal data key\n\(PersonalDataKey.generate().text)\nnot a key!\n"
        try garbled.write(toFile: "\(dir)/k", atomically: true, encoding: .utf8)
        #expect(
            throws: PersonalDataKeyError.badKeyInFile(path: "\(dir)/k", line: 3, problem: "a personal data key is 64 hexadecimal digits, or Base64")
        ) { try PersonalDataKeySetup.resolve(environment: ["PCMT_PERSONAL_DATA_KEY_FILE": "\(dir)/k"], database: database) }
        #expect(try String(contentsOfFile: "\(dir)/k", encoding: .utf8) == garbled)
        // An empty file holds no key: refused, not filled with a new one.
        try "".write(toFile: "\(dir)/empty", atomically: true, encoding: .utf8)
        #expect(throws: PersonalDataKeyError.noKeyInFile(path: "\(dir)/empty")) {
            try PersonalDataKeySetup.resolve(environment: ["PCMT_PERSONAL_DATA_KEY_FILE": "\(dir)/empty"], database: database)
        }
        #expect(try String(contentsOfFile: "\(dir)/empty", encoding: .utf8).isEmpty)
        #expect(
            PersonalDataKeyError.badKeyInFile(path: "/etc/pcmt/k", line: 3, problem: "x").description
                == "line 3 of the personal data key file /etc/pcmt/k is no key: x")
    }

    @Test func aNewKeyIsAddedLastAndEarlierKeysArePrunedInPlaceWithTheFileReadableByItsOwnerOnly() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = "\(dir)/k"
        let first = PersonalDataKey.generate()
        try "# kept comment\n\(first.text)".write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o644)
        let second = PersonalDataKey.generate()
        let ring = try PersonalDataKeySetup.append(second, toKeyFile: path)
        #expect(ring == PersonalDataKeyring(current: second, previous: [first]))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "# kept comment\n\(first.text)\n\(second.text)\n")
        #expect(try mode(path) == 0o600)
        // No temporary file is left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["k"])
        #expect(try PersonalDataKeySetup.pruneEarlierKeys(inKeyFile: path) == 1)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "# kept comment\n\(second.text)\n")
        #expect(try PersonalDataKeySetup.read(keyFile: path) == PersonalDataKeyring(current: second))
        #expect(try PersonalDataKeySetup.pruneEarlierKeys(inKeyFile: path) == 0)
        #expect(try mode(path) == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["k"])
        // Through a symbolic link, the file it points to is replaced and the link stays.
        try FileManager.default.createSymbolicLink(atPath: "\(dir)/link", withDestinationPath: path)
        _ = try PersonalDataKeySetup.append(first, toKeyFile: "\(dir)/link")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "\(dir)/link") == path)
        #expect(try PersonalDataKeySetup.read(keyFile: path) == PersonalDataKeyring(current: first, previous: [second]))
    }

    @Test func aKeyPrintedShowsItsIdOnly() {
        let key = PersonalDataKey.generate()
        let ring = PersonalDataKeyring(current: key, previous: [.generate()])
        var dumped = ""
        dump(ring, to: &dumped)
        for text in ["\(key)", String(reflecting: key), "\(ring)", String(reflecting: ring), dumped] {
            #expect(!text.contains(key.text) && !text.contains(ring.previous[0].text))
            #expect(text.contains(key.id))
        }
    }
}
