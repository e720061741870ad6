import PCMTStore
import Testing

@Suite struct DatabaseURLTests {
    @Test func readsSQLiteAndPostgresURLs() throws {
        #expect(try DatabaseURL("sqlite://pcmt.sqlite") == .sqlite(path: "pcmt.sqlite"))
        #expect(try DatabaseURL("sqlite:///var/lib/pcmt/data.sqlite") == .sqlite(path: "/var/lib/pcmt/data.sqlite"))
        #expect(try DatabaseURL("postgres://u:p@db:5432/pcmt") == .postgres(url: "postgres://u:p@db:5432/pcmt"))
        #expect(try DatabaseURL(DatabaseURL.defaultValue) == .sqlite(path: "pcmt.sqlite"))
    }

    @Test(arguments: ["", "mysql://x", "sqlite://", "pcmt.sqlite", "postgres://"])
    func refusesWhatItCannotUse(text: String) {
        #expect(throws: DatabaseURLError.self) { try DatabaseURL(text) }
    }

    @Test func hidesThePasswordInLogs() throws {
        let url = try DatabaseURL("postgres://pcmt:s3cret@db.example:5432/pcmt")
        #expect(!url.redacted.contains("s3cret"))
        #expect(url.redacted.contains("db.example"))
    }
}
