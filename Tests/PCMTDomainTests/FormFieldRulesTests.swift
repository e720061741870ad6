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
            // (state, due, today, overdue)
            (SubmissionState.draft, "2024-12-20", "2024-12-20", false), (.draft, "2024-12-20", "2024-12-21", true),
            (.draft, "2024-12-20", "2025-01-02", true), (.submitted, "2024-12-20", "2025-01-02", false),
            (.approved, "2024-12-20", "2025-01-02", false), (.draft, "2024-12-20", "2024-12-19", false),
            // Returned (or reopened) and not sent again: back with the unit, overdue once the due date has passed.
            (.returned, "2024-12-20", "2025-01-02", true), (.returned, "2024-12-20", "2024-12-20", false),
        ] as [(SubmissionState, String, String, Bool)])
    func aReportIsOverdueFromTheDayAfterItsDueDateUntilItIsSent(_ state: SubmissionState, _ due: String, _ today: String, _ overdue: Bool) {
        #expect(Timeliness.isOverdue(state: state, dueDate: due, today: today) == overdue)
    }
}
