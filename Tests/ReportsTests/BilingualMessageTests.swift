import Testing

@testable import Reports

@Suite("Bilingual messages")
struct BilingualMessageTests {
    @Test(
        "each side of a rule's message, with the shared project prefix and share",
        arguments: [
            (
                "最高管理者签发了服务方针与承诺 top management signed a service policy and commitment",
                "最高管理者签发了服务方针与承诺", "top management signed a service policy and commitment"
            ),
            (
                "1/4 条投诉未在 24 小时内响应 1 of 4 complaints not answered within 24 hours（75%）",
                "1/4 条投诉未在 24 小时内响应（75%）", "1 of 4 complaints not answered within 24 hours（75%）"
            ),
            (
                "[P1 市政务云平台扩容集成项目] 实施方案体现兼容性原则 plan addresses the 兼容性 principle",
                "[P1 市政务云平台扩容集成项目] 实施方案体现兼容性原则", "[P1 市政务云平台扩容集成项目] plan addresses the 兼容性 principle"
            ),
            (
                "18 项风险均评估了可能性、影响和等级 all 18 risks assessed (likelihood, impact, level)",
                "18 项风险均评估了可能性、影响和等级", "all 18 risks assessed (likelihood, impact, level)"
            ),
            (
                "[P2 某项目] 方案确认未经双方签字盖章 plan confirmation not signed and sealed by both parties (C21: 未盖章 not sealed)（50%）",
                "[P2 某项目] 方案确认未经双方签字盖章 C21: 未盖章（50%）",
                "[P2 某项目] plan confirmation not signed and sealed by both parties (C21: 未盖章 not sealed)（50%）"
            ),
            (
                "不符合项 NC-06 超过 60 天未关闭 nonconformities open longer than 60 days: NC-06",
                "不符合项 NC-06 超过 60 天未关闭", "nonconformities open longer than 60 days: NC-06"
            ),
            (
                "三份 .docx 方案含全部章节 three .docx plans with every section",
                "三份 .docx 方案含全部章节", "three .docx plans with every section"
            ),
        ])
    func split(message: String, zh: String, en: String) {
        #expect(BilingualMessage.text(message, .zh) == zh)
        #expect(BilingualMessage.text(message, .en) == en)
        #expect(BilingualMessage.text(message, .bilingual) == message)
    }

    @Test("the English side keeps the Chinese terms it quotes")
    func englishKeepsQuotedTerms() {
        let message =
            "实施方案未体现经济性原则（未识别，查找：经济性/节约投资） plan does not address the 经济性 principle "
            + "(not recognised; looked for: 经济性/节约投资)"
        #expect(
            BilingualMessage.text(message, .en)
                == "plan does not address the 经济性 principle (not recognised; looked for: 经济性/节约投资)")
        #expect(
            BilingualMessage.text("客户接触过程未策划：服务咨询、需求调研 customer-contact processes not planned: 服务咨询、需求调研", .en)
                == "customer-contact processes not planned: 服务咨询、需求调研")
    }

    @Test("a message in one language only is kept whole")
    func oneLanguage() {
        #expect(BilingualMessage.text("the file is missing", .zh) == "the file is missing")
        #expect(BilingualMessage.text("文件缺失", .en) == "文件缺失")
    }

    @Test("the zip CRC-32 is the IEEE one; XLSX columns are named A…Z, AA…")
    func zipAndColumns() {
        #expect(ZipWriter.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(XLSXWorkbook.columnName(0) == "A")
        #expect(XLSXWorkbook.columnName(25) == "Z")
        #expect(XLSXWorkbook.columnName(26) == "AA")
    }
}
