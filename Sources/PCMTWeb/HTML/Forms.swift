import PCMTDomain

/// Form pieces shared by every page that changes something.
enum Forms {
    static func csrf(_ token: String) -> Node {
        h("input", ["type": "hidden", "name": "_csrf", "value": token])
    }

    static func hidden(_ name: String, _ value: String) -> Node {
        h("input", ["type": "hidden", "name": name, "value": value])
    }

    /// A labelled input with its error, if any, named so that a person knows what to fix.
    static func field(
        _ label: String, name: String, value: String, type: String = "text", error: String? = nil,
        help: String? = nil, required: Bool = false, attributes: KeyValuePairs<String, String> = [:]
    ) -> Node {
        var inputAttributes: [(String, String)] = [("type", type), ("id", "f-\(name)"), ("name", name), ("value", value)]
        if required { inputAttributes.append(("required", "required")) }
        if error != nil { inputAttributes.append(("aria-invalid", "true")) }
        inputAttributes += attributes.map { ($0.key, $0.value) }
        return h(
            "div", ["class": error == nil ? "field" : "field has-error"],
            [
                h("label", ["for": "f-\(name)"], [.text(label), required ? h("span", ["class": "req"], " *") : .empty]),
                .element("input", inputAttributes, []),
                help.map { h("small", ["class": "help"], $0) } ?? .empty,
                error.map { h("p", ["class": "error", "role": "alert"], $0) } ?? .empty,
            ])
    }

    static func textarea(
        _ label: String, name: String, value: String, rows: Int = 4, error: String? = nil,
        help: String? = nil, required: Bool = false, maxLength: Int? = nil
    ) -> Node {
        var attributes: [(String, String)] = [("id", "f-\(name)"), ("name", name), ("rows", String(rows))]
        if let maxLength { attributes.append(("maxlength", String(maxLength))) }
        if error != nil { attributes.append(("aria-invalid", "true")) }
        return h(
            "div", ["class": error == nil ? "field" : "field has-error"],
            [
                h("label", ["for": "f-\(name)"], [.text(label), required ? h("span", ["class": "req"], " *") : .empty]),
                .element("textarea", attributes, [.text(value)]),
                help.map { h("small", ["class": "help"], $0) } ?? .empty,
                error.map { h("p", ["class": "error", "role": "alert"], $0) } ?? .empty,
            ])
    }

    static func select(
        _ label: String, name: String, value: String, options: [(value: String, label: String)],
        error: String? = nil, required: Bool = false
    ) -> Node {
        h(
            "div", ["class": error == nil ? "field" : "field has-error"],
            [
                h("label", ["for": "f-\(name)"], [.text(label), required ? h("span", ["class": "req"], " *") : .empty]),
                h(
                    "select", ["id": "f-\(name)", "name": name],
                    options.map { option in
                        option.value == value
                            ? h("option", ["value": option.value, "selected": "selected"], option.label)
                            : h("option", ["value": option.value], option.label)
                    }),
                error.map { h("p", ["class": "error", "role": "alert"], $0) } ?? .empty,
            ])
    }

    static func errorSummary(_ problems: [FieldProblem], labels: [String: String], t: Localizer) -> Node {
        guard !problems.isEmpty else { return .empty }
        return h(
            "div", ["class": "error-summary", "role": "alert"],
            [
                h("p", [:], h("strong", [:], t("Nothing was saved. Please correct:", "Chưa lưu gì. Vui lòng sửa:"))),
                h(
                    "ul", [:],
                    problems.map { problem in
                        h(
                            "li", [:],
                            [
                                h("a", ["href": "#f-\(problem.field)"], labels[problem.field] ?? problem.field), ": ",
                                .text(problem.message(t.language)),
                            ])
                    }),
            ])
    }

    static func notice(_ text: String, kind: String = "ok") -> Node {
        h("p", ["class": "notice notice-\(kind)", "role": "status"], text)
    }
}
