import Testing

@testable import PCMTWeb

/// Text and attribute values written into pages, and values written into addresses, by table: the expected outputs
/// are written by hand here.
@Suite struct EscapingTests {
    @Test(arguments: [
        ("", ""),
        ("Kon Tum", "Kon Tum"),
        ("Tăng ≥ 5% so với năm trước", "Tăng ≥ 5% so với năm trước"),
        ("a < b & c > d", "a &lt; b &amp; c &gt; d"),
        ("\"quoted\" and 'single'", "&quot;quoted&quot; and &#39;single&#39;"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        // A combining mark after "<" makes one grapheme of both: walking characters left the "<" as it was.
        ("<\u{301}script>", "&lt;\u{301}script&gt;"),
        ("\"\u{308}onload=1", "&quot;\u{308}onload=1"),
        ("&amp;", "&amp;amp;"),
        ("👩‍👩‍👧 & 🇻🇳", "👩‍👩‍👧 &amp; 🇻🇳"),
    ])
    func htmlEscaping(input: String, expected: String) {
        #expect(input.htmlEscaped == expected)
        #expect(Node.text(input).rendered == expected)
    }

    @Test(arguments: [
        ("2023", "2023", "2023"),
        ("62-TAND", "62-TAND", "62-TAND"),
        ("a b", "a%20b", "a%20b"),
        ("a&b=c", "a&b=c", "a%26b%3Dc"),
        ("a/b", "a%2Fb", "a/b"),
        ("Xã Đắk Hà", "X%C3%A3%20%C4%90%E1%BA%AFk%20H%C3%A0", "X%C3%A3%20%C4%90%E1%BA%AFk%20H%C3%A0"),
        ("a+b?c#d", "a+b%3Fc%23d", "a%2Bb%3Fc%23d"),
    ])
    func addressEscaping(input: String, path: String, query: String) {
        #expect(input.urlPathEscaped == path)
        #expect(input.urlQueryEscaped == query)
    }
}
