import Foundation
import PCMTDomain
import PropertyBased
import Testing

@testable import PCMTStore

/// Sealing and matching the identifying fields of the registries (issue 17, item 2), with made-up people only.
@Suite struct PersonalDataCipherTests {
    static let place = SealedPlace(table: "registry_people", column: "full_name", recordID: "0192d0c4-0000-7000-8000-000000000001")
    static let cipher = PersonalDataCipher(keyring: PersonalDataKeyring(current: .generate()))

    /// Letters of Vietnamese names and a few others, so that generated texts have multi-byte characters.
    static let alphabet = Array("aăâbcdđeêghiklmnoôơpqrstuưvxyÀÁẠẢÃĂẰẮỲỴ Ỷỹ0123456789-.,'\u{00A0}😀")
    static let texts = Gen.int(in: 0...(alphabet.count - 1)).array(of: 0...60).map { String($0.map { alphabet[$0] }) }

    @Test func whatIsSealedOpensToTheSameTextAndShowsNothingOfIt() async {
        await propertyCheck(count: 400, input: Self.texts) { text in
            let sealed = Self.cipher.seal(text, for: Self.place)
            #expect(sealed.hasPrefix("pd1.\(Self.cipher.keyring.current.id)."))
            #expect((try? Self.cipher.open(sealed, for: Self.place)) == text)
            if text.count >= 4 { #expect(!sealed.contains(text)) }
            // A new nonce each time: the same name sealed twice gives two different values.
            #expect(sealed != Self.cipher.seal(text, for: Self.place))
        }
    }

    @Test func aValueMovedToAnotherRecordOrColumnOrChangedDoesNotOpen() throws {
        let sealed = Self.cipher.seal("Phạm Thị Mẫu", for: Self.place)
        var otherRecord = Self.place
        otherRecord.recordID = "0192d0c4-0000-7000-8000-000000000002"
        var otherColumn = Self.place
        otherColumn.column = "other_names"
        #expect(throws: PersonalDataCipherError.tampered) { try Self.cipher.open(sealed, for: otherRecord) }
        #expect(throws: PersonalDataCipherError.tampered) { try Self.cipher.open(sealed, for: otherColumn) }
        // One character of the ciphertext changed.
        var bytes = Array(sealed.utf8)
        let last = bytes.count - 5
        bytes[last] = bytes[last] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        #expect(throws: PersonalDataCipherError.tampered) { try Self.cipher.open(String(decoding: bytes, as: UTF8.self), for: Self.place) }
        #expect(throws: PersonalDataCipherError.notSealed) { try Self.cipher.open("Phạm Thị Mẫu", for: Self.place) }
    }

    @Test func afterAChangeOfKeyOldValuesStillOpenUntilSealedAgain() throws {
        let old = PersonalDataKey.generate()
        let before = PersonalDataCipher(keyring: PersonalDataKeyring(current: old))
        let sealed = before.seal("Lò Văn Mẫu", for: Self.place)
        let after = PersonalDataCipher(keyring: PersonalDataKeyring(current: .generate(), previous: [old]))
        #expect(try after.open(sealed, for: Self.place) == "Lò Văn Mẫu")
        #expect(!after.isCurrent(sealed))
        #expect(after.isCurrent(after.seal("Lò Văn Mẫu", for: Self.place)))
        // Without the old key, it cannot be opened, and the refusal names the key it needs.
        let lost = PersonalDataCipher(keyring: PersonalDataKeyring(current: .generate()))
        #expect(throws: PersonalDataCipherError.unknownKey(id: old.id)) { try lost.open(sealed, for: Self.place) }
    }

    @Test func anIDNumberIsMatchedByAKeyedDigestOfItsDigits() throws {
        let a = try Self.cipher.digest(idNumber: "001 088 012 345")
        #expect(a == (try Self.cipher.digest(idNumber: "001088012345")))
        #expect(a.count == 64 && a.allSatisfy(\.isHexDigit))
        #expect(!a.contains("001088012345"))
        #expect(a != (try Self.cipher.digest(idNumber: "001088012346")))
        // Another installation's key gives another digest: the digest cannot be looked up without the key.
        let other = PersonalDataCipher(keyring: PersonalDataKeyring(current: .generate()))
        #expect(a != (try other.digest(idNumber: "001088012345")))
        #expect(throws: PersonalIDNumberError.wrongLength(5)) { try Self.cipher.digest(idNumber: "12345") }
    }

    @Test func keysAreReadFromTextAndKeyFilesAsTheAuditKeyIs() throws {
        let key = PersonalDataKey.generate()
        #expect(try PersonalDataKey(text: key.text) == key)
        #expect(try PersonalDataKey(text: Data(key.bytes).base64EncodedString()) == key)
        #expect(throws: PersonalDataKeyError.wrongLength(bytes: 16)) { try PersonalDataKey(text: String(repeating: "ab", count: 16)) }
        #expect(throws: PersonalDataKeyError.unreadable) { try PersonalDataKey(text: "not a key!") }
        let previous = PersonalDataKey.generate()
        let ring = try PersonalDataKeyring(fileText: "# pcmt personal data key\n\(previous.text)\n\n\(key.text)\n", path: "k")
        #expect(ring.current == key && ring.previous == [previous])
        #expect(throws: PersonalDataKeyError.noKeyInFile(path: "k")) { try PersonalDataKeyring(fileText: "# none\n", path: "k") }
        // The key's id is written in every value; it is not the key.
        #expect(key.id.count == 16 && !key.text.contains(key.id))
    }
}
