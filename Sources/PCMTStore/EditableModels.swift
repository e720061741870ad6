import Fluent
import Foundation
import PCMTDomain

/// A stored part of a plan that can be edited field by field, with a version that guards against lost updates.
protocol EditableModel: Model, Sendable where IDValue == UUID {
    var version: Int { get set }
    /// The record's fields as text, keyed as in `PlanRecordKind.fieldKeys`.
    var fieldValues: [String: String] { get }
    /// Sets the fields from validated text.
    func apply(_ fields: [String: String])
}

enum FieldText {
    static func number(_ value: Double?) -> String {
        guard let value else { return "" }
        return Int(exactly: value).map { String($0) } ?? String(value)
    }
    static func optionalInt(_ value: Int?) -> String { value.map(String.init) ?? "" }
    static func list(_ values: [String]) -> String { values.joined(separator: ", ") }
    static func lines(_ values: [String]) -> String { values.joined(separator: "\n") }
    static func trimmed(_ fields: [String: String], _ key: String) -> String {
        (fields[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }
    static func optional(_ fields: [String: String], _ key: String) -> String? {
        let text = trimmed(fields, key)
        return text.isEmpty ? nil : text
    }
}

extension PlanModel: EditableModel {
    var fieldValues: [String: String] {
        [
            "code": code, "title": title, "titleEn": titleEn ?? "", "issuer": issuer, "issuedOn": issuedOn, "place": place,
            "implements": implements, "startYear": String(startYear), "endYear": String(endYear),
            "baselineYear": String(baselineYear), "generalObjective": generalObjective,
            // Named by number by the editor (``PlanEditor/planRecord(_:on:)``), which reads the other plan.
            "predecessor": "",
        ]
    }

    func apply(_ fields: [String: String]) {
        code = FieldText.trimmed(fields, "code"); title = FieldText.trimmed(fields, "title")
        titleEn = FieldText.optional(fields, "titleEn"); issuer = FieldText.trimmed(fields, "issuer")
        issuedOn = FieldText.trimmed(fields, "issuedOn"); place = FieldText.trimmed(fields, "place")
        implements = FieldText.trimmed(fields, "implements")
        startYear = Int(FieldText.trimmed(fields, "startYear")) ?? startYear
        endYear = Int(FieldText.trimmed(fields, "endYear")) ?? endYear
        baselineYear = Int(FieldText.trimmed(fields, "baselineYear")) ?? baselineYear
        generalObjective = FieldText.trimmed(fields, "generalObjective")
    }
}

extension TargetGroupModel: EditableModel {
    var fieldValues: [String: String] { ["number": String(number), "text": text, "titleEn": titleEn ?? ""] }

    func apply(_ fields: [String: String]) {
        number = Int(FieldText.trimmed(fields, "number")) ?? number
        text = FieldText.trimmed(fields, "text"); titleEn = FieldText.optional(fields, "titleEn")
    }
}

extension TargetModel: EditableModel {
    var fieldValues: [String: String] {
        [
            "code": code, "text": text, "titleEn": titleEn ?? "", "ruleKind": ruleKind, "threshold": FieldText.number(threshold),
            "base": ruleBase, "deadlineYear": FieldText.optionalInt(deadlineYear), "indicator": indicator,
            "indicatorEn": indicatorEn ?? "", "responsible": responsible.map(String.init).joined(separator: ", "),
            "numerator": FieldText.list(Self.decode(measure)?.numerator ?? []),
            "denominator": FieldText.list(Self.decode(measure)?.denominator ?? []),
            "cumulative": Self.decode(measure)?.cumulative == true ? "1" : "0",
        ]
    }

    func apply(_ fields: [String: String]) {
        code = FieldText.trimmed(fields, "code"); text = FieldText.trimmed(fields, "text")
        titleEn = FieldText.optional(fields, "titleEn"); ruleKind = FieldText.trimmed(fields, "ruleKind")
        threshold = FieldText.optional(fields, "threshold").flatMap { Double($0.replacingOccurrences(of: ",", with: ".")) }
        ruleBase = FieldText.trimmed(fields, "base")
        deadlineYear = FieldText.optional(fields, "deadlineYear").flatMap(Int.init)
        indicator = FieldText.trimmed(fields, "indicator"); indicatorEn = FieldText.optional(fields, "indicatorEn")
        responsible = PlanRecordValidation.codeList(fields["responsible"] ?? "").compactMap(Int.init)
        let numerator = PlanRecordValidation.codeList(fields["numerator"] ?? "")
        let denominator = PlanRecordValidation.codeList(fields["denominator"] ?? "")
        measure =
            numerator.isEmpty
            ? ""
            : Self.encode(
                Measure(
                    numerator: numerator, denominator: denominator.isEmpty ? nil : denominator,
                    cumulative: FieldText.trimmed(fields, "cumulative") == "1"))
    }
}

extension KeyTaskModel: EditableModel {
    var fieldValues: [String: String] {
        ["number": String(number), "text": text, "titleEn": titleEn ?? "", "solutionGroup": FieldText.optionalInt(solutionGroup)]
    }

    func apply(_ fields: [String: String]) {
        number = Int(FieldText.trimmed(fields, "number")) ?? number
        text = FieldText.trimmed(fields, "text"); titleEn = FieldText.optional(fields, "titleEn")
        solutionGroup = FieldText.optional(fields, "solutionGroup").flatMap(Int.init)
    }
}

extension SolutionGroupModel: EditableModel {
    var fieldValues: [String: String] {
        ["number": String(number), "title": title, "titleEn": titleEn ?? "", "points": FieldText.lines(points)]
    }

    func apply(_ fields: [String: String]) {
        number = Int(FieldText.trimmed(fields, "number")) ?? number
        title = FieldText.trimmed(fields, "title"); titleEn = FieldText.optional(fields, "titleEn")
        points = PlanRecordValidation.lines(fields["points"] ?? "")
    }
}

extension AssignmentModel: EditableModel {
    var fieldValues: [String: String] {
        [
            "number": String(number), "assignee": assignee, "assigneeEn": assigneeEn ?? "", "units": FieldText.list(units),
            "intro": intro,
        ]
    }

    func apply(_ fields: [String: String]) {
        number = Int(FieldText.trimmed(fields, "number")) ?? number
        assignee = FieldText.trimmed(fields, "assignee"); assigneeEn = FieldText.optional(fields, "assigneeEn")
        units = PlanRecordValidation.codeList(fields["units"] ?? ""); intro = FieldText.trimmed(fields, "intro")
    }
}

extension DutyModel: EditableModel {
    var fieldValues: [String: String] {
        [
            "label": label, "text": text, "role": role, "partners": FieldText.list(partners), "bullets": FieldText.lines(bullets),
            "keyTask": FieldText.optionalInt(keyTask),
        ]
    }

    func apply(_ fields: [String: String]) {
        label = FieldText.trimmed(fields, "label"); text = FieldText.trimmed(fields, "text")
        role = FieldText.trimmed(fields, "role"); partners = PlanRecordValidation.codeList(fields["partners"] ?? "")
        bullets = PlanRecordValidation.lines(fields["bullets"] ?? "")
        keyTask = FieldText.optional(fields, "keyTask").flatMap(Int.init)
    }
}

extension ProjectModel: EditableModel {
    var fieldValues: [String: String] {
        parentID == nil
            ? [
                "code": code, "number": number, "title": title, "titleEn": titleEn ?? "",
                "assignment": FieldText.optionalInt(assignmentNumber), "leadUnit": leadUnit ?? "", "guidance": guidance,
            ]
            : ["code": code, "number": number, "title": title, "titleEn": titleEn ?? ""]
    }

    func apply(_ fields: [String: String]) {
        code = FieldText.trimmed(fields, "code"); number = FieldText.trimmed(fields, "number")
        title = FieldText.trimmed(fields, "title"); titleEn = FieldText.optional(fields, "titleEn")
        if parentID == nil {
            assignmentNumber = FieldText.optional(fields, "assignment").flatMap(Int.init)
            leadUnit = FieldText.optional(fields, "leadUnit"); guidance = FieldText.trimmed(fields, "guidance")
        }
    }
}
