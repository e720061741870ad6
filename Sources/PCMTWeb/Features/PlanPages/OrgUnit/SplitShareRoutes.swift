import PCMTDomain
import PCMTStore
import Vapor

/// Setting the shares by which an old unit split between new units counts in their re-based figures (issue 16,
/// item 2), from the form on the unit's page: the standing office whose reach includes the old unit. Saved with the
/// version the form was opened on (409 and the form again when someone saved meanwhile), refused field by field
/// (422), audited (``SplitShareStore``).
enum SplitShareRoutes {
    @Sendable static func save(_ request: Request) async throws -> Response {
        let c = PageContext(request)
        let code = request.parameters.get("code")
        let unit = try await OrgUnitPage.unit(c.query, code: code)
        guard try await c.query.allows(.setSplitShares, at: unit) else {
            throw PageError.forbidden(
                c.t(
                    "Only the standing office of the area this unit lay in sets its shares.",
                    "Chỉ văn phòng thường trực của địa bàn có đơn vị này được đặt tỷ lệ chia."))
        }
        let fields = try request.content.decode([String: String].self)
        let expected = fields["version"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? -1
        let outcome = try await SplitShareStore(database: request.db).save(
            old: unit, fields: fields, expectedVersion: expected, context: request.changeContext)
        func again(_ problems: [FieldProblem], conflict: SplitShareSet?, version: Int, status: HTTPResponseStatus) async throws -> Response {
            var values: [String: String] = ["note": fields["note"] ?? ""]
            for key in fields.keys where key.hasPrefix("share-") { values[key] = fields[key] }
            let form = OrgUnitPage.SplitForm(
                values: values, version: version, problems: problems, conflict: conflict, csrfToken: c.csrfToken)
            let model = try await OrgUnitPage.model(c.query, code: code, csrfToken: c.csrfToken, form: form)
            return c.page(title: model.unit.name, plan: model.plan, status: status, OrgUnitPage.view(model, t: c.t))
        }
        switch outcome {
        case .saved:
            return request.redirect(to: SiteURL.orgUnit(.value(unit.code)).path + "#split-shares", redirectType: .normal)
        case .conflict(let current, _):
            return try await again([], conflict: current, version: current.version, status: .conflict)
        case .invalid(let problems):
            return try await again(problems, conflict: nil, version: expected, status: .unprocessableEntity)
        case .notFound:
            throw PageError.notFound(
                c.t(
                    "\(unit.name) was not split between several new units: it has no shares to set.",
                    "\(unit.name) không được chia cho nhiều đơn vị mới: không có tỷ lệ để đặt."))
        }
    }
}
