import PCMTReports
import Testing

/// The board's CSV and every other CSV of pcmt: numbers stay numbers, formulas stay text.
@Suite struct CSVCellTests {
    func line(_ cells: [String]) -> String {
        let document = CSVWriter.document([cells])
        // "\r\n" is one Character.
        return String(document.dropFirst().dropLast(1))
    }

    @Test(arguments: [
        ("-1.8", "\"-1.8\""), ("-12", "\"-12\""), ("-17.9%", "\"-17.9%\""), ("0.5", "\"0.5\""), ("2074", "\"2074\""),
        ("-0", "\"-0\""),
    ])
    func negativeNumbersStayNumbers(cell: String, written: String) {
        #expect(line([cell]) == written)
    }

    @Test(arguments: [
        ("=1+2", "\"'=1+2\""), ("+1", "\"'+1\""), ("-1+2", "\"'-1+2\""), ("-A1", "\"'-A1\""), ("-2e3", "\"'-2e3\""),
        ("-", "\"'-\""), ("-1.", "\"'-1.\""), ("-.5", "\"'-.5\""), ("-1.2.3", "\"'-1.2.3\""), ("@SUM(A1)", "\"'@SUM(A1)\""),
        ("-1,5", "\"'-1,5\""), ("-١", "\"'-١\""), ("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""),
        ("\t-1", "\"'\t-1\""),
    ])
    func formulasAreNeutralised(cell: String, written: String) {
        #expect(line([cell]) == written)
    }

    @Test func theBoardsRowKeepsItsNegativeGrowth() {
        // A row as the board's export writes it: code, text, value, change.
        #expect(line(["T02", "Giảm số vụ", "2074", "-17.9%"]) == "\"T02\",\"Giảm số vụ\",\"2074\",\"-17.9%\"")
    }
}
