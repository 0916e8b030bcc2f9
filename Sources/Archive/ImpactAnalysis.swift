/// The impact of a change (a rule, an overlay, the engine) on past cases: each
/// bundle of a batch against its baseline, grade and leaves, and a closing
/// summary: how many bundles change grade, in which direction, and which
/// leaves move most. Feed it the rows in order with ``add(_:)``.
public struct ImpactAnalysis: Sendable {
    /// One bundle that moved against its baseline.
    public struct Change: Sendable, Hashable {
        public enum Direction: String, Sendable, Hashable {
            case up
            case down
            case same
        }

        public var bundle: String
        public var gradeFrom: String?
        public var gradeTo: String?
        public var direction: Direction
        public var totalFrom: String?
        public var totalTo: String?
        /// The leaves whose fraction (or status) differ: id, baseline, now.
        public var leaves: [(id: String, from: String, to: String)]

        public static func == (lhs: Change, rhs: Change) -> Bool {
            lhs.bundle == rhs.bundle && lhs.gradeFrom == rhs.gradeFrom && lhs.gradeTo == rhs.gradeTo
                && lhs.totalFrom == rhs.totalFrom && lhs.totalTo == rhs.totalTo
                && lhs.leaves.map { [$0.id, $0.from, $0.to] } == rhs.leaves.map { [$0.id, $0.from, $0.to] }
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(bundle)
            hasher.combine(totalTo)
        }
    }

    public let baseline: ImpactBaseline
    /// The overall grades, highest first (the rubric's scale).
    public let gradeIDs: [String]
    /// The leaves in rubric order, for a stable listing.
    public let leafIDs: [String]
    public private(set) var compared = 0
    public private(set) var withoutBaseline: [String] = []
    public private(set) var changes: [Change] = []
    /// How many bundles each leaf moved in.
    public private(set) var leafMoves: [String: Int] = [:]

    public init(baseline: ImpactBaseline, gradeIDs: [String], leafIDs: [String]) {
        self.baseline = baseline
        self.gradeIDs = gradeIDs
        self.leafIDs = leafIDs
    }

    /// Compares one bundle with its baseline; returns its change, or nil when nothing moved or it has no baseline.
    @discardableResult
    public mutating func add(_ outcome: BundleOutcome) -> Change? {
        guard let before = baseline.baseline(of: outcome) else {
            withoutBaseline.append(outcome.bundle)
            return nil
        }
        compared += 1
        let ids = leafIDs + Set(outcome.leaves.keys).union(before.leaves.keys).subtracting(leafIDs).sorted()
        let moved = ids.compactMap { id -> (id: String, from: String, to: String)? in
            let from = before.leaves[id] ?? "—"
            let to = outcome.leaves[id] ?? "—"
            return from == to ? nil : (id, from, to)
        }
        guard !moved.isEmpty || before.grade != outcome.grade || before.total != outcome.total else { return nil }
        for leaf in moved { leafMoves[leaf.id, default: 0] += 1 }
        let change = Change(
            bundle: outcome.bundle, gradeFrom: before.grade, gradeTo: outcome.grade,
            direction: direction(from: before.grade, to: outcome.grade), totalFrom: before.total,
            totalTo: outcome.total, leaves: moved)
        changes.append(change)
        return change
    }

    /// A grade's rank: 0 the highest; no grade below every grade.
    func rank(_ grade: String?) -> Int {
        grade.flatMap { gradeIDs.firstIndex(of: $0) } ?? gradeIDs.count
    }

    func direction(from: String?, to: String?) -> Change.Direction {
        let a = rank(from)
        let b = rank(to)
        return a == b ? .same : (b < a ? .up : .down)
    }

    /// The changes, one line a bundle, then the closing summary.
    public var text: String {
        var lines: [String] = []
        for change in changes {
            var line = "\(change.bundle): "
            if change.direction != .same {
                line +=
                    "grade \(change.gradeFrom ?? "none") → \(change.gradeTo ?? "none") (\(change.direction.rawValue)); "
            }
            line += "total \(change.totalFrom ?? "—") → \(change.totalTo ?? "—")"
            if !change.leaves.isEmpty {
                line += "; " + change.leaves.map { "\($0.id) \($0.from) → \($0.to)" }.joined(separator: ", ")
            }
            lines.append(line)
        }
        let up = changes.filter { $0.direction == .up }.count
        let down = changes.filter { $0.direction == .down }.count
        var summary =
            "impact: \(compared) bundles compared, \(changes.count) moved, \(up + down) change grade "
            + "(\(up) up, \(down) down)"
        if !withoutBaseline.isEmpty { summary += ", \(withoutBaseline.count) without a baseline" }
        lines.append(summary)
        let most = mostMoved(5)
        if !most.isEmpty {
            lines.append(
                "leaves that move most: " + most.map { "\($0.id) (\($0.count) bundles)" }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The `limit` leaves that moved in the most bundles, most first (ties in rubric order).
    public func mostMoved(_ limit: Int) -> [(id: String, count: Int)] {
        let order = Dictionary(leafIDs.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        return leafMoves.sorted { a, b in
            a.value != b.value ? a.value > b.value : (order[a.key] ?? .max, a.key) < (order[b.key] ?? .max, b.key)
        }.prefix(limit).map { ($0.key, $0.value) }
    }
}
