import Foundation
import Scheme

/// Aggregates leaf results into points and grades, exactly, under the rubric's policies.
///
/// Pure: no I/O, no Lua, deterministic. Points are integer hundredths throughout;
/// binary floating point never touches a point.
///
///     let card = Scorer(rubric: loaded).score([LeafResult(id: "4.1", status: .scored, fraction: 0.9), …])
public struct Scorer: Sendable {
    public let rubric: Rubric

    public init(rubric: Rubric) {
        self.rubric = rubric
    }

    public init(rubric: LoadedRubric) {
        self.init(rubric: rubric.rubric)
    }

    private var policies: Policies { rubric.policies }

    /// Scores one assessment: fills in every result's points and band (and,
    /// for an overridden leaf, the points of the rule's own value) and adds up
    /// the indicators, parts and total. Overrides are already applied to the
    /// results (``LeafResult/apply(_:)``); the scorer counts each leaf as its
    /// result says. A leaf without a result counts as manual (no judgement);
    /// results naming no leaf are listed in `unknownResults`.
    public func score(_ results: [LeafResult]) -> Scorecard {
        var given: [LeafID: LeafResult] = [:]
        for result in results where given[result.id] == nil { given[result.id] = result }
        let scored = rubric.leaves.map { scoreLeaf($0, result: given[$0.id]) }
        let byID = Dictionary(scored.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let indicators = rubric.parts.flatMap { part in
            part.indicators.flatMap { indicatorScores($0, partID: part.id, depth: 0, leaves: byID) }
        }
        let tallies = rubric.parts.map { part in tally(part, leaves: scored) }
        let parts = zip(rubric.parts, tallies).map { part, tally in partScore(part, tally: tally) }
        let total = parts.map(\.points).sum()
        let scale = rubric.overallGradeScale
        let bySum = scale?.grade(for: total)
        let blocked = policies.partFloor.setting == .eachPartGraded && parts.contains { !$0.reachesFloor }
        let grade = blocked ? nil : bySum
        let openLeaves = scored.filter(\.result.isOpen).map(\.id)
        let complete = openLeaves.isEmpty && parts.allSatisfy(\.isAssessable)
        let known = Set(scored.map(\.id))
        let unknown = Set(results.map(\.id)).filter { !known.contains($0) }.sorted()

        let explanation = Explanation(
            losses: losses(indicators: indicators, leaves: byID),
            whatIf: whatIf(leaves: scored, tallies: tallies, parts: parts, total: total, grade: grade))
        return Scorecard(
            schemeID: rubric.scheme.id, schemeVersion: rubric.scheme.version,
            status: complete ? .complete : .incomplete, leaves: scored.map(\.result), indicators: indicators,
            parts: parts, total: total, maximum: rubric.maximumTotal, grade: grade, gradeBySumAlone: bySum,
            policyNotes: policyNotes(leaves: scored, parts: parts, total: total, grade: grade, bySum: bySum),
            explanation: explanation, openLeaves: openLeaves, unknownResults: unknown)
    }

    /// Scores the result of one leaf as ``score(_:)`` scores it within a whole
    /// assessment: applies the leaf's critical-demand caps and fills in its
    /// points and band. Returns nil when the rubric has no leaf `result.id`.
    /// Rule tests use it so that they judge the value a report would show.
    public func score(leaf result: LeafResult) -> LeafResult? {
        guard let leaf = rubric.leaf(result.id) else { return nil }
        return scoreLeaf(leaf, result: result).result
    }

    // MARK: Leaves

    /// A leaf of the rubric with its result, scored.
    private struct ScoredLeaf {
        var leaf: Leaf
        var result: LeafResult

        var id: LeafID { leaf.id }
        var partID: String { leaf.partID }
        var weight: Points { leaf.weight }
        var status: LeafResult.Status { result.status }
        var points: Points? { result.points }
        var isCounted: Bool { result.isCounted }
        /// The points the leaf could still earn: weight − points when counted, else 0.
        var pointsLost: Points {
            guard let points = result.points else { return .zero }
            return leaf.weight - points
        }
    }

    private func scoreLeaf(_ leaf: Leaf, result given: LeafResult?) -> ScoredLeaf {
        var result =
            given
            ?? LeafResult(
                id: leaf.id, status: .manual,
                reason: leaf.isManual ? "no rule judges this leaf; it awaits the auditor" : "no result was given")
        if case .notApplicable(let reason) = leaf.applicability, result.status != .notApplicable {
            result.status = .notApplicable
            result.fraction = nil
            result.reason = reason ?? "not applicable under the rubric"
        }
        if result.status == .scored {
            let fraction = result.fraction ?? 0
            if fraction.isNaN || fraction < 0 || fraction > 1 {
                result.status = .error
                result.fraction = nil
                result.error = RuleError(
                    kind: "fraction_out_of_range",
                    message: "the fraction \(fraction) is outside [0, 1]")
            }
        }
        applyCriticalDemands(of: leaf, to: &result)
        result.points = points(leaf, status: result.status, fraction: result.fraction)
        result.band = result.status == .scored ? rubric.band(for: result.fraction ?? 0) : nil
        if let replaced = result.replaced {
            result.replaced?.points = points(leaf, status: replaced.status, fraction: replaced.fraction)
        }
        return ScoredLeaf(leaf: leaf, result: result)
    }

    /// Pairs the leaf's critical demands with what its rule reported and, for a
    /// scored leaf that no auditor overrode, holds the fraction within the
    /// lowest band a missed demand allows (NOTES.md, "Critical demands").
    private func applyCriticalDemands(of leaf: Leaf, to result: inout LeafResult) {
        let bands = Dictionary(rubric.bands.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        result.critical = leaf.critical.map { demand in
            let outcome = result.reportedCritical[demand.id] ?? .notReported
            let capBand: Band? =
                switch outcome {
                case .missedSomewhere: bands[demand.missedSomewhere]
                case .missedThroughout: bands[demand.missedThroughout]
                case .met, .notReported: nil
                }
            return CriticalOutcome(demand: demand, outcome: outcome, capBand: capBand)
        }
        guard result.status == .scored, result.override == nil, let fraction = result.fraction else { return }
        guard let cap = result.critical.compactMap({ $0.capBand?.highestFraction }).min(), fraction > cap else {
            return
        }
        result.uncappedFraction = fraction
        result.fraction = cap
    }

    /// The points a leaf gets with `status` and `fraction`: weight × fraction
    /// rounded by the rounding policy when scored; 0 for an error or manual
    /// leaf; what the not-applicable policy gives when it does not apply (`nil`:
    /// removed).
    private func points(_ leaf: Leaf, status: LeafResult.Status, fraction: Decimal?) -> Points? {
        switch status {
        case .scored:
            policies.rounding.setting.round(leaf.weight.decimal * (fraction ?? 0))
        case .notApplicable:
            switch policies.notApplicable.setting {
            case .rescale: nil
            case .countFull: leaf.weight
            case .countZero: .zero
            }
        case .error, .manual:
            .zero
        }
    }

    // MARK: Indicators and parts

    private func indicatorScores(
        _ indicator: Indicator, partID: String, depth: Int,
        leaves: [LeafID: ScoredLeaf]
    ) -> [IndicatorScore] {
        let scores = indicator.leaves.compactMap { leaves[$0.id] }
        let counted = scores.filter(\.isCounted)
        let own = IndicatorScore(
            id: indicator.id, partID: partID, title: indicator.title, depth: depth, isLeaf: indicator.isLeaf,
            weight: indicator.weight, points: counted.compactMap(\.points).sum(),
            applicableWeight: counted.map(\.weight).sum())
        return [own]
            + indicator.children.flatMap {
                indicatorScores($0, partID: partID, depth: depth + 1, leaves: leaves)
            }
    }

    /// A part's counted points and weights, before any rescaling.
    private struct Tally {
        var raw: Points
        var applicableWeight: Points
        /// Whether some leaf was removed as not applicable.
        var removed: Bool
    }

    private func tally(_ part: Part, leaves: [ScoredLeaf]) -> Tally {
        let own = leaves.filter { $0.partID == part.id }
        let counted = own.filter(\.isCounted)
        return Tally(
            raw: counted.compactMap(\.points).sum(), applicableWeight: counted.map(\.weight).sum(),
            removed: counted.count < own.count)
    }

    /// The part's figure: the raw sum, or, when leaves were removed as not applicable,
    /// raw / applicable weight × the part's points, rounded by the rounding policy
    /// (half-up to 0.01 by default). Grades compare this rounded figure, so the figure
    /// shown always agrees with the grade.
    private func figure(_ part: Part, raw: Points, tally: Tally) -> (points: Points, rescaled: Bool) {
        guard tally.applicableWeight > .zero else { return (.zero, false) }
        guard tally.removed else { return (raw, false) }
        let exact = raw.decimal * part.points.decimal / tally.applicableWeight.decimal
        return (policies.rounding.setting.round(exact), true)
    }

    private func partScore(_ part: Part, tally: Tally) -> PartScore {
        let (points, rescaled) = figure(part, raw: tally.raw, tally: tally)
        let scale = rubric.gradeScale(part.gradeScaleID)
        let assessable = tally.applicableWeight > .zero
        return PartScore(
            id: part.id, title: part.title, maximum: part.points, rawPoints: tally.raw,
            applicableWeight: tally.applicableWeight, points: points, isRescaled: rescaled,
            grade: assessable ? scale?.grade(for: points) : nil, floor: scale?.lowest)
    }

    // MARK: Policy notes

    private func policyNotes(
        leaves: [ScoredLeaf], parts: [PartScore], total: Points, grade: Grade?,
        bySum: Grade?
    ) -> [PolicyNote] {
        var notes: [PolicyNote] = leaves.compactMap { criticalNote($0.result) }
        let floorPolicy = policies.partFloor
        for part in parts where !part.reachesFloor {
            let floorText = part.floor.map { "\($0.label.zh)下限 \($0.range.lower)" } ?? "最低等级"
            let floorTextEn = part.floor.map { "its \($0.label.en) floor of \($0.range.lower)" } ?? "its lowest grade"
            let assessable = part.isAssessable
            let zhScore = assessable ? "得分 \(part.points)，低于本部分\(floorText)" : "无适用的末级指标，无法评价"
            let enScore =
                assessable
                ? "scored \(part.points), below \(floorTextEn)" : "has no applicable leaf and cannot be assessed"
            switch floorPolicy.setting {
            case .eachPartGraded:
                let changes = bySum != nil
                let zhTail =
                    changes
                    ? "按“各部分须达到本部分最低等级”的政策，不给出总体等级（仅按总分 \(total) 应为\(bySum!.label.zh)）。"
                    : "按“各部分须达到本部分最低等级”的政策，不给出总体等级。"
                let enTail =
                    changes
                    ? "under the policy that each part must reach its own lowest grade, no overall grade is given (the sum alone, \(total), would read \(bySum!.label.en))."
                    : "under the policy that each part must reach its own lowest grade, no overall grade is given."
                notes.append(
                    PolicyNote(
                        policy: "part_floor", changesResult: changes,
                        text: LocalizedText(
                            zh: "第\(part.id)部分（\(part.title.zh)）\(zhScore)；\(zhTail)",
                            en: "Part \(part.id) (\(part.title.en)) \(enScore); \(enTail)"),
                        basis: floorPolicy.note))
            case .sumOnly:
                notes.append(
                    PolicyNote(
                        policy: "part_floor", changesResult: false,
                        text: LocalizedText(
                            zh: "第\(part.id)部分（\(part.title.zh)）\(zhScore)；按 sum_only 设置，总体等级仅依总分 \(total) 确定。",
                            en:
                                "Part \(part.id) (\(part.title.en)) \(enScore); under the setting sum_only the overall grade follows the total, \(total), alone."
                        ),
                        basis: floorPolicy.note))
            }
        }
        let naPolicy = policies.notApplicable
        for part in parts {
            let removed = leaves.filter { $0.partID == part.id && $0.status == .notApplicable }
            guard !removed.isEmpty else { continue }
            let list = removed.map { "\($0.id)（\($0.weight)）" }.joined(separator: "、")
            let listEn = removed.map { "\($0.id) (\($0.weight))" }.joined(separator: ", ")
            let head = "第\(part.id)部分的末级指标 \(list) 不适用"
            let headEn = "In part \(part.id), leaf \(listEn) does not apply"
            switch naPolicy.setting {
            case .rescale:
                guard part.isAssessable else { continue }
                notes.append(
                    PolicyNote(
                        policy: "not_applicable", changesResult: part.points != part.rawPoints,
                        text: LocalizedText(
                            zh: "\(head)；按适用分值 \(part.applicableWeight) 折算为 \(part.maximum) 分制："
                                + "\(part.rawPoints) ÷ \(part.applicableWeight) × \(part.maximum) = \(part.points)"
                                + "（按舍入政策取至 \(policies.rounding.setting.step)，分级按此数值比较）。",
                            en:
                                "\(headEn); the part is rescaled from its applicable \(part.applicableWeight) points to "
                                + "\(part.maximum): \(part.rawPoints) / \(part.applicableWeight) × \(part.maximum) = "
                                + "\(part.points) (rounded to \(policies.rounding.setting.step) by the rounding policy; "
                                + "grades compare this figure)."),
                        basis: naPolicy.note))
            case .countFull:
                notes.append(
                    PolicyNote(
                        policy: "not_applicable", changesResult: true,
                        text: LocalizedText(
                            zh: "\(head)；按 count_full 设置计满分。",
                            en: "\(headEn); counted as full marks under the setting count_full."),
                        basis: naPolicy.note))
            case .countZero:
                notes.append(
                    PolicyNote(
                        policy: "not_applicable", changesResult: true,
                        text: LocalizedText(
                            zh: "\(head)；按 count_zero 设置计零分。",
                            en: "\(headEn); counted as zero under the setting count_zero."),
                        basis: naPolicy.note))
            }
        }
        return notes
    }

    /// The note of a leaf whose fraction a missed critical demand capped.
    private func criticalNote(_ result: LeafResult) -> PolicyNote? {
        guard let before = result.uncappedFraction, let after = result.fraction else { return nil }
        let missed = result.critical.filter(\.isMissed)
        let zhList = missed.map { "\($0.demand.label.zh)（\(Self.outcomeText($0.outcome).zh)）" }.joined(separator: "、")
        let enList = missed.map { "\($0.demand.label.en) (\(Self.outcomeText($0.outcome).en))" }.joined(
            separator: "; ")
        return PolicyNote(
            policy: "critical_demand", changesResult: true,
            text: LocalizedText(
                zh: "末级指标 \(result.id) 的关键要求未满足：\(zhList)；按附录C“在重要方面没有不良趋势或较差水平”，"
                    + "得分比例由 \(LeafResult.percentText(before)) 限至 \(LeafResult.percentText(after))。",
                en: "Leaf \(result.id) misses a critical demand: \(enList); as Appendix C asks for no adverse trends "
                    + "or poor levels in important areas, its fraction is capped from \(LeafResult.percentText(before)) "
                    + "to \(LeafResult.percentText(after))."),
            basis: nil)
    }

    /// A critical demand's outcome in words.
    static func outcomeText(_ outcome: CriticalOutcome.Outcome) -> LocalizedText {
        switch outcome {
        case .met: LocalizedText(zh: "满足", en: "met")
        case .missedSomewhere: LocalizedText(zh: "部分未满足", en: "missed somewhere")
        case .missedThroughout: LocalizedText(zh: "全部未满足", en: "missed throughout")
        case .notReported: LocalizedText(zh: "规则未报告", en: "not reported by the rule")
        }
    }

    // MARK: Explanation

    private func losses(indicators: [IndicatorScore], leaves: [LeafID: ScoredLeaf]) -> [IndicatorLoss] {
        // The leaves of each top-level indicator, found once.
        var leafIDs: [IndicatorID: [LeafID]] = [:]
        for part in rubric.parts {
            for indicator in part.indicators where leafIDs[indicator.id] == nil {
                leafIDs[indicator.id] = indicator.leaves.map(\.id)
            }
        }
        return indicators.filter { $0.depth == 0 && $0.pointsLost > .zero }.compactMap { indicator in
            guard let ids = leafIDs[indicator.id] else { return nil }
            let leafLosses = ids.compactMap { leaves[$0] }.filter { $0.pointsLost > .zero }.map { leaf in
                LeafLoss(
                    id: leaf.id, pointsLost: leaf.pointsLost, status: leaf.status, band: leaf.result.band,
                    reason: reason(leaf))
            }
            return IndicatorLoss(
                id: indicator.id, title: indicator.title,
                applicableWeight: indicator.applicableWeight, points: indicator.points,
                pointsLost: indicator.pointsLost, leaves: leafLosses)
        }
    }

    private func reason(_ leaf: ScoredLeaf) -> LocalizedText {
        var text: LocalizedText
        switch leaf.status {
        case .scored:
            let percent = LeafResult.percentText(leaf.result.fraction ?? 0)
            let band = leaf.result.band
            text = LocalizedText(
                zh: "得分比例 \(percent)，\(leaf.points ?? .zero)/\(leaf.weight) 分"
                    + (band.map { "，评分区间 \($0.label.zh)" } ?? ""),
                en: "fraction \(percent), \(leaf.points ?? .zero) of \(leaf.weight) points"
                    + (band.map { ", band \($0.label.en)" } ?? ""))
            if let before = leaf.result.uncappedFraction {
                text.zh += "（关键要求未满足，由 \(LeafResult.percentText(before)) 限至此）"
                text.en += " (capped from \(LeafResult.percentText(before)) by a missed critical demand)"
            }
        case .error:
            let message = leaf.result.error?.description ?? "the rule failed"
            text = LocalizedText(
                zh: "规则执行出错（\(message)），暂按 0 分计",
                en: "the rule failed (\(message)); 0 points provisionally")
        case .manual:
            text = LocalizedText(
                zh: "尚无自动判定，待审核员判定，暂按 0 分计",
                en: "no automatic judgement yet; awaiting the auditor, 0 points provisionally")
        case .notApplicable:
            text = LocalizedText(
                zh: "不适用，按 count_zero 设置计 0 分",
                en: "not applicable, counted as zero under the setting count_zero")
        }
        if let override = leaf.result.override {
            text.zh += "（审核员 \(override.auditor) 改判：\(override.justification)）"
            text.en += " (overridden by auditor \(override.auditor): \(override.justification))"
        }
        return text
    }

    /// One leaf that could gain points, for the what-if.
    private struct Candidate {
        var leaf: ScoredLeaf
        var partIndex: Int
        /// weight − points.
        var gain: Points
        /// The gain as it shows in the part's figure (× points / applicable weight when rescaled).
        var scaledGain: Decimal
    }

    /// The way to the next overall grade.
    ///
    /// Raising a leaf to full marks gains `weight − points`; the gains are independent
    /// (raising one leaf does not change what another can gain) and the total is their
    /// sum (exactly so without rescaling; a rescaled part scales its gains by points /
    /// applicable weight). For a fixed number k of leaves, the k largest gains then give
    /// the largest total: swapping a chosen leaf for an unchosen one with a larger gain
    /// never lowers the sum (an exchange argument). So the first k at which the k largest
    /// gains reach the target is the smallest set possible, and greedy by gain is optimal
    /// for cardinality.
    ///
    /// With the part-floor policy, each part below its floor needs at least m of its own
    /// leaves, m found the same way within the part. Every sufficient set contains that
    /// many leaves of the part; the best such are the part's m largest gains, and the rest
    /// of the set is best filled with the largest remaining gains, so the greedy seeded
    /// with those forced leaves stays optimal.
    ///
    /// Rounding a rescaled part's figure is monotone but not additive, so in rare ties it
    /// may cost optimality by one leaf; every set is checked exactly by recomputing the
    /// figures, so the set reported always reaches the target.
    private func whatIf(
        leaves: [ScoredLeaf], tallies: [Tally], parts: [PartScore], total: Points,
        grade: Grade?
    ) -> WhatIf? {
        guard let scale = rubric.overallGradeScale, let target = scale.grade(above: grade) else { return nil }
        let targetTotal = Points.atLeast(target.range.lower, strictly: !target.range.lowerClosed)
        let partIndex = Dictionary(
            rubric.parts.enumerated().map { ($0.element.id, $0.offset) },
            uniquingKeysWith: { first, _ in first })

        var candidates: [Candidate] = []
        // A leaf that does not apply cannot improve, even when counted (count_zero).
        for leaf in leaves where leaf.status != .notApplicable {
            guard let points = leaf.points, points < leaf.weight, let index = partIndex[leaf.partID] else { continue }
            let tally = tallies[index]
            let gain = leaf.weight - points
            let scale =
                tally.removed && tally.applicableWeight > .zero
                ? rubric.parts[index].points.decimal / tally.applicableWeight.decimal : 1
            candidates.append(Candidate(leaf: leaf, partIndex: index, gain: gain, scaledGain: gain.decimal * scale))
        }
        // Stable: equal gains keep document order.
        let ranked = candidates.enumerated().sorted { a, b in
            a.element.scaledGain != b.element.scaledGain
                ? a.element.scaledGain > b.element.scaledGain : a.offset < b.offset
        }.map(\.element)

        func figures(improving chosen: [Candidate]) -> [Points] {
            rubric.parts.indices.map { index in
                let gained = chosen.filter { $0.partIndex == index }.map(\.gain).sum()
                return figure(rubric.parts[index], raw: tallies[index].raw + gained, tally: tallies[index]).points
            }
        }

        var floors: [PartFloorGap] = []
        var forced: [Candidate] = []
        var reachable = true
        if policies.partFloor.setting == .eachPartGraded {
            for (index, part) in parts.enumerated() where !part.reachesFloor {
                guard let floor = part.floor, part.isAssessable else {
                    reachable = false
                    continue
                }
                let floorPoints = Points.atLeast(floor.range.lower, strictly: !floor.range.lowerClosed)
                floors.append(
                    PartFloorGap(
                        partID: part.id, points: part.points, floor: floorPoints,
                        gap: max(floorPoints - part.points, .zero)))
                var chosen: [Candidate] = []
                for candidate in ranked where candidate.partIndex == index {
                    if figures(improving: chosen)[index] >= floorPoints { break }
                    chosen.append(candidate)
                }
                if figures(improving: chosen)[index] < floorPoints { reachable = false }
                forced += chosen
            }
        }

        var improvements: [Candidate] = []
        var after = total
        if reachable {
            reachable = false
            let rest = ranked.filter { candidate in !forced.contains { $0.leaf.id == candidate.leaf.id } }
            for count in 0...rest.count {
                let chosen = forced + rest.prefix(count)
                let sum = figures(improving: chosen).sum()
                if sum >= targetTotal {
                    reachable = true
                    improvements = chosen
                    after = sum
                    break
                }
            }
        }
        return WhatIf(
            currentGrade: grade, targetGrade: target, targetTotal: targetTotal,
            gap: max(targetTotal - total, .zero), partFloors: floors, isReachable: reachable,
            improvements: improvements.map {
                LeafImprovement(
                    id: $0.leaf.id, partID: $0.leaf.partID, from: $0.leaf.points ?? .zero,
                    to: $0.leaf.weight)
            },
            totalAfter: after)
    }
}
