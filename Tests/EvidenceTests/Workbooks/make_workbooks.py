#!/usr/bin/env python3
"""Writes the workbooks the evidence tests read, into the folder given as the
first argument. `hostile` writes only the hostile ones (zipfile, no openpyxl);
`openpyxl` writes the ones made by openpyxl (a test-only dependency:
pip install openpyxl)."""
import datetime
import sys
import zipfile

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)
MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def sheet(rows):
    return '<?xml version="1.0" encoding="UTF-8"?><worksheet %s><sheetData>%s</sheetData></worksheet>' % (MAIN, rows)


def raw_workbook(path, sheet_xml, shared=None):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", RELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        if shared is not None:
            z.writestr("xl/sharedStrings.xml", shared)


def hostile(folder):
    one_row = '<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c></row>'
    # A zip bomb: a sheet part that unpacks 1,000 times larger than it is packed.
    bomb = sheet(one_row + "<!--" + " " * (64 << 20) + "-->")
    raw_workbook(folder + "/bomb.xlsx", bomb)
    # A document type declaration with an entity that would expand.
    doctype = (
        '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">]>'
        '<worksheet %s><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&a;</t></is></c></row>'
        "</sheetData></worksheet>" % MAIN
    )
    raw_workbook(folder + "/doctype.xlsx", doctype)
    # A shared-strings table of 5,000 strings (the tests allow fewer).
    items = "".join("<si><t>s%d</t></si>" % i for i in range(5000))
    shared = '<?xml version="1.0" encoding="UTF-8"?><sst %s count="5000" uniqueCount="5000">%s</sst>' % (MAIN, items)
    raw_workbook(folder + "/many-strings.xlsx", sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), shared)
    # Hand-written cells of every kind: inline and formula strings, booleans, errors, ISO dates.
    kinds = sheet(
        '<row r="1"><c r="A1" t="inlineStr"><is><r><t>编</t></r><r><t>号</t></r></is></c>'
        '<c r="B1" t="inlineStr"><is><t>结果</t></is></c><c r="C1" t="inlineStr"><is><t>通过</t></is></c>'
        '<c r="D1" t="inlineStr"><is><t>日期</t></is></c></row>'
        '<row r="2"><c r="A2"><v>7</v></c><c r="B2" t="str"><f>"O"&amp;"K"</f><v>OK</v></c>'
        '<c r="C2" t="b"><v>1</v></c><c r="D2" t="d"><v>2024-03-01T00:00:00</v></c></row>'
        '<row r="3"><c r="A3"><v>8</v></c><c r="B3" t="e"><v>#N/A</v></c><c r="C3" t="b"><v>0</v></c>'
        '<c r="D3" t="inlineStr"><is><t>2024/3/2</t></is></c></row>'
    )
    raw_workbook(folder + "/kinds.xlsx", kinds)


def made_by_openpyxl(folder):
    import openpyxl

    # Chinese headers, numbers, decimals, booleans, a formula, dates and date-times.
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "工单"
    ws.append(["工单号", "报修时间", "响应时间", "费用", "已关闭", "日期"])
    ws.append(["T-001", datetime.datetime(2024, 3, 1, 8, 30), datetime.datetime(2024, 3, 1, 9, 0), 12.5, True,
               datetime.date(2024, 3, 1)])
    ws.append(["T-002", datetime.datetime(2024, 3, 2, 14, 0), datetime.datetime(2024, 3, 2, 14, 45), 3, False,
               datetime.date(1900, 3, 1)])
    ws.append(["T-003", "2024-03-04 10:00", None, "=1+2", "是", "2024/3/4"])
    other = book.create_sheet("说明")
    other.append(["本表为工单台账"])
    book.save(folder + "/tickets.xlsx")

    # The same dates in the 1904 system.
    book = openpyxl.Workbook()
    book.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    ws = book.active
    ws.append(["日期", "时间"])
    ws.append([datetime.date(2024, 3, 1), datetime.datetime(2024, 3, 1, 8, 30)])
    ws.append([datetime.date(1904, 1, 2), datetime.datetime(1999, 12, 31, 23, 59, 59)])
    book.save(folder + "/dates1904.xlsx")

    # A two-row header: 工单号 merged over rows 1-2, 时间 over the two time columns.
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "台账"
    ws.append(["工单号", "时间", None])
    ws.append([None, "报修时间", "响应时间"])
    ws.merge_cells("A1:A2")
    ws.merge_cells("B1:C1")
    ws.append(["T-9", "2024-03-01 08:00", "2024-03-01 08:20"])
    book.save(folder + "/merged.xlsx")


if __name__ == "__main__":
    out, what = sys.argv[1], sys.argv[2]
    if what == "hostile":
        hostile(out)
    else:
        made_by_openpyxl(out)
