/// A piece of HTML. Text and attribute values are escaped when rendered; there is no way to insert
/// unescaped markup other than `Node.trusted`, used only for markup the server builds itself (SVG charts).
public indirect enum Node: ExpressibleByStringLiteral, Sendable {
    case element(String, [(String, String)], [Node])
    case text(String)
    case trusted(String)
    case group([Node])

    public init(stringLiteral value: String) { self = .text(value) }

    static let voidElements: Set<String> = ["meta", "link", "input", "br", "hr", "img"]
    /// Elements followed by a line break in the output, so that the markup reads (and diffs) line by line.
    static let blockElements: Set<String> = [
        "html", "head", "body", "header", "main", "footer", "nav", "section", "div", "p", "ul", "ol", "li", "table",
        "thead", "tbody", "tr", "h1", "h2", "h3", "dl", "dt", "dd", "form", "meta", "link", "title",
    ]

    public func render(into output: inout String) {
        switch self {
        case .text(let text):
            output += text.htmlEscaped
        case .trusted(let markup):
            output += markup
        case .group(let nodes):
            for node in nodes { node.render(into: &output) }
        case .element(let name, let attributes, let children):
            // Appended piece by piece: no intermediate strings.
            output += "<"
            output += name
            for (key, value) in attributes {
                output += " "
                output += key
                output += "=\""
                output += value.htmlEscaped
                output += "\""
            }
            output += ">"
            if !Self.voidElements.contains(name) {
                for child in children { child.render(into: &output) }
                output += "</"
                output += name
                output += ">"
            }
            if Self.blockElements.contains(name) { output += "\n" }
        }
    }

    public var rendered: String {
        var output = ""
        output.reserveCapacity(64 * 1024)
        render(into: &output)
        return output
    }

    static let empty = Node.group([])
}

/// An element: `h("p", ["class": "note"], "text")`. Attributes keep the order they are written in.
func h(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], _ children: [Node] = []) -> Node {
    .element(name, attributes.map { ($0.key, $0.value) }, children)
}

func h(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], _ text: String) -> Node {
    .element(name, attributes.map { ($0.key, $0.value) }, [.text(text)])
}

func h(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], _ child: Node) -> Node {
    .element(name, attributes.map { ($0.key, $0.value) }, [child])
}

func link(_ href: String, _ text: String, attributes: KeyValuePairs<String, String> = [:]) -> Node {
    .element("a", [("href", href)] + attributes.map { ($0.key, $0.value) }, [.text(text)])
}

extension String {
    var htmlEscaped: String {
        // Most text has nothing to escape: one pass over the bytes, and the text itself.
        guard utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return self }
        var result = ""
        result.reserveCapacity(utf8.count + 16)
        for scalar in unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
