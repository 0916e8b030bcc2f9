/// Escaping text for HTML element content and attribute values.
enum HTMLText {
    /// `text` with `& < > " '` as character references.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    /// The opening of a self-contained page up to `<body>`: the language, the
    /// title and the inline style sheet.
    static func documentHead(title: String, language: ReportLanguage, style: String) -> [String] {
        [
            "<!DOCTYPE html>",
            "<html lang=\"\(language == .en ? "en" : "zh-CN")\">",
            "<head>",
            "<meta charset=\"utf-8\">",
            "<title>\(escape(title))</title>",
            "<style>\n\(style)</style>",
            "</head>",
            "<body>",
        ]
    }
}
