import Foundation

/// A match of a search across a plan and the organisation units.
public struct SearchHit: Sendable, Equatable {
    public enum Subject: Sendable, Equatable {
        case plan(PlanSection)
        case unit(code: String)
        /// A plan found by its number or title.
        case planDocument(id: UUID)
        /// A data element of the plan, with the targets that read it.
        case element(code: String, targets: [String])
    }

    public var subject: Subject
    public var title: String
    public var text: String
}

public enum PlanSearch {
    /// Units first (a name is what people usually look for), then the plan's paragraphs in document order.
    /// Matching ignores case and diacritics; every word of the query must occur.
    ///
    /// Also (issue 14, item 6): a plan by its number or title among `plans` ("3959" finds 3959/KH-UBND), first; a
    /// target by its code ("T04", "t04"), before the paragraphs; a data element of `elements` by its name or code, with
    /// the targets that read it.
    public static func search(
        _ query: String, plan: Plan?, units: [OrgUnit], plans: [Plan] = [], elements: [DataElement] = [], limit: Int = 200
    ) -> [SearchHit] {
        guard !query.foldedForSearch.split(whereSeparator: \.isWhitespace).isEmpty else { return [] }
        var hits: [SearchHit] = []
        for candidate in plans where "\(candidate.code) \(candidate.title) \(candidate.titleEn ?? "")".matchesSearch(query) {
            hits.append(SearchHit(subject: .planDocument(id: candidate.id), title: candidate.code, text: candidate.title))
        }
        let typed = query.trimmingCharacters(in: .whitespaces).lowercased()
        if let plan, let target = plan.targets.first(where: { $0.code.lowercased() == typed }) {
            hits.append(SearchHit(subject: .plan(.target(code: target.code)), title: target.code, text: target.text))
        }
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
            for element in elements
            where ([element.name, element.code, element.nameEn ?? ""] + element.categories.map(\.name)).joined(separator: " ").matchesSearch(query) {
                let readers = plan.targets.filter { $0.measure?.elementCodes.contains(element.code) == true }.map(\.code)
                hits.append(
                    SearchHit(
                        subject: .element(code: element.code, targets: readers), title: element.name,
                        text: element.measure))
            }
            for (section, text) in plan.textSections() where text.matchesSearch(query) {
                if case .target(let code) = section, code.lowercased() == typed { continue }
                hits.append(SearchHit(subject: .plan(section), title: "", text: text))
            }
        }
        return Array(hits.prefix(limit))
    }
}
