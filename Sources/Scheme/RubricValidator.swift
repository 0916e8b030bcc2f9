import Diagnostics
import Foundation

/// The checks that need the whole rubric: duplicate ids, weight sums, band coverage,
/// grade scales, references to the vocabulary and grade scales, and rule files.
///
/// Every check runs, whatever the others found, so that all problems are reported at once.
public enum RubricValidator {
    /// Validates `rubric`, whose rules live under `directory` (the rubric folder).
    ///
    /// - Parameters:
    ///   - directory: The rubric folder, whose `rules/` folder is searched for `.lua` files
    ///     that no leaf references; `nil` skips that search.
    ///   - alsoReferenced: Rule files referenced elsewhere (by the base rubric before
    ///     overlays replaced them, or by other overlays), which are then not reported
    ///     as unreferenced.
    public static func validate(_ rubric: Rubric, directory: URL?, alsoReferenced: Set<URL> = []) -> [Finding] {
        var findings: [Finding] = []
        checkDuplicates(rubric, into: &findings)
        checkIDHierarchy(rubric, into: &findings)
        checkWeights(rubric, into: &findings)
        checkBands(rubric, into: &findings)
        checkGradeScales(rubric, into: &findings)
        checkDocuments(rubric, into: &findings)
        checkTables(rubric, into: &findings)
        checkCriticalDemands(rubric, into: &findings)
        checkRules(rubric, directory: directory, alsoReferenced: alsoReferenced, into: &findings)
        return findings
    }

    // MARK: Duplicates

    private static func checkDuplicates(_ rubric: Rubric, into findings: inout [Finding]) {
        func check(_ kind: String, _ items: [(id: String, location: SourceLocation?)]) {
            var first: [String: SourceLocation?] = [:]
            for item in items where !item.id.isEmpty {
                if let earlier = first[item.id] {
                    let at = earlier.map { " (first defined at \(place($0, from: item.location)))" } ?? ""
                    findings.append(
                        Finding(
                            .error, code: FindingCode.duplicateID,
                            message: "duplicate \(kind) id `\(item.id)`\(at)", location: item.location))
                } else {
                    first[item.id] = item.location
                }
            }
        }
        check("part", rubric.parts.map { ($0.id, $0.location) })
        check("indicator", rubric.allIndicators.map { ($0.id.rawValue, $0.location) })
        check("band", rubric.bands.map { ($0.id, $0.location) })
        check("grade scale", rubric.gradeScales.map { ($0.id, $0.location) })
        for scale in rubric.gradeScales {
            check("grade (in scale \(scale.id))", scale.grades.map { ($0.id, $0.location) })
        }
        check("document type", rubric.documentTypes.map { ($0.id, $0.location) })
    }

    /// `line 12` in the same file, else `file:12:3`.
    private static func place(_ location: SourceLocation, from other: SourceLocation?) -> String {
        if location.file == other?.file, let line = location.line { return "line \(line)" }
        return location.description
    }

    private static func checkIDHierarchy(_ rubric: Rubric, into findings: inout [Finding]) {
        func visit(_ indicator: Indicator, prefix: String, parent: String) {
            if !indicator.id.rawValue.isEmpty, !indicator.id.rawValue.hasPrefix(prefix + ".") {
                findings.append(
                    Finding(
                        .warning, code: FindingCode.idHierarchy,
                        message: "indicator id `\(indicator.id)` does not extend the id of its \(parent) `\(prefix)`",
                        location: indicator.location))
            }
            for child in indicator.children {
                visit(child, prefix: indicator.id.rawValue, parent: "parent indicator")
            }
        }
        for part in rubric.parts where !part.id.isEmpty {
            for indicator in part.indicators { visit(indicator, prefix: part.id, parent: "part") }
        }
    }

    // MARK: Weights

