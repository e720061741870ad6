import Foundation

/// The years of a plan that a copy moves: first, last and baseline year.
public struct PlanYears: Sendable, Equatable {
    public var start: Int
    public var end: Int
    public var baseline: Int
    public init(start: Int, end: Int, baseline: Int) { self.start = start; self.end = end; self.baseline = baseline }
    public init(_ plan: Plan) { self.init(start: plan.startYear, end: plan.endYear, baseline: plan.baselineYear) }
}

/// Moves the years of a copied plan's texts to the new plan's years, consistently with its rules (a target due by the
/// old plan's last year is due by the new plan's last year), so that "đến năm 2025" of a 2021–2025 plan reads
/// "đến năm 2030" in its 2026–2030 copy.
///
/// The rule, for one text:
/// - a span of years "A–B" (en dash, em dash or hyphen, spaces allowed) that is exactly the old plan's years becomes
///   the new plan's years ("giai đoạn 2021–2025" → "giai đoạn 2026–2030"); any other span is left whole ("2016–2020");
/// - a year alone that is the old plan's last year becomes the new plan's last year ("đến năm 2025", "năm 2025");
/// - a year alone that is the old baseline year after "so với" / "compared with" (optionally "năm" / "the year")
///   becomes the new baseline year ("so với năm 2020" → "so với năm 2025");
/// - a year within the old plan's years after "giữa kỳ" / "mid-term" (a mid-term review) moves with the plan's
///   start ("sơ kết giữa kỳ (năm 2023)" → "sơ kết giữa kỳ (năm 2028)"), as a mid-term review's due year does;
/// - other years are left as written: a law's or a decision's year ("Luật … năm 2021") cannot be told from a plan
///   year, so only the plan's own end and span move;
/// - a number is not a year when it is part of a date or a number ("31/12/2025", "31-12-2025", "2025/NĐ-CP",
///   "12025", "2025,5").
public enum PlanYearShift {
    /// The text with its plan years moved from `old` to `new`.
    public static func shift(_ text: String, from old: PlanYears, to new: PlanYears) -> String {
        guard old != new, text.contains(where: \.isNumber) else { return text }
        let chars = Array(text)
        var out = ""
        var i = 0
        func year(at index: Int) -> Int? {
            guard index + 4 <= chars.count, chars[index..<index + 4].allSatisfy(\.isASCIIDigit) else { return nil }
            return Int(String(chars[index..<index + 4]))
        }
        /// Whether a 4-digit run at `start..<end` stands alone as a year (not part of a number, a date or a document
        /// number); in a span, the separator next to it is not held against it.
        func standsAlone(_ start: Int, _ end: Int, span: Bool) -> Bool {
            if start > 0 {
                let before = chars[start - 1]
                if before.isASCIIDigit { return false }
                if before == "/" || before == "." || (before == "-" && !span), start > 1, chars[start - 2].isASCIIDigit {
                    return false
                }
            }
            if end < chars.count {
                let after = chars[end]
                if after.isASCIIDigit || after == "/" { return false }
                if after == "." || after == "," || (after == "-" && !span), end + 1 < chars.count, chars[end + 1].isASCIIDigit {
                    return false
                }
            }
            return true
        }
        while i < chars.count {
            guard let first = year(at: i), i == 0 || !chars[i - 1].isASCIIDigit else {
                out.append(chars[i])
                i += 1
                continue
            }
            // A span "A–B": moved only when it is exactly the old plan's years, else left whole.
            if let separatorEnd = spanFollows(chars, i + 4), let second = year(at: separatorEnd),
                standsAlone(i, i + 4, span: true), standsAlone(separatorEnd, separatorEnd + 4, span: true)
            {
                if first == old.start, second == old.end {
                    out += "\(new.start)\(String(chars[(i + 4)..<separatorEnd]))\(new.end)"
                } else {
                    out += String(chars[i..<separatorEnd + 4])
                }
                i = separatorEnd + 4
                continue
            }
            if standsAlone(i, i + 4, span: false), first == old.end {
                out += String(new.end)
            } else if standsAlone(i, i + 4, span: false), first == old.baseline,
                afterComparison(String(chars[max(0, i - 24)..<i]))
            {
                out += String(new.baseline)
            } else if standsAlone(i, i + 4, span: false), old.start <= first, first < old.end,
                first + new.start - old.start <= new.end, afterMidTerm(String(chars[max(0, i - 24)..<i]))
            {
                out += String(first + new.start - old.start)
            } else {
                out += String(chars[i..<i + 4])
            }
            i += 4
        }
        return out
    }

