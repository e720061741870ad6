/// What a report over a period says about the data when its area ended or began within the period (pcmt issue 16,
/// item 3): Kon Tum's final review 2021–2025 takes the old units' figures to 30/06/2025 and those of the communes
/// formed on its territory after it (Nghị quyết 202/2025/QH15, 1677/NQ-UBTVQH15), and says so, with who reported.
public enum ReformStatement {
    /// Whose approved reports the round's report is made from: `reporters` units in all, `formedInPeriod` of them formed within the period in
    /// place of units that ended.
    public struct Reporting: Sendable, Equatable {
        public var reporters: Int
        public var formedInPeriod: Int
        public init(reporters: Int, formedInPeriod: Int) { self.reporters = reporters; self.formedInPeriod = formedInPeriod }
    }

    /// The lines, in Vietnamese, for a report of `area` over `period`; none when the area existed throughout it.
    ///
    /// - `madeFrom`: the names of the units whose figures stand for the area where it did not exist
    ///   (``UnitTimeline/cover(of:from:to:)``), `leftOut` those left out as only partly inside;
    /// - `rebasedElements`: how many data elements have a re-based figure in the period;
    /// - `reporting`: who sent the round's reports, when the report closes a round.
    ///
    /// An area that ended: "Từ ngày 01/07/2025 Tỉnh Kon Tum không còn (sắp xếp đơn vị hành chính): số liệu đến ngày
    /// 30/06/2025 do các cơ quan, đơn vị, địa phương của tỉnh báo cáo; số liệu từ ngày 01/07/2025 được tính lại theo
    /// địa bàn từ 40 đơn vị: …". An area that began says the same the other way round.
    public static func lines(
        area: OrgUnit, period: Period, madeFrom: [String], leftOut: [String], rebasedElements: Int, reporting: Reporting? = nil
    ) -> [String] {
        let days = DataValueRules.days(of: period)
        var lines: [String] = []
        func day(_ iso: String) -> String { OfficialDate.short(iso) }
        func units(_ names: [String]) -> String {
            let shown = names.prefix(8).joined(separator: ", ")
            return names.count > 8 ? "\(shown) và \(names.count - 8) đơn vị khác" : shown
        }
        let from = madeFrom.isEmpty ? "" : " từ số liệu của \(madeFrom.count) đơn vị trên địa bàn (\(units(madeFrom)))"
        // The report's tables give a figure for the whole period; the sentence says which of its elements are partly
        // re-based (the units' own reports and the boards mark each such figure "(tính lại)").
        let marked = rebasedElements > 0 ? "; \(rebasedElements) chỉ số có số liệu được tính lại như vậy" : ""
        if let end = area.validTo, end >= days.first, end < days.last, let next = OfficialDate(iso: end)?.nextDay {
            lines.append(
                "Từ ngày \(day(next.iso)), \(area.name) không còn là đơn vị hành chính riêng (sắp xếp đơn vị hành chính): "
                    + "số liệu đến ngày \(day(end)) do các cơ quan, đơn vị, địa phương của \(area.name) báo cáo; "
                    + "số liệu từ ngày \(day(next.iso)) được tính lại theo địa bàn\(from)\(marked).")
        } else if let start = area.validFrom, start > days.first, start <= days.last, let before = OfficialDate(iso: start)?.previousDay {
            lines.append(
                "\(area.name) được thành lập từ ngày \(day(start)) (sắp xếp đơn vị hành chính): "
                    + "số liệu đến ngày \(day(before.iso)) được tính lại theo địa bàn\(from)\(marked); "
                    + "số liệu từ ngày \(day(start)) do các cơ quan, đơn vị, địa phương của \(area.name) báo cáo.")
        } else {
            return []
        }
        if !leftOut.isEmpty {
            lines.append("Không tính số liệu của \(units(leftOut)) vì chỉ một phần thuộc địa bàn.")
        }
        if let reporting, reporting.formedInPeriod > 0 {
            lines.append(
                "Báo cáo kỳ này tổng hợp từ báo cáo đã được duyệt của \(reporting.reporters) cơ quan, đơn vị, địa phương, trong đó "
                    + "\(reporting.formedInPeriod) đơn vị được thành lập trong kỳ báo cáo thay cho các đơn vị đã kết thúc hoạt động.")
        }
        return lines
    }
}