    private static func checkWeights(_ rubric: Rubric, into findings: inout [Finding]) {
        func visit(_ indicator: Indicator) {
            for child in indicator.children { visit(child) }
            guard !indicator.isLeaf, !indicator.isWeightUnknown,
                !indicator.children.contains(where: \.isWeightUnknown)
            else { return }
            let sum = indicator.children.map(\.weight).sum()
            if sum != indicator.weight {
                let names = indicator.children.map { "\($0.id) \($0.weight)" }.joined(separator: ", ")
                findings.append(
                    Finding(
                        .error, code: FindingCode.weightSum,
                        message: "the weights of the children of \(indicator.id) sum to \(sum) (\(names)), "
                            + "but \(indicator.id) has weight \(indicator.weight)",
                        location: changedLocation(
                            indicator.weightLocation ?? indicator.location,
                            indicator.children.map(\.weightLocation))))
            }
        }
        if rubric.parts.isEmpty {
            findings.append(
                Finding(
                    .error, code: FindingCode.invalidValue, message: "the rubric has no parts",
                    location: rubric.overall.location.map { SourceLocation(file: $0.file) }))
        }
        for part in rubric.parts {
            part.indicators.forEach(visit)
            if part.indicators.isEmpty {
                findings.append(
                    Finding(
                        .error, code: FindingCode.invalidValue,
                        message: "part \(part.id) has no indicators", location: part.location))
                continue
            }
            guard !part.isPointsUnknown, !part.indicators.contains(where: \.isWeightUnknown) else { continue }
            let sum = part.indicators.map(\.weight).sum()
            if sum != part.points {
                findings.append(
                    Finding(
                        .error, code: FindingCode.partPoints,
                        message:
                            "the indicators of part \(part.id) sum to \(sum) points, but the part has \(part.points)",
                        location: changedLocation(
                            part.pointsLocation ?? part.location,
                            part.indicators.map(\.weightLocation))))
            }
        }
    }

    /// Where to report a sum that does not add up: at the total, unless an overlay
    /// changed one of the terms, then at that overlay's change.
    private static func changedLocation(_ total: SourceLocation?, _ terms: [SourceLocation?]) -> SourceLocation? {
        terms.compactMap { $0 }.last { $0.file != total?.file } ?? total
    }

    // MARK: Bands

    private static func checkBands(_ rubric: Rubric, into findings: inout [Finding]) {
        guard !rubric.bands.isEmpty else {
            findings.append(
                Finding(
                    .error, code: FindingCode.bandGap,
                    message: "the rubric has no bands: fractions from 0% to 100% fall in no band",
                    location: rubric.overall.location.map { SourceLocation(file: $0.file) }))
            return
        }
        func percent(_ value: Decimal) -> String { "\(value * 100)%" }
        for band in rubric.bands where band.range.lower < 0 || band.range.upper > 1 {
            findings.append(
                Finding(
                    .error, code: FindingCode.invalidValue,
                    message: "band `\(band.id)` \(band.range) reaches outside 0% to 100%",
                    location: band.location))
        }
        let sorted = rubric.bands.enumerated().sorted { a, b in
            let x = a.element.range
            let y = b.element.range
            if x.lower != y.lower { return x.lower < y.lower }
            if x.lowerClosed != y.lowerClosed { return x.lowerClosed }
            return a.offset < b.offset
        }.map(\.element)
        let first = sorted[0]
        if first.range.lower > 0 || !first.range.lowerClosed {
            findings.append(
                Finding(
                    .error, code: FindingCode.bandGap,
                    message: "no band covers fractions from 0% up to \(percent(first.range.lower)): "
                        + "the lowest band `\(first.id)` is \(first.range)",
                    location: first.location))
        }
        // The band that reaches highest so far, to compare each next band with.
        var reach = first
        for band in sorted.dropFirst() {
            let end = reach.range
            let start = band.range
            if start.lower > end.upper || (start.lower == end.upper && !start.lowerClosed && !end.upperClosed) {
                findings.append(
                    Finding(
                        .error, code: FindingCode.bandGap,
                        message: "no band covers fractions between \(percent(end.upper)) and \(percent(start.lower)): "
                            + "band `\(reach.id)` is \(end) and band `\(band.id)` is \(start)",
                        location: band.location))
            } else if start.lower < end.upper || (start.lower == end.upper && start.lowerClosed && end.upperClosed) {
                let until = min(start.upper, end.upper)
                let span = start.lower == until ? percent(until) : "\(percent(start.lower)) to \(percent(until))"
                findings.append(
                    Finding(
                        .error, code: FindingCode.bandOverlap,
                        message: "bands `\(reach.id)` \(end) and `\(band.id)` \(start) overlap: \(span) falls in both",
                        location: band.location))
            }
            if start.upper > end.upper || (start.upper == end.upper && start.upperClosed) { reach = band }
        }
        if reach.range.upper < 1 || !reach.range.upperClosed {
            findings.append(
                Finding(
                    .error, code: FindingCode.bandGap,
                    message: "no band covers fractions from \(percent(reach.range.upper)) up to 100% inclusive: "
                        + "the highest band `\(reach.id)` is \(reach.range)",
                    location: reach.location))
        }
    }

