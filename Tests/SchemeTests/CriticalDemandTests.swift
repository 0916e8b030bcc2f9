import Diagnostics
import Foundation
import Scheme
import Testing

/// Critical demands: rubric data per leaf, replaced by overlays, checked against the bands.
@Suite struct CriticalDemandTests {
    @Test func theISIRubricDeclaresTheNamedMinimums() throws {
        let rubric = try RubricLoader.load(directory: Paths.isi).rubric
        let declared = Dictionary(
            uniqueKeysWithValues: rubric.leaves.filter { !$0.critical.isEmpty }.map {
                ($0.id.rawValue, $0.critical.map(\.id))
            })
        #expect(declared["4.6"] == ["corrective_action"])
        #expect(declared["4.9"] == ["drills_held"])
        #expect(declared["5.1.2"] == ["agreement_before_change"])
        #expect(declared["5.3.2"] == ["implementation_log"])
        #expect(declared["5.4.2"] == ["no_functional_defects", "no_major_security_risk"])
        #expect(declared["5.4.3"] == ["retested_until_pass", "formal_report"])
        #expect(declared["5.5.1"] == ["trial_run_days", "no_major_fault"])
        #expect(declared["5.8.2"] == ["after_sales_survey"])
        #expect(declared["5.9.2"] == ["paper_and_electronic"])
        #expect(declared["5.10"] == ["regular_activities"])
        let drills = try #require(rubric.leaf("4.9")?.critical.first)
        #expect(drills.missedSomewhere == "band_60_80")
        #expect(drills.missedThroughout == "band_40_60")
        #expect(drills.label.zh == "定期进行应急演练")
    }

    /// The cap of a band is its highest fraction at a step of 0.01.
    @Test func aBandsHighestFraction() throws {
        let rubric = try RubricLoader.load(directory: Paths.isi).rubric
        let highest = Dictionary(uniqueKeysWithValues: rubric.bands.map { ($0.id, $0.highestFraction) })
        #expect(highest["band_60_80"] == Decimal(string: "0.79"))
        #expect(highest["band_40_60"] == Decimal(string: "0.59"))
        #expect(highest["band_80_100"] == 1)
    }

    @Test func anOverlayReplacesTheList() throws {
        let overlay = try TemporaryRubric(
            rules: [],
            files: [
                "critical.yaml": """
                overlay: {id: critical, scheme: isi}
                indicators:
                  "4.9":
                    critical:
                      - id: drills_held
                        label: {zh: 每季度演练, en: Quarterly drills}
                        missed_somewhere: band_40_60
                        missed_throughout: band_0_20
                  "4.6": {critical: []}
                """
            ])
        let loaded = try RubricLoader.load(directory: Paths.isi, overlays: [overlay.url("critical.yaml")])
        #expect(loaded.findings == [])
        let drills = try #require(loaded.rubric.leaf("4.9")?.critical.first)
        #expect(drills.missedSomewhere == "band_40_60")
        #expect(drills.missedThroughout == "band_0_20")
        #expect(loaded.rubric.leaf("4.6")?.critical == [])
    }

    @Test func anUnknownBandOrATwiceDeclaredIDIsAnError() throws {
        let overlay = try TemporaryRubric(
            rules: [],
            files: [
                "bad.yaml": """
                overlay: {id: bad, scheme: isi}
                indicators:
                  "4.9":
                    critical:
                      - {id: drills_held, label: {zh: 演练, en: Drills}, missed_somewhere: band_60_79, missed_throughout: band_40_60}
                      - {id: drills_held, label: {zh: 演练, en: Drills}, missed_somewhere: band_60_80, missed_throughout: band_40_60}
                """
            ])
        let findings = RubricLoader.validate(directory: Paths.isi, overlays: [overlay.url("bad.yaml")])
        #expect(findings.map(\.code).sorted() == [FindingCode.duplicateID, FindingCode.unknownReference].sorted())
        #expect(
            findings.contains {
                $0.message.hasPrefix(
                    "critical demand `drills_held` of leaf 4.9 names the band `band_60_79`, which is not in `bands`")
            })
    }
}
