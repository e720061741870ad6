import Foundation
import PCMTDomain
import PCMTStore
import Vapor

/// The registry of people under management (issue 17), for those who keep it (``Capability/managePeople``): the
/// index of the communes within reach, a commune's masked list, the registration of a person, and a person's record,
/// shown only for a purpose given first and read again (audited again) on each showing while the purpose holds.
struct RegistryRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let rule = AccessRule.capability(.managePeople)
        routes.get(.registry, rule, use: index)
        routes.get(.registryCommune(.key), rule, use: list)
        routes.get(.registryNew(.key), rule, use: newForm)
        routes.post(.registryNew(.key), rule, use: register)
        routes.get(.registryImport(.key), rule, use: importForm)
        routes.get(.registryImportTemplate(.key), rule, use: importTemplate)
        routes.post(.registryImport(.key), rule, use: importFile)
        routes.post(.registryExport(.key), .capability(.exportPeople), use: export)
        routes.get(.registryPerson(.key), rule, use: show)
        routes.post(.registryPersonOpen(.key), rule, use: openRecord)
        for action in RegistryAction.allCases {
            routes.post(.registryPersonAction(.key, action), rule) { request in try await change(request, action) }
        }
    }

    func store(_ request: Request) -> PeopleRegistryStore {
        PeopleRegistryStore(database: request.db, cipher: request.personalData)
    }

    func title(_ t: Localizer) -> String {
        t("Register of illicit drug users and drug addicts", "Sổ quản lý người sử dụng trái phép chất ma túy, người nghiện")
    }

    // MARK: The index and a commune's list

    /// A commune officer goes to the list of their commune; a district or the standing office sees the communes
    /// within reach with their counts.
    func index(_ request: Request) async throws -> Response {
        let context = PageContext(request)
        let principal = try context.principal
        if principal.unit.level == .commune, try await RegistryQueries.keeps(context.query, principal.unit) {
            return request.redirect(to: SiteURL.registryCommune(.value(principal.unit.code)).path, redirectType: .normal)
        }
        let rows = try await RegistryQueries.index(context.query, store: store(request))
        let today = RegistryQueries.today(context.query)
        let due = try await store(request).due(communeCodes: rows.map(\.commune.code), today: today, rules: request.application.managementRules)
        let todo = RegistryPages.TodoModel(
            entries: due, labels: Dictionary(uniqueKeysWithValues: rows.map { ($0.commune.code, $0.label) }),
            rules: request.application.managementRules, showCommune: true)
        return context.page(title: title(context.t), plan: nil, RegistryPages.index(rows, todo: todo, t: context.t))
    }

    func list(_ request: Request) async throws -> Response {
        let context = PageContext(request)
        let commune = try await RegistryQueries.commune(context.query, code: request.parameters.get("communeCode"))
        return try await listPage(request, commune: commune)
    }

    func listPage(
        _ request: Request, commune: RegistryQueries.Commune, notice: String? = nil, warning: String? = nil, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let context = PageContext(request)
        let filter = (try? request.query.decode(RegistryListQuery.self)) ?? RegistryListQuery()
        let store = store(request)
        let search = String((filter.q ?? "").prefix(100))
        let all = try await store.list(communeCode: commune.unit.code, search: search, includeClosed: filter.includeClosed)
        let wanted = filter.status.flatMap(DrugUseStatus.init(rawValue:))
        let today = RegistryQueries.today(context.query)
        let rules = request.application.managementRules
        let open = all.filter { $0.transferTo != commune.unit.code }
        let kept = open.filter { person in
            (wanted == nil || person.status == wanted) && RegistryPages.matchesDue(filter.due, person.due(today: today, rules: rules))
        }
        let todo = RegistryPages.TodoModel(
            entries: open.compactMap { person in
                let items = person.due(today: today, rules: rules)
                return items.isEmpty ? nil : RegistryDueEntry(person: person, communeCode: commune.unit.code, items: items)
            }.sorted { ($0.items.map(\.day).min() ?? "") < ($1.items.map(\.day).min() ?? "") },
            labels: [commune.unit.code: commune.label], rules: rules, showCommune: false)
        var incoming: [RegistryPages.Incoming] = []
        for person in all where person.transferTo == commune.unit.code {
            let from = try await store.placement(of: person.id)?.placement.unitCode ?? ""
            incoming.append(.init(person: person, fromCode: from))
        }
        let labels = try await RegistryQueries.labels(
            context.query, codes: incoming.map(\.fromCode) + all.compactMap(\.transferTo))
        let model = RegistryPages.ListModel(
            commune: commune, people: kept, incoming: incoming, labels: labels, filter: filter, today: today, rules: rules, todo: todo,
            csrfToken: context.csrfToken, notice: notice, warning: warning,
            mayExport: try await context.query.allows(.exportPeople, at: commune.unit))
        return context.page(title: "\(title(context.t)) · \(commune.unit.name)", plan: nil, status: status, RegistryPages.list(model, t: context.t))
    }

    // MARK: Registering

    func newForm(_ request: Request) async throws -> Response {
        let context = PageContext(request)
        let commune = try await RegistryQueries.currentCommune(context.query, code: request.parameters.get("communeCode"))
        let today = RegistryQueries.today(context.query)
        return formPage(request, .init(commune: commune, values: ["managedFrom": today, "statusOn": today], csrfToken: context.csrfToken))
    }

    func formPage(_ request: Request, _ model: RegistryPages.FormModel, status: HTTPResponseStatus = .ok) -> Response {
        let context = PageContext(request)
        return context.page(
            title: context.t("New person in the register", "Đăng ký người mới vào sổ"), plan: nil, status: status,
            RegistryPages.form(model, t: context.t))
    }

    /// The fields of the registration form, as typed.
    static let registrationFields = [
        "fullName", "otherNames", "sex", "birth", "idNumber", "address", "status", "statusOn", "statusBody", "managedFrom",
    ]

    /// Enters the person: 422 with each field's problem beside it, 409 naming the commune whose registry already
    /// holds the ID number (never merged), the typed input kept; else to the new record, which asks for a purpose.
    func register(_ request: Request) async throws -> Response {
        let context = PageContext(request)
        let commune = try await RegistryQueries.currentCommune(context.query, code: request.parameters.get("communeCode"))
        let form = try request.content.decode([String: String].self)
        var values: [String: String] = [:]
        for field in Self.registrationFields { values[field] = form[field] ?? "" }
        let t = context.t
        let sex = PersonSex(rawValue: values["sex"]!)
        let status = DrugUseStatus(rawValue: values["status"]!)
        var problems: [FieldProblem] = []
        if sex == nil { problems.append(FieldProblem(field: "sex", en: "Choose the sex.", vi: "Chọn giới tính.")) }
        if status == nil { problems.append(FieldProblem(field: "status", en: "Choose the status.", vi: "Chọn tình trạng.")) }
        let idNumber = values["idNumber"]!.trimmingCharacters(in: .whitespaces)
        let registration = PersonRegistration(
            identity: PersonIdentity(
                fullName: values["fullName"]!, otherNames: values["otherNames"]!.trimmingCharacters(in: .whitespaces), sex: sex ?? .male,
                birth: values["birth"]!.trimmingCharacters(in: .whitespaces), idNumber: idNumber.isEmpty ? nil : idNumber,
                address: values["address"]!.trimmingCharacters(in: .whitespaces)),
            communeCode: commune.unit.code, status: status ?? .illicitUser, statusOn: values["statusOn"]!.trimmingCharacters(in: .whitespaces),
            statusBody: values["statusBody"]!, managedFrom: values["managedFrom"]!.trimmingCharacters(in: .whitespaces))
        problems += PeopleRegistryRules.problems(registration, today: RegistryQueries.today(context.query))
        guard problems.isEmpty else {
            return formPage(
                request, .init(commune: commune, values: values, problems: problems, csrfToken: context.csrfToken), status: .unprocessableEntity)
        }
        do {
            let id = try await store(request).register(
                registration, placement: commune.placement, period: request.application.managementRules.kind(startedBy: registration.status),
                today: RegistryQueries.today(context.query), context: request.changeContext)
            return request.redirect(to: SiteURL.registryPerson(.value(id), DoneNotice("registered")).path, redirectType: .normal)
        } catch PeopleRegistryError.problems(let found) {
            return formPage(
                request, .init(commune: commune, values: values, problems: found, csrfToken: context.csrfToken), status: .unprocessableEntity)
        } catch PeopleRegistryError.duplicate(let found) {
            let labels = try await RegistryQueries.labels(context.query, codes: found.map(\.communeCode))
            let places = found.map { duplicate in
                let place = labels[duplicate.communeCode] ?? duplicate.communeCode
                return duplicate.isClosed
                    ? t("\(place), a closed record", "\(place), hồ sơ đã đóng")
                    : t("\(place), a record under management", "\(place), hồ sơ đang quản lý")
            }.joined(separator: "; ")
            let problem = FieldProblem(
                field: "idNumber",
                en: "This ID number is already in the province's register: \(places). Nothing was merged; agree with that commune "
                    + "(a move of the record) instead of registering the person again.",
                vi: "Số giấy tờ này đã có trong sổ của tỉnh: \(places). Không gộp hồ sơ; hãy trao đổi với xã đó (chuyển hồ sơ) "
                    + "thay vì đăng ký lại.")
            return formPage(request, .init(commune: commune, values: values, problems: [problem], csrfToken: context.csrfToken), status: .conflict)
        }
    }

    // MARK: A person's record

    func person(_ request: Request) async throws -> RegistryQueries.Person {
        try await RegistryQueries.person(PageContext(request).query, store: store(request), id: request.uuid("personID"))
    }

    /// The record shown only by those who keep the commune that keeps it; the receiving side of a move accepts it
    /// from its list.
    func kept(_ request: Request) async throws -> RegistryQueries.Person {
        let person = try await person(request)
        guard person.keeps else {
            throw PageError.forbidden(
                Localizer(request: request)(
                    "This record is being moved to your commune: accept the move from your commune's register first.",
                    "Hồ sơ này đang được chuyển đến xã của bạn: hãy tiếp nhận từ sổ của xã trước."))
        }
        return person
    }

    /// What the record page needs besides the record.
    struct RecordState {
        var notice: String? = nil
        var warning: String? = nil
        /// The form that was refused, its typed values and its problems.
        var action: RegistryAction? = nil
        var values: [String: String] = [:]
        var problems: [FieldProblem] = []
        var purposeProblem: String? = nil
        var purpose: String = ""
    }

    /// The record page: the record opened (audited) with the purpose held for it in this session, or the purpose form.
    func recordPage(
        _ request: Request, _ person: RegistryQueries.Person, state: RecordState, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let context = PageContext(request)
        let now = context.clock.now
        var record: PersonRecord? = nil
        var until: Date? = nil
        if let session = request.actor?.sessionID,
            let held = await request.application.registryPurposes.purpose(
                session: session, person: person.id, now: now)
        {
            record = try await store(request).open(person.id, purpose: held.purpose, context: request.changeContext)
            until = held.until
        }
        return try await render(request, person, record: record, until: until, state: state, status: status)
    }

    func render(
        _ request: Request, _ person: RegistryQueries.Person, record: PersonRecord?, until: Date?, state: RecordState,
        status: HTTPResponseStatus
    ) async throws -> Response {
        let context = PageContext(request)
        var labels: [String: String] = [:]
        var choices: [(code: String, label: String)] = []
        if let record {
            labels = try await RegistryQueries.labels(
                context.query, codes: record.history.map(\.code) + [record.placement.unitCode] + [record.transferTo].compactMap { $0 })
            choices = try await RegistryQueries.transferChoices(
                context.query, provinceCode: record.placement.provinceCode, except: record.placement.unitCode)
        }
        let model = RegistryPages.RecordModel(
            person: person, record: record, heldUntil: until, labels: labels, transferChoices: choices, rules: request.application.managementRules,
            today: RegistryQueries.today(context.query), csrfToken: context.csrfToken, state: state)
        return context.page(
            title: context.t("Record of a person under management", "Hồ sơ người được quản lý"), plan: nil, status: status,
            RegistryPages.record(model, t: context.t))
    }

    func show(_ request: Request) async throws -> Response {
        let person = try await kept(request)
        let t = Localizer(request: request)
        let done = (try? request.query.decode(DoneNotice.self))?.done
        let notice: String? =
            switch done.flatMap(RegistryPages.Done.init(rawValue:)) {
            case .registered: t("The person was registered.", "Đã đăng ký người vào sổ.")
            case .service: t("The service was recorded.", "Đã ghi nhận dịch vụ.")
            case .transfer: t("The move was asked; the receiving commune accepts it.", "Đã đề nghị chuyển hồ sơ; xã nhận sẽ tiếp nhận.")
            case .accept: t("The record was accepted: your commune keeps it now.", "Đã tiếp nhận hồ sơ: từ nay xã của bạn quản lý.")
            case .close: t("The record was closed.", "Đã đóng hồ sơ.")
            case .period: t("The management period was begun.", "Đã bắt đầu thời hạn quản lý.")
            case .endPeriod: t("The management period was ended.", "Đã kết thúc thời hạn quản lý.")
            case nil: nil
            }
        return try await recordPage(request, person, state: .init(notice: notice))
    }

    struct PurposeForm: Content {
        var purpose: String?
        var forget: String?
    }

    /// Gives the purpose: the record is opened with it (one audited read) and shown, and the purpose is held for
    /// this record in this session for a short time; `forget=1` stops showing it.
    func openRecord(_ request: Request) async throws -> Response {
        let person = try await kept(request)
        let form = try request.content.decode(PurposeForm.self)
        let purposes = request.application.registryPurposes
        if form.forget == "1" {
            if let session = request.actor?.sessionID { await purposes.forget(session: session, person: person.id) }
            return request.redirect(to: SiteURL.registryPerson(.value(person.id)).path, redirectType: .normal)
        }
        let purpose = (form.purpose ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        do {
            let record = try await store(request).open(person.id, purpose: purpose, context: request.changeContext)
            let now = PageContext(request).clock.now
            var until: Date? = nil
            if let session = request.actor?.sessionID {
                await purposes.remember(purpose, session: session, person: person.id, now: now)
                until = await purposes.purpose(session: session, person: person.id, now: now)?.until
            }
            return try await render(request, person, record: record, until: until, state: .init(), status: .ok)
        } catch PeopleRegistryError.problems(let problems) {
            return try await render(
                request, person, record: nil, until: nil,
                state: .init(purposeProblem: problems.first?.message(Localizer(request: request).language), purpose: form.purpose ?? ""),
                status: .unprocessableEntity)
        }
    }

    // MARK: Changing a record

    /// A service, a move asked or accepted, the closing, from the version the form showed: 422 with the form's
    /// problems, 409 when someone else changed the record meanwhile (nothing saved, the typed input kept), else back to
    /// the record (or, for an accepted move, to the receiving commune's register).
    func change(_ request: Request, _ action: RegistryAction) async throws -> Response {
        let context = PageContext(request)
        let t = context.t
        let person = try await person(request)
        let form = try request.content.decode([String: String].self)
        let fields = ["version", "kind", "on", "note", "to", "closing", "period", "ending", "reason"]
        var values: [String: String] = [:]
        for field in fields { values[field] = form[field] ?? "" }
        let version = Int(values["version"]!) ?? -1
        let day = values["on"]!.trimmingCharacters(in: .whitespaces)
        let today = RegistryQueries.today(context.query)
        let store = store(request)
        let changeContext = request.changeContext
        if action == .accept {
            // Without a move waiting only the keeping side reaches the record (``RegistryQueries/person(_:store:id:)``).
            guard let receiving = person.transferTo else {
                throw PageError.conflict(t("No move of this record is waiting.", "Không có yêu cầu chuyển hồ sơ này."))
            }
            guard person.receives else {
                throw PageError.forbidden(t("Only the receiving commune accepts a move.", "Chỉ xã nhận mới tiếp nhận hồ sơ chuyển đến."))
            }
            do {
                try await store.acceptTransfer(person.id, into: receiving.placement, on: day, version: version, today: today, context: changeContext)
                return request.redirect(to: SiteURL.registryPerson(.value(person.id), DoneNotice("accept")).path, redirectType: .normal)
            } catch PeopleRegistryError.problems(let problems) {
                return try await listPage(
                    request, commune: receiving, warning: problems.map { $0.message(t.language) }.joined(separator: " "), status: .unprocessableEntity
                )
            } catch PeopleRegistryError.conflict {
                return try await listPage(request, commune: receiving, warning: Self.conflictText(t), status: .conflict)
            } catch PeopleRegistryError.notNow(let en, let vi) {
                return try await listPage(request, commune: receiving, warning: t(en, vi), status: .conflict)
            }
        }
        guard person.keeps else {
            throw PageError.forbidden(
                t(
                    "This record is being moved to your commune: accept the move from your commune's register first.",
                    "Hồ sơ này đang được chuyển đến xã của bạn: hãy tiếp nhận từ sổ của xã trước."))
        }
        do {
            switch action {
            case .service:
                guard let kind = PersonServiceKind(rawValue: values["kind"]!) else {
                    throw PeopleRegistryError.problems([FieldProblem(field: "kind", en: "Choose the service.", vi: "Chọn loại dịch vụ.")])
                }
                let note = values["note"]!.trimmingCharacters(in: .whitespacesAndNewlines)
                guard note.count <= 1000 else {
                    throw PeopleRegistryError.problems([
                        FieldProblem(field: "note", en: "At most 1000 characters.", vi: "Ghi chú dài tối đa 1000 ký tự.")
                    ])
                }
                try await store.addService(person.id, kind: kind, on: day, note: note, version: version, today: today, context: changeContext)
            case .transfer:
                let choices = try await RegistryQueries.transferChoices(
                    context.query, provinceCode: person.commune.placement.provinceCode, except: person.commune.unit.code)
                guard let to = choices.first(where: { $0.code == values["to"]! })?.code else {
                    throw PeopleRegistryError.problems([
                        FieldProblem(
                            field: "to", en: "Choose a current commune of the province.", vi: "Chọn một xã, phường hiện có của tỉnh.")
                    ])
                }
                try await store.requestTransfer(person.id, to: to, on: day, version: version, today: today, context: changeContext)
            case .close:
                guard let closing = PersonClosing(rawValue: values["closing"]!) else {
                    throw PeopleRegistryError.problems([FieldProblem(field: "closing", en: "Choose the reason.", vi: "Chọn lý do đóng hồ sơ.")])
                }
                try await store.close(person.id, closing: closing, on: day, version: version, today: today, context: changeContext)
            case .period:
                guard let kind = request.application.managementRules.kind(values["period"]!) else {
                    throw PeopleRegistryError.problems([
                        FieldProblem(field: "period", en: "Choose the kind of management.", vi: "Chọn loại quản lý.")
                    ])
                }
                try await store.startPeriod(person.id, kind: kind, on: day, version: version, today: today, context: changeContext)
            case .endPeriod:
                guard let kind = request.application.managementRules.kind(values["ending"]!) else {
                    throw PeopleRegistryError.problems([
                        FieldProblem(field: "ending", en: "Choose the kind of management.", vi: "Chọn loại quản lý.")
                    ])
                }
                let note = values["reason"]!.trimmingCharacters(in: .whitespacesAndNewlines)
                guard note.count <= 1000 else {
                    throw PeopleRegistryError.problems([
                        FieldProblem(field: "reason", en: "At most 1000 characters.", vi: "Lý do dài tối đa 1000 ký tự.")
                    ])
                }
                try await store.endPeriod(person.id, kind: kind.code, on: day, note: note, version: version, today: today, context: changeContext)
            case .accept:
                break
            }
            return request.redirect(to: SiteURL.registryPerson(.value(person.id), DoneNotice(action.rawValue)).path, redirectType: .normal)
        } catch PeopleRegistryError.problems(let problems) {
            return try await recordPage(
                request, person, state: .init(action: action, values: values, problems: problems), status: .unprocessableEntity)
        } catch PeopleRegistryError.conflict {
            return try await recordPage(
                request, person, state: .init(warning: Self.conflictText(t), action: action, values: values), status: .conflict)
        } catch PeopleRegistryError.notNow(let en, let vi) {
            return try await recordPage(request, person, state: .init(warning: t(en, vi), action: action, values: values), status: .conflict)
        } catch PeopleRegistryError.notFound {
            throw PageError.notFound(t("There is no such record.", "Không có hồ sơ này."))
        }
    }

    static func conflictText(_ t: Localizer) -> String {
        t(
            "Nothing was saved: someone else changed this record meanwhile. It is shown as it is now, and what you typed is kept "
                + "below; check it and save again.",
            "Chưa lưu gì: người khác vừa thay đổi hồ sơ này. Hồ sơ được hiển thị như hiện tại, nội dung bạn đã nhập vẫn giữ nguyên "
                + "bên dưới; hãy kiểm tra và lưu lại.")
    }
}