    // MARK: Grade scales

    private static func checkGradeScales(_ rubric: Rubric, into findings: inout [Finding]) {
        let ids = rubric.gradeScales.map(\.id)
        for scale in rubric.gradeScales {
            checkOrder(scale, into: &findings)
        }
        for part in rubric.parts where !part.gradeScaleID.isEmpty {
            if let scale = rubric.gradeScale(part.gradeScaleID) {
                checkRange(scale, maximum: part.points, user: "part \(part.id)", into: &findings)
            } else {
                findings.append(
                    Finding(
                        .error, code: FindingCode.unknownReference,
                        message: "part \(part.id) uses grade scale `\(part.gradeScaleID)`, but there is no such scale"
                            + Suggestion.didYouMean(part.gradeScaleID, among: ids),
                        location: part.location))
            }
        }
        let overallID = rubric.overall.gradeScaleID
        if !overallID.isEmpty {
            if let scale = rubric.gradeScale(overallID) {
                checkRange(scale, maximum: rubric.maximumTotal, user: "the overall result", into: &findings)
            } else {
                findings.append(
                    Finding(
                        .error, code: FindingCode.unknownReference,
                        message: "the overall result uses grade scale `\(overallID)`, but there is no such scale"
                            + Suggestion.didYouMean(overallID, among: ids),
                        location: rubric.overall.location))
            }
        }
    }

    /// Grades must be listed from the lowest to the highest, without sharing points;
    /// points between two grades that get no grade are reported as a warning.
    private static func checkOrder(_ scale: GradeScale, into findings: inout [Finding]) {
        guard let first = scale.grades.first else {
            findings.append(
                Finding(
                    .error, code: FindingCode.invalidValue,
                    message: "grade scale `\(scale.id)` has no grades", location: scale.location))
            return
        }
        var previous = first
        for grade in scale.grades.dropFirst() {
            let low = previous.range
            let high = grade.range
            if high.lower < low.lower || (high.lower == low.lower && high.upper <= low.upper) {
                findings.append(
                    Finding(
                        .error, code: FindingCode.gradeOrder,
                        message: "grade scale `\(scale.id)` is not monotonic: grades must be listed from the lowest to "
                            + "the highest, but `\(grade.id)` \(high) comes after `\(previous.id)` \(low)",
                        location: grade.location))
                continue
            }
            if high.lower < low.upper || (high.lower == low.upper && high.lowerClosed && low.upperClosed) {
                findings.append(
                    Finding(
                        .error, code: FindingCode.gradeOverlap,
                        message: "grades `\(previous.id)` \(low) and `\(grade.id)` \(high) of scale `\(scale.id)` "
                            + "overlap: a score from \(high.lower) to \(min(low.upper, high.upper)) would get both",
                        location: grade.location))
            } else if high.lower > low.upper || (high.lower == low.upper && !high.lowerClosed && !low.upperClosed) {
                findings.append(
                    Finding(
                        .warning, code: FindingCode.gradeGap,
                        message: "scores between \(low.upper) and \(high.lower) get no grade of scale `\(scale.id)`: "
                            + "`\(previous.id)` is \(low) and `\(grade.id)` is \(high)",
                        location: grade.location))
            }
            previous = grade
        }
    }

    /// The grades must lie within [0, maximum]; the highest should reach the maximum.
    private static func checkRange(
        _ scale: GradeScale, maximum: Points, user: String,
        into findings: inout [Finding]
    ) {
        for grade in scale.grades where grade.range.lower < 0 || grade.range.upper > maximum.decimal {
            findings.append(
                Finding(
                    .error, code: FindingCode.gradeRange,
                    message: "grade `\(grade.id)` \(grade.range) of scale `\(scale.id)` reaches outside the points of "
                        + "\(user), 0 to \(maximum)",
                    location: grade.location))
        }
        if let top = scale.grades.max(by: { $0.range.upper < $1.range.upper }),
            top.range.upper < maximum.decimal || (top.range.upper == maximum.decimal && !top.range.upperClosed)
        {
            findings.append(
                Finding(
                    .warning, code: FindingCode.gradeGap,
                    message: "the highest grade `\(top.id)` \(top.range) of scale `\(scale.id)` does not reach "
                        + "\(maximum) inclusive, the most \(user) can score",
                    location: top.location))
        }
    }

    // MARK: Documents and rules

