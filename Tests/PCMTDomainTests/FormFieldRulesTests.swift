import Foundation
import PCMTDomain
import Testing

/// Which fields of a form a person changed (`DataEntryValidation.touched`) and when a report is overdue
/// (`Timeliness.isOverdue`), written out by hand.
@Suite struct FormFieldRulesTests {
    @Test(
        arguments: [
            // (typed, printed, touched)
            ("5", "5", false), (" 5 ", "5", false), ("", "", false), ("1.000", "1.000", false),
            ("6", "5", true), ("", "5", true), ("5", "", true), ("1000", "1.000", true),
            ("5", nil, true), ("", nil, true),
        ] as [(String, String?, Bool)])
    func aFieldIsTouchedWhenItsTextIsNotWhatThePagePrinted(_ typed: String, _ printed: String?, _ touched: Bool) {
        #expect(DataEntryValidation.touched(typed, printed: printed) == touched)
    }

    @Test(
        arguments: [
            // (sent, due, today, overdue)
            (false, "2024-12-20", "2024-12-20", false), (false, "2024-12-20", "2024-12-21", true), (false, "2024-12-20", "2025-01-02", true),
            (true, "2024-12-20", "2025-01-02", false), (false, "2024-12-20", "2024-12-19", false),
        ] as [(Bool, String, String, Bool)])
    func aReportIsOverdueFromTheDayAfterItsDueDateUntilItIsSent(_ sent: Bool, _ due: String, _ today: String, _ overdue: Bool) {
        #expect(Timeliness.isOverdue(firstSubmittedAt: sent ? Date(timeIntervalSince1970: 0) : nil, dueDate: due, today: today) == overdue)
    }
}
