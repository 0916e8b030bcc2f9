/// A line of a form left unfilled: only fields (`label：value`), and blank ones
/// among them — the blanks a template leaves (underscores, spaces, the 年 月 日 of
/// a date, 签字 or 盖章 in brackets). Such a line is the template's, not the
/// organisation's: it gives no section a body and counts as no substantive text.
///
/// - `签字：__________　日期：____年__月__日` and `审核：` are unfilled;
/// - `文件编号：BY-QP-066　版本：V1.0　编制：______　审核：______` is unfilled (a
///   template's control block: two fields or more, one of them blank);
/// - `审核：张伟　日期：2026年3月2日` and `结论：同意通过验收` are filled, and so is
///   `系统集成服务部（经理：陈志刚）：项目实施组` (a label starts the line or follows a blank);
/// - `培训资料，版本1.0，随项目交付。` holds no field and is text.
///
/// Linear in the line's length: one pass over its characters.
enum BlankFormField {
    /// Characters a template leaves to be filled in, and that separate fields.
    /// A dash or a slash is a value (none, not applicable), not a blank.
    private static let blanks: Set<Character> = ["_", "＿", " ", "\u{3000}", "\t", "年", "月", "日"]
    /// Bracketed words a blank field keeps (`（签字）`).
    private static let bracketedWords = ["（签字）", "(签字)", "（盖章）", "(盖章)", "（签章）", "(签章)", "（签名）", "(签名)"]
    /// The longest label a field has, in characters.
    private static let maximumLabel = 12

    /// Whether `line` is only fields, and unfilled: every field blank, or two fields
    /// or more with a blank one among them.
    static func matches(_ line: String) -> Bool {
        guard TextNormalizer.contains(line, "：") || TextNormalizer.contains(line, ":") else { return false }
        var text = line
        for word in bracketedWords where TextNormalizer.contains(text, word) {
            text = text.replacingOccurrences(of: word, with: " ")
        }
        var labels = 0
        var blankFields = 0
        var leadingText = 0
        var value = 0
        var pending = 0
        // A label starts the line or follows a blank; text right after a colon is a value.
        var pendingFollowsColon = false
        var afterColon = false
        func closeField() {
            if labels == 0 {
                leadingText = value
            } else if value == 0 {
                blankFields += 1
            }
        }
        for character in text {
            if character == "：" || character == ":" {
                if pending > 0 && pending <= maximumLabel && !pendingFollowsColon {
                    closeField()
                    labels += 1
                    value = 0
                } else {
                    value += pending
                }
                pending = 0
                afterColon = true
            } else if blanks.contains(character) {
                value += pending
                pending = 0
                afterColon = false
            } else {
                if pending == 0 { pendingFollowsColon = afterColon }
                pending += 1
                afterColon = false
            }
        }
        value += pending
        closeField()
        guard labels > 0, leadingText == 0, blankFields > 0 else { return false }
        return labels >= 2 || blankFields == labels
    }
}
