import Foundation

/// Every page address of the site, built in one place.
enum SiteURL {
    case home
    case plans
    case plan(UUID)
    case targets(UUID)
    case tasks(UUID)
    case solutions(UUID)
    case assignments(UUID)
    case assignment(UUID, number: Int)
    case projects(UUID)
    case orgUnits
    case orgUnit(code: String)
    case search(query: String?)
    case language(String, back: String)
    case stylesheet

    var path: String {
        switch self {
        case .home: "/"
        case .plans: "/plans"
        case .plan(let id): "/plans/\(id.slug)"
        case .targets(let id): "/plans/\(id.slug)/targets"
        case .tasks(let id): "/plans/\(id.slug)/tasks"
        case .solutions(let id): "/plans/\(id.slug)/solutions"
        case .assignments(let id): "/plans/\(id.slug)/assignments"
        case .assignment(let id, let number): "/plans/\(id.slug)/assignments/\(number)"
        case .projects(let id): "/plans/\(id.slug)/projects"
        case .orgUnits: "/orgunits"
        case .orgUnit(let code): "/orgunits/\(code.urlPathEscaped)"
        case .search(let query): query.map { "/search?q=\($0.urlQueryEscaped)" } ?? "/search"
        case .language(let language, let back): "/lang/\(language)?back=\(back.urlQueryEscaped)"
        case .stylesheet: "/static/style.css"
        }
    }
}

extension UUID {
    var slug: String { uuidString.lowercased() }
}

extension String {
    var urlQueryEscaped: String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?#")
        return addingPercentEncoding(withAllowedCharacters: allowed) ?? self
    }

    var urlPathEscaped: String {
        addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? self
    }
}
