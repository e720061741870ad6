import PCMTTestSupport
import Testing
import Vapor

@Suite struct LanguageAndSecurityTests {
    @Test func theSwitchRemembersEnglishAndComesBack() async throws {
        try await withPCMT(.sqlite) { app in
            let response = try await app.get("/lang/en?back=/orgunits")
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location) == "/orgunits")
            let cookie = try #require(response.headers.setCookie?["pcmt_lang"])
            #expect(cookie.string == "en")
            #expect((cookie.maxAge ?? 0) > 30 * 24 * 3600)

            let page = try await app.get("/orgunits", headers: english).body.string
            #expect(page.contains(">Targets</a>"))
            #expect(page.contains("Huyện Ngọc Hồi"), "names stay as written")
            #expect(page.contains(">Tiếng Việt</a>"))
            let home = try await app.get("/", headers: english).body.string
            #expect(home.contains("Plan implementing") || home.contains("class=\"en\""), "English titles of the data are shown")
        }
    }

    @Test(arguments: ["//evil.example/x", "https://evil.example", "/\\evil.example", "javascript:alert(1)"])
    func theSwitchNeverRedirectsElsewhere(back: String) async throws {
        try await withPCMT(.sqlite) { app in
            let response = try await app.get("/lang/vi?back=\(back.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)")
            #expect(response.headers.first(name: .location) == "/")
        }
    }

    @Test func everyResponseCarriesTheSecurityHeaders() async throws {
        try await withPCMT(.sqlite) { app in
            for path in ["/", "/nope", "/api/v1/plans", "/api/v1/orgunits/nope", "/static/style.css"] {
                let response = try await app.get(path)
                let csp = response.headers.first(name: "Content-Security-Policy") ?? ""
                #expect(csp.contains("default-src 'self'") && !csp.contains("unsafe-inline"), "\(path)")
                #expect(response.headers.first(name: "X-Frame-Options") == "DENY")
                #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff")
                #expect(response.headers.first(name: "Referrer-Policy") == "same-origin")
            }
        }
    }

    @Test func whatVisitorsTypeIsEscaped() async throws {
        try await withPCMT(.sqlite) { app in
            let html = try await app.get("/search?q=%3Cscript%3Ealert(1)%3C/script%3E%22").body.string
            #expect(!html.contains("<script>alert(1)"))
            #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;"))
        }
    }
}