    private static func checkDocuments(_ rubric: Rubric, into findings: inout [Finding]) {
        let known = rubric.documentTypes.map(\.id)
        let knownSet = Set(known)
        for indicator in rubric.allIndicators where indicator.isLeaf {
            for (index, document) in indicator.documents.enumerated() where !knownSet.contains(document) {
                let location =
                    index < indicator.documentLocations.count
                    ? indicator.documentLocations[index] : indicator.location
                findings.append(
                    Finding(
                        .error, code: FindingCode.unknownReference,
                        message:
                            "leaf \(indicator.id) reads document type `\(document)`, which is not in the vocabulary "
                            + "(`document_types`)" + Suggestion.didYouMean(document, among: known),
                        location: location))
            }
        }
    }

    /// Every table a leaf lists is declared under `record_tables`.
    private static func checkTables(_ rubric: Rubric, into findings: inout [Finding]) {
        let known = rubric.recordTables.map(\.name)
        let knownSet = Set(known)
        for indicator in rubric.allIndicators where indicator.isLeaf {
            for (index, table) in indicator.tables.enumerated() where !knownSet.contains(table) {
                let location =
                    index < indicator.tableLocations.count ? indicator.tableLocations[index] : indicator.location
                findings.append(
                    Finding(
                        .error, code: FindingCode.unknownReference,
                        message:
                            "leaf \(indicator.id) reads record table `\(table)`, which is not declared "
                            + "(`record_tables`)" + Suggestion.didYouMean(table, among: known),
                        location: location))
            }
        }
    }

    /// Every critical demand names bands of the rubric, and its ids are unique within its leaf.
    private static func checkCriticalDemands(_ rubric: Rubric, into findings: inout [Finding]) {
        let bands = rubric.bands.map(\.id)
        for indicator in rubric.allIndicators where indicator.isLeaf {
            var seen: Set<String> = []
            for demand in indicator.critical {
                if !seen.insert(demand.id).inserted {
                    findings.append(
                        Finding(
                            .error, code: FindingCode.duplicateID,
                            message: "leaf \(indicator.id) declares the critical demand `\(demand.id)` twice",
                            location: demand.location))
                }
                for band in [demand.missedSomewhere, demand.missedThroughout] where !bands.contains(band) {
                    findings.append(
                        Finding(
                            .error, code: FindingCode.unknownReference,
                            message: "critical demand `\(demand.id)` of leaf \(indicator.id) names the band `\(band)`, "
                                + "which is not in `bands`" + Suggestion.didYouMean(band, among: bands),
                            location: demand.location))
                }
            }
        }
    }

    private static func checkRules(
        _ rubric: Rubric, directory: URL?, alsoReferenced: Set<URL>,
        into findings: inout [Finding]
    ) {
        var referenced = Set(alsoReferenced.map(\.standardizedFileURL.path))
        for indicator in rubric.allIndicators where indicator.isLeaf {
            guard let rule = indicator.rule else { continue }
            referenced.insert(rule.url.standardizedFileURL.path)
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: rule.url.path, isDirectory: &isDirectory)
            if !exists || isDirectory.boolValue {
                findings.append(
                    Finding(
                        .error, code: FindingCode.ruleMissing,
                        message: "the rule file `\(rule.path)` of leaf \(indicator.id) does not exist "
                            + "(looked for \(rule.url.path))",
                        location: rule.location ?? indicator.location))
            }
        }
        guard let directory else { return }
        findings += unreferencedRules(in: directory, referenced: Set(referenced.map { URL(fileURLWithPath: $0) }))
    }

    /// A warning for each `.lua` file under `directory/rules` that is not in `referenced`.
    public static func unreferencedRules(in directory: URL, referenced: Set<URL>) -> [Finding] {
        let paths = Set(referenced.map(\.standardizedFileURL.path))
        let base = directory.standardizedFileURL.path
        return luaFiles(under: directory.appendingPathComponent("rules")).compactMap { file in
            let path = file.standardizedFileURL.path
            guard !paths.contains(path) else { return nil }
            return Finding(
                .warning, code: FindingCode.ruleUnreferenced,
                message: "the rule file `\(path.dropFirst(base.count + 1))` is referenced by no leaf",
                location: SourceLocation(file: path))
        }
    }

    /// The `.lua` files under a folder, sorted by path.
    static func luaFiles(under folder: URL) -> [URL] {
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else {
            return []
        }
        var files: [URL] = []
        for case let url as URL in enumerator where url.pathExtension == "lua" {
            files.append(url)
        }
        return files.sorted { $0.path < $1.path }
    }
}
