import PCMTDomain
import Testing

/// A year from its halves (issue 14, item 1): the board's rule in one place (`DataElement.Aggregation.year`), and what
/// a report of a year or half-year counts as there (`UnitFigure.of`), written out by hand for each case.
@Suite struct UnitFigureTests {
    struct YearCase: Sendable, CustomTestStringConvertible {
        var aggregation: DataElement.Aggregation
        var whole: Double?
        var first: Double?
        var second: Double?
        var expected: Double?
        var testDescription: String {
            "\(aggregation) whole \(String(describing: whole)) S1 \(String(describing: first)) S2 \(String(describing: second))"
        }
    }

    static let yearCases: [YearCase] = [
        // A year reported whole wins, whatever the halves say.
        .init(aggregation: .flow, whole: 300, first: 100, second: 150, expected: 300),
        .init(aggregation: .stock, whole: 40, first: 10, second: 20, expected: 40),
        .init(aggregation: .flag, whole: 0, first: 1, second: 1, expected: 0),
        // Flows are summed; one half alone is what there is.
        .init(aggregation: .flow, whole: nil, first: 100, second: 150, expected: 250),
        .init(aggregation: .flow, whole: nil, first: 100, second: nil, expected: 100),
        .init(aggregation: .flow, whole: nil, first: nil, second: 7.5, expected: 7.5),
        .init(aggregation: .flow, whole: nil, first: 0, second: 0, expected: 0),
        .init(aggregation: .flow, whole: nil, first: nil, second: nil, expected: nil),
        // Stocks are taken at the year's end: the second half, never the first.
        .init(aggregation: .stock, whole: nil, first: 10, second: 20, expected: 20),
        .init(aggregation: .stock, whole: nil, first: 10, second: nil, expected: nil),
        .init(aggregation: .stock, whole: nil, first: nil, second: 0, expected: 0),
        // Flags: yes when either half is.
        .init(aggregation: .flag, whole: nil, first: 1, second: 0, expected: 1),
        .init(aggregation: .flag, whole: nil, first: 0, second: 1, expected: 1),
        .init(aggregation: .flag, whole: nil, first: 0, second: 0, expected: 0),
        .init(aggregation: .flag, whole: nil, first: nil, second: 1, expected: 1),
        .init(aggregation: .flag, whole: nil, first: 0, second: nil, expected: 0),
    ]

    @Test(arguments: yearCases)
    func aYearIsReportedWholeOrMadeFromItsHalves(_ c: YearCase) {
        #expect(c.aggregation.year(whole: c.whole, first: c.first, second: c.second) == c.expected)
    }

    static let open = ReportingUnit(code: "611", name: "Huyện Đắk Hà", level: .district)
    static let ceased = ReportingUnit(code: "610", name: "Huyện Đắk Tô", level: .district, validTo: "2025-06-30")

    struct FigureCase: Sendable, CustomTestStringConvertible {
        var name: String
        var aggregation: DataElement.Aggregation
        var period: Period
        var ceased = false
        var whole: Double? = nil
        var first: Double? = nil
        var second: Double? = nil
        var entered: (whole: Bool, first: Bool, second: Bool) = (true, true, true)
        var expected: UnitFigure
        var testDescription: String { name }
    }

    static let figureCases: [FigureCase] = [
        .init(
            name: "flow, both halves: the sum, nothing asked", aggregation: .flow, period: .year(2024), first: 150, second: 156,
            expected: .init(value: 306, source: .halves, complete: true)),
        .init(
            name: "flow, the first half only: what there is, the second half asked for", aggregation: .flow, period: .year(2024),
            first: 150, expected: .init(value: 150, source: .halves, complete: false, missing: [.halfYear(2024, half: 2)])),
        .init(
            name: "flow, reported whole", aggregation: .flow, period: .year(2024), whole: 310, first: 150,
            expected: .init(value: 310, source: .entered, complete: true)),
        .init(
            name: "flow, nothing: the year asked for", aggregation: .flow, period: .year(2024),
            expected: .init(value: nil, source: .none, complete: false, missing: [.year(2024)])),
        .init(
            name: "stock, the second half is the year", aggregation: .stock, period: .year(2024), second: 42,
            expected: .init(value: 42, source: .halves, complete: true)),
        .init(
            name: "stock, the first half only says nothing of the year's end: the second half is asked for", aggregation: .stock,
            period: .year(2024), first: 40, expected: .init(value: nil, source: .none, complete: false, missing: [.halfYear(2024, half: 2)])),
        .init(
            name: "flow, a category of the second half left empty: the sum, the second half still asked for", aggregation: .flow,
            period: .year(2024), first: 19, second: 16, entered: (true, true, false),
            expected: .init(value: 35, source: .halves, complete: false, missing: [.halfYear(2024, half: 2)])),
        .init(
            name: "a year reported whole with a category empty, halves complete: complete from the halves", aggregation: .flow,
            period: .year(2024), whole: 30, first: 19, second: 16, entered: (false, true, true),
            expected: .init(value: 30, source: .entered, complete: true)),
        .init(
            name: "flag, both halves", aggregation: .flag, period: .year(2024), first: 0, second: 1,
            expected: .init(value: 1, source: .halves, complete: true)),
        .init(
            name: "half-year: its own value only", aggregation: .flow, period: .halfYear(2024, half: 2), whole: 300, first: 100,
            expected: .init(value: nil, source: .none, complete: false, missing: [.halfYear(2024, half: 2)])),
        .init(
            name: "half-year entered", aggregation: .stock, period: .halfYear(2024, half: 1), first: 12,
            expected: .init(value: 12, source: .entered, complete: true)),
        .init(
            name: "a unit that ceased on 30/06/2025: its 2025 is its first half", aggregation: .flow, period: .year(2025), ceased: true,
            first: 80, expected: .init(value: 80, source: .halves, complete: true)),
        .init(
            name: "a span asks for nothing", aggregation: .flow, period: .span(from: 2021, to: 2025),
            expected: .init(value: nil, source: .none, complete: true)),
    ]

    @Test(arguments: figureCases)
    func aReportCountsWhatTheBoardCounts(_ c: FigureCase) {
        let figure = UnitFigure.of(
            c.aggregation, period: c.period, unit: c.ceased ? Self.ceased : Self.open, whole: c.whole, first: c.first, second: c.second,
            entered: c.entered)
        #expect(figure == c.expected)
    }
}