    /// Where the year after a span separator ("–", "—", "-", spaces around it) starting at `index` begins, if one does.
    private static func spanFollows(_ chars: [Character], _ index: Int) -> Int? {
        var j = index
        while j < chars.count, chars[j] == " " { j += 1 }
        guard j < chars.count, ["–", "—", "-"].contains(chars[j]) else { return nil }
        j += 1
        while j < chars.count, chars[j] == " " { j += 1 }
        guard j + 4 <= chars.count, chars[j..<j + 4].allSatisfy(\.isASCIIDigit) else { return nil }
        return j
    }

    private static func afterMidTerm(_ before: String) -> Bool {
        let text = before.lowercased().trimmingCharacters(in: .whitespaces)
        return ["giữa kỳ (năm", "giữa kỳ năm", "giữa kỳ (", "giữa kỳ", "mid-term review (", "mid-term review in", "mid-term (", "mid-term"]
            .contains { text.hasSuffix($0) }
    }

    private static func afterComparison(_ before: String) -> Bool {
        let text = before.lowercased().trimmingCharacters(in: .whitespaces)
        return ["so với năm", "so với", "compared with the year", "compared with", "compared to"].contains { text.hasSuffix($0) }
    }

    /// A copy of `plan` with the years of every text of its sections moved (``shift(_:from:to:)``), the reporting
    /// duties due in the old last year due in the new one, and how many texts changed. The plan's own identity
    /// (number, title, issuer, legal basis) is not touched: the new plan's form sets those.
    public static func shift(_ plan: Plan, from old: PlanYears, to new: PlanYears) -> (plan: Plan, changedTexts: Int) {
        var plan = plan
        var changed = 0
        func move(_ text: inout String) {
            let moved = shift(text, from: old, to: new)
            if moved != text { text = moved; changed += 1 }
        }
        func move(_ text: inout String?) {
            guard var value = text else { return }
            move(&value)
            text = value
        }
        move(&plan.generalObjective); move(&plan.generalObjectiveEn)
        for g in plan.targetGroups.indices {
            move(&plan.targetGroups[g].text); move(&plan.targetGroups[g].titleEn)
            for t in plan.targetGroups[g].targets.indices {
                move(&plan.targetGroups[g].targets[t].text); move(&plan.targetGroups[g].targets[t].titleEn)
                move(&plan.targetGroups[g].targets[t].indicator); move(&plan.targetGroups[g].targets[t].indicatorEn)
            }
        }
        for k in plan.tasks.indices { move(&plan.tasks[k].text); move(&plan.tasks[k].titleEn) }
        for s in plan.solutions.indices {
            move(&plan.solutions[s].title); move(&plan.solutions[s].titleEn)
            for p in plan.solutions[s].points.indices { move(&plan.solutions[s].points[p]) }
        }
        for a in plan.assignments.indices {
            move(&plan.assignments[a].intro)
            for d in plan.assignments[a].duties.indices {
                move(&plan.assignments[a].duties[d].text)
                for b in plan.assignments[a].duties[d].bullets.indices { move(&plan.assignments[a].duties[d].bullets[b]) }
            }
        }
        for p in plan.projects.indices {
            move(&plan.projects[p].title); move(&plan.projects[p].titleEn); move(&plan.projects[p].guidance)
            for s in plan.projects[p].subprojects.indices {
                move(&plan.projects[p].subprojects[s].title); move(&plan.projects[p].subprojects[s].titleEn)
            }
        }
        for r in plan.reporting.indices {
            move(&plan.reporting[r].text); move(&plan.reporting[r].textEn)
            if let year = plan.reporting[r].year {
                if year == old.end {
                    plan.reporting[r].year = new.end
                } else if plan.reporting[r].kind == .midTermReview, old.start <= year, year < old.end,
                    year + new.start - old.start <= new.end
                {
                    plan.reporting[r].year = year + new.start - old.start
                }
            }
        }
        for o in plan.organisation.indices { move(&plan.organisation[o].text) }
        return (plan, changed)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
