/// A match of a search across a plan and the organisation units.
public struct SearchHit: Sendable, Equatable {
    public enum Subject: Sendable, Equatable {
        case plan(PlanSection)
        case unit(code: String)
    }

    public var subject: Subject
    public var title: String
    public var text: String
}

public enum PlanSearch {
    /// Units first (a name is what people usually look for), then the plan's paragraphs in document order.
    /// Matching ignores case and diacritics; every word of the query must occur.
    public static func search(_ query: String, plan: Plan?, units: [OrgUnit], limit: Int = 200) -> [SearchHit] {
        guard !query.foldedForSearch.split(whereSeparator: \.isWhitespace).isEmpty else { return [] }
        var hits: [SearchHit] = []
        for unit in units where ([unit.name, unit.code, unit.nameEn ?? ""] + unit.aliases).joined(separator: " ").matchesSearch(query) {
            hits.append(SearchHit(subject: .unit(code: unit.code), title: unit.name, text: unit.typeName))
        }
        if let plan {
            for assignment in plan.assignments where assignment.assignee.matchesSearch(query) {
                hits.append(
                    SearchHit(
                        subject: .plan(.assignment(number: assignment.number)),
                        title: assignment.assignee, text: assignment.assignee))
            }
            for (section, text) in plan.textSections() where text.matchesSearch(query) {
                hits.append(SearchHit(subject: .plan(section), title: "", text: text))
            }
        }
        return Array(hits.prefix(limit))
    }
}
