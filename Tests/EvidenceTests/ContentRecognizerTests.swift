import EvidenceFormats
import Testing

@testable import Evidence

/// Concepts recognised in real wording, and hollow documents told from real ones.
@Suite struct ContentRecognizerTests {
    @Test func normalisingWidthSpacingPunctuationAndNumbering() {
        #expect(TextNormalizer.normalize("（三） 验收 标准：") == "三验收标准")
        #expect(TextNormalizer.normalize("ＡＢＣ　Test-Plan") == "abctestplan")
        #expect(TextNormalizer.stripNumbering("一、总体架构") == "总体架构")
        #expect(TextNormalizer.stripNumbering("（二）里程碑计划") == "里程碑计划")
        #expect(TextNormalizer.stripNumbering("3.2.1 网络拓扑") == "网络拓扑")
        #expect(TextNormalizer.stripNumbering("第一章 项目概况") == "项目概况")
        #expect(TextNormalizer.stripNumbering("一、(一) 范围") == "范围")
        #expect(TextNormalizer.stripNumbering("① 范围") == "范围")
        #expect(TextNormalizer.stripNumbering("2026年度计划") == "2026年度计划")
        #expect(TextNormalizer.stripNumbering("3") == "3")
    }

    /// A plan in its own words: 总体架构 under numbering is recognised as a
    /// section, 验收准则 as a synonym, 应急 only in a sentence.
    @Test func recognisesConceptsBySectionAndMention() throws {
        let plan = DocumentContent(blocks: [
            .heading(.init(level: 1, text: "某市政务云扩容实施方案")),
            .heading(.init(level: 2, text: "一、总体 架构")),
            .paragraph("采用两地三中心架构，核心交换机双机热备。"),
            .heading(.init(level: 2, text: "（二）验收准则")),
            .paragraph("按合同附件三逐项验收。"),
            .paragraph("发生断电时按应急预案处置。"),
            .table([["里程碑", "日期"], ["上线", "2026-03-01"]]),
        ])
        let results = ContentRecognizer.recognize(
            [
                Concept(label: "系统架构设计", terms: ["总体架构", "架构设计"]),
                Concept(label: "验收标准", terms: ["验收准则", "验收方案"]),
                Concept(label: "应急处置", terms: ["应急预案", "应急措施"]),
                Concept(label: "工期节点", terms: ["里程碑"]),
                Concept(label: "数据集成方案", terms: ["数据集成"]),
            ], in: plan)
        #expect(results.map { $0.match?.strength } == [.section, .section, .mention, .mention, nil])
        let architecture = try #require(results[0].match)
        #expect(architecture.line == 2)
        #expect(architecture.section == "一、总体 架构")
        #expect(architecture.term == "总体架构")
        #expect(results[2].match?.section == "（二）验收准则")
        #expect(results[2].match?.line == 6)
        #expect(results[3].match?.line == 7)
        #expect(results[4].concept.terms == ["数据集成方案", "数据集成"])
    }

    private let rule = SubstanceRule(markers: ["待编写", "TBD"], placeholderLines: ["略"], minimumCharacters: 10)

    @Test func aPlaceholderOrTooLittleTextMakesADocumentHollow() {
        let placeholder = DocumentContent(blocks: [
            .heading(.init(level: 1, text: "不符合与纠正措施控制程序")), .paragraph("待编写"),
        ])
        let substance = ContentRecognizer.substance(of: placeholder, rule: rule)
        #expect(substance.isHollow)
        #expect(substance.reasons.contains(.placeholder))
        #expect(substance.placeholders.first?.line == 2)
        let elided = DocumentContent(blocks: [.heading(.init(level: 1, text: "目的")), .paragraph("（略）")])
        #expect(ContentRecognizer.substance(of: elided, rule: rule).reasons.contains(.placeholder))
        let short = DocumentContent(blocks: [.paragraph("见附件。")])
        #expect(ContentRecognizer.substance(of: short, rule: rule).reasons == [.tooLittleText])
    }

    @Test func unfilledFormFieldsAreTheTemplatesNotText() {
        let unfilled = [
            "签字：__________　　日期：____年__月__日", "审核：", "批准：（签字）",
            "文件编号：BY-QP-066　　版本：V1.0　　编制：________　审核：________　批准：________",
        ]
        for line in unfilled { #expect(BlankFormField.matches(line), "\(line)") }
        let filled = [
            "审核：张伟　日期：2026年3月2日", "结论：同意通过验收", "工期调整：—；费用变动：—。",
            "- 系统集成服务部（经理：陈志刚）：项目实施组、技术支持组", "培训资料，版本1.0，随项目交付。",
            "申请日期：2025-11-25", "说明：本表由项目经理填写，签字：______ 后提交",
        ]
        for line in filled { #expect(!BlankFormField.matches(line), "\(line)") }

        // A template of a record: a title, its control block, one heading over a blank signature.
        let template = DocumentContent(blocks: [
            .heading(.init(level: 1, text: "系统联调记录")),
            .paragraph("文件编号：BY-QP-066　　版本：V1.0　　编制：________　审核：________　批准：________"),
            .heading(.init(level: 2, text: "1 问题排查")),
            .paragraph("签字：__________　　日期：____年__月__日"),
        ])
        let substance = ContentRecognizer.substance(of: template, rule: rule)
        #expect(substance.isHollow)
        #expect(substance.characters == 0)
        #expect(substance.emptySections == ["系统联调记录", "1 问题排查"])
        let record = DocumentContent(blocks: [
            .heading(.init(level: 1, text: "系统联调记录")),
            .heading(.init(level: 2, text: "1 问题排查")),
            .paragraph("交换机与防火墙之间链路丢包，更换光模块后复测正常。"),
            .paragraph("签字：陈志刚　　日期：2026年3月2日"),
        ])
        #expect(!ContentRecognizer.substance(of: record, rule: rule).isHollow)
    }

    @Test func mostlyEmptySectionsMakeATemplate() {
        let template = DocumentContent(blocks: [
            .heading(.init(level: 1, text: "应急预案")),
            .heading(.init(level: 2, text: "适用范围")),
            .heading(.init(level: 2, text: "组织机构")),
            .heading(.init(level: 2, text: "响应程序")),
            .paragraph("接报后30分钟内启动响应，由项目经理组织处置并报告客户。"),
        ])
        let substance = ContentRecognizer.substance(of: template, rule: rule)
        #expect(substance.emptySections == ["适用范围", "组织机构"])
        #expect(substance.sections == 4)
        #expect(!substance.isHollow)
        let real = DocumentContent(blocks: [
            .heading(.init(level: 1, text: "应急预案")),
            .heading(.init(level: 2, text: "适用范围")),
            .paragraph("适用于公司承接的全部信息系统集成项目。"),
        ])
        #expect(!ContentRecognizer.substance(of: real, rule: rule).isHollow)
        let empty = DocumentContent(blocks: [
            .heading(.init(level: 1, text: "应急预案")), .heading(.init(level: 2, text: "适用范围")),
            .heading(.init(level: 2, text: "组织机构")), .paragraph("由总经理任总指挥，下设技术组与后勤组。"),
            .heading(.init(level: 2, text: "响应程序")), .heading(.init(level: 2, text: "保障措施")),
        ])
        #expect(ContentRecognizer.substance(of: empty, rule: rule).reasons == [.emptySections])
    }
}
