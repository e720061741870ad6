import PCMTDomain
import PCMTStore

/// One organisation unit: its identity, place in the tree, validity, and what the plan asks of it.
enum OrgUnitPage {
    struct Model {
        var unit: OrgUnit
        var ancestors: [OrgUnit]
        var children: [OrgUnit]
        var successors: [OrgUnit]
        /// The units this one was formed from (a reform's predecessors: those that name it as successor and ended
        /// before it began).
        var predecessors: [OrgUnit] = []
        /// The predecessors split between this unit and others, by code: the share of their figures counted here
        /// (nil: none set, not counted).
        var partOf: [String: Double?] = [:]
        /// The other units that had the same code at other times (issue 16: codes reused by the 2025 reform), each
        /// with its label ("Xã Tu Mơ Rông (23425, từ 01/07/2025)").
        var sameCode: [(unit: OrgUnit, label: String)] = []
        var plan: Plan?
        var demands: PlanDemands?
        var units: UnitDirectory
        /// The board needs an account; visitors are not shown a way to it.
        var signedIn = false
        /// For an old unit split between new units (Xã Trà Bùi): each new unit's share of its re-based figures.
        var split: SplitShareSet? = nil
        /// The form to set the shares, for a standing office whose reach includes the unit.
        var splitForm: SplitForm? = nil
    }

    /// The form "Tỷ lệ chia cho các đơn vị mới": a percentage per new unit and the note on the assumption, the
    /// version it was opened on, and what was wrong with it when sent.
    struct SplitForm {
        var values: [String: String]
        var version: Int
        var problems: [FieldProblem] = []
        /// The shares were saved by someone else since the form was opened: as they are now.
        var conflict: SplitShareSet? = nil
        var csrfToken: String
    }

    /// The form filled from the shares as stored.
    static func splitForm(_ split: SplitShareSet, csrfToken: String, language: Language) -> SplitForm {
        var values = ["note": split.note]
        for (unit, share) in split.successors {
            values[SplitShareRules.field(unit)] = share.map { SplitShares.percentNumber($0, language) } ?? ""
        }
        return SplitForm(values: values, version: split.version, csrfToken: csrfToken)
    }

    /// The unit a unit's address names: the one that has the code today, else its last.
    static func unit(_ context: PageQueryContext, code: String?) async throws -> OrgUnit {
        let timeline = try await context.units.index().timeline
        guard let code, let unit = timeline.unit(code, on: context.clock.todayISO) ?? timeline.versions[code]?.last else {
            throw PageError.notFound(context.t("There is no unit with this code.", "Không có đơn vị với mã này."))
        }
        return unit
    }

    /// - Parameters:
    ///   - csrfToken: the request's, for the shares' form (nil: no form).
    ///   - form: the form as sent, when it is shown again with its problems or a conflict.
    static func model(_ context: PageQueryContext, code: String?, csrfToken: String? = nil, form: SplitForm? = nil) async throws -> Model {
        let timeline = try await context.units.index().timeline
        // A reused code shows the unit that has it today (else its last), and names the others.
        let unit = try await Self.unit(context, code: code)
        let ancestors = try await context.units.ancestors(of: unit)
        let plan = try await context.defaultPlan()
        var directory = ancestors
        if let plan { directory += try await context.units.units(codes: plan.assignments.flatMap(\.units)) }
        // Successors are the units that began after this one ended; predecessors ended before it began.
        let successors: [OrgUnit] =
            if let end = unit.validTo {
                unit.successorCodes.compactMap { code in timeline.versions[code]?.first { ($0.validFrom ?? "") > end } }
            } else {
                try await context.units.units(codes: unit.successorCodes)
            }
        let predecessors: [OrgUnit] =
            if let start = unit.validFrom {
                try await context.units.all().filter { $0.successorCodes.contains(unit.code) && ($0.validTo ?? "9999") < start }
            } else {
                []
            }
        let children = try await context.units.children(of: unit.code)
        var partOf: [String: Double?] = [:]
        let splitFormers = predecessors.filter { !SplitShareRules.successors(of: $0, in: timeline).isEmpty }
        if !splitFormers.isEmpty {
            let shares = try await SplitShareStore.all(on: context.db)
            for former in splitFormers { partOf[former.code] = .some(shares.share(of: former, for: unit)) }
        }
        var split: SplitShareSet? = nil
        var splitForm: SplitForm? = nil
        if !SplitShareRules.successors(of: unit, in: timeline).isEmpty {
            let stored = try await SplitShareStore(database: context.db).shares(of: unit)
            split = stored
            if let csrfToken, try await context.allows(.setSplitShares, at: unit) {
                splitForm = form ?? Self.splitForm(stored, csrfToken: csrfToken, language: context.t.language)
            }
        }
        return Model(
            unit: unit, ancestors: ancestors, children: children, successors: successors, predecessors: predecessors, partOf: partOf,
            sameCode: (timeline.versions[unit.code] ?? []).filter { $0 != unit }.map { ($0, timeline.label($0, context.t.language)) },
            plan: plan, demands: plan?.demands(of: unit, ancestors: ancestors),
            units: UnitDirectory(units: directory), signedIn: context.principal != nil, split: split, splitForm: splitForm)
    }
}
