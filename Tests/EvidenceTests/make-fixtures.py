#!/usr/bin/env python3
"""Writes the evidence test fixtures into Fixtures/ beside this script.

The .docx and .pdf are written by LibreOffice (Debian: libreoffice-writer-nogui,
plus fonts-wqy-microhei so the PDF has Chinese glyphs); everything else by this
script. The output is committed; run this again only to change the fixtures.
Symbolic links are not committed: the tests make them at run time.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "Fixtures")
STAMP = (2026, 10, 20, 9, 0, 0)  # fixed zip entry dates: the zips are reproducible


def write(path, data, mode="wb"):
    full = os.path.join(OUT, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, mode) as f:
        f.write(data)


MANIFEST = """\
# 证据包清单 Evidence bundle manifest (fixture)
format: 1
organization:
  name: 北京示例信息技术有限公司
  credit_code: 91110108MA01ABCDEN
assessment:
  scheme: isi
  type: initial
  audit_period: {from: 2025-10-01, to: 2026-09-30}
  as_of: 2026-10-20
projects:
  - id: P1
    name: 市政务云平台集成项目
    customer: 某市大数据局
    contract_date: 2026-03-02
    start_date: 2026-03-10
    end_date: 2026-10-12
    hardware_procured: true
  - id: P2
    name: 医院信息系统升级
    customer: 某市第一人民医院
    contract_date: 2026-05-06
    start_date: 2026-05-20
    hardware_procured: false
documents:
  - id: D01
    type: implementation_plan
    title: 实施方案 Implementation plan
    path: docs/plan.md
    project: P1
    date: 2026-03-05
    signatories: [张伟, 李娜]
    sealed: true
    approved: true
    version: "1.0"
  - id: D02
    type: acceptance_report
    title: 项目验收报告 Acceptance report
    path: docs/acceptance.docx
    project: P1
    date: 2026-10-12
    signatories: [王强]
    sealed: true
  - id: D03
    type: test_report
    title: 系统测试报告 Test report
    path: docs/test-report.txt
    project: P1
    date: 2026-09-20
  - id: D04
    type: handover_record
    title: 移交清单 Handover record
    path: docs/handover.pdf
    project: P1
  - id: D05
    type: requirements_record
    title: 需求调研记录 Requirements survey
    path: docs/broken.docx
    project: P2
  - id: D06
    type: management_manual
    title: 服务管理手册 Service management manual
    path: docs/manual.md
    version: V2.1
  - id: D07
    type: trial_run_record
    title: 试运行记录 Trial run record
    path: docs/trial-run.docx
    project: P2
records:
  - name: tickets
    title: 售后服务工单 After-sales tickets
    path: records/tickets.csv
    columns:
      - {name: ticket_id, type: string, required: true}
      - {name: project, type: string, required: true}
      - {name: severity, type: integer}
      - {name: opened_at, type: datetime, required: true}
      - {name: first_response_at, type: datetime}
      - {name: resolved_at, type: datetime}
      - {name: hours, type: decimal}
      - {name: escalated, type: boolean}
      - {name: description, type: string}
  - name: visits
    title: 服务回访记录 Follow-up visits
    path: records/visits.csv
    columns:
      - {name: visit_date, type: date, required: true}
      - {name: customer, type: string, required: true}
      - {name: satisfied, type: boolean}
      - {name: score, type: decimal}
      - {name: note, type: string}
  - name: trial_runs
    title: 试运行记录 Trial runs
    path: records/trial-runs.csv
    encoding: gb18030
    columns:
      - {name: project, type: string, required: true}
      - {name: start, type: date, required: true}
      - {name: end, type: date, required: true}
      - {name: major_faults, type: integer, required: true}
"""

PLAN_MD = """\
# 实施方案 Implementation plan

项目概况：市政务云平台集成项目。
本方案经双方签字确认。

## 1 系统架构设计 Architecture

采用云原生架构。

### 1.1 网络拓扑 Network topology

| 区域 Zone | 设备 Device | 数量 Count |
|---|---|---:|
| 核心区 | 交换机 | 2 |
| 接入区 | 防火墙 \\| IDS | 1 |

## 2 实施计划 Schedule

```
# 这不是标题 not a heading
```

验收标准
--------

按合同约定。
"""

MANUAL_MD = "# 服务管理手册\r\n\r\n## 4.1 领导和承诺\r\n\r\n最高管理者应证实其领导作用。\r\n"

TEST_REPORT = "系统测试报告\n\n功能测试：合格。\n性能测试：合格。\n\n结论：系统测试通过。\n"

TICKETS = (
    "\ufeffticket_id,project,severity,opened_at,first_response_at,resolved_at,hours,escalated,description\r\n"
    "T-001,P1,2,2026-04-01 09:00:00,2026-04-01 09:30:00,2026-04-01 17:00:00,8.00,否,\"网络中断, 已恢复\"\r\n"
    "T-002,P1,1,2026-04-02T10:15,2026-04-02T10:20,2026-04-03T10:15,24.5,是,\"多行描述\r\n第二行\"\r\n"
    "T-003,P2,3,2026/4/3 8:05,,,,false,\"他说\"\"尽快\"\"处理\"\r\n"
    ",,,,,,,,\r\n"
)

VISITS = (
    "visit_date,customer,satisfied,score,note\n"
    "2026-05-10,某市大数据局,是,95.5,回访满意\n"
    "2026/6/1,某市第一人民医院,否,72,响应慢\n"
)

TRIAL_RUNS = (
    "project,start,end,major_faults\r\n"
    "P1,2026-09-28,2026-10-12,0\r\n"
)

HTML_ACCEPTANCE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>项目验收报告</title></head>
<body>
<h1>项目验收报告 Acceptance report</h1>
<p>项目名称：市政务云平台集成项目。验收日期：2026-10-12。</p>
<h2>1 验收条件 Acceptance conditions</h2>
<p>系统连续稳定试运行满 7 个工作日，无重大故障。</p>
<h3>1.1 试运行 Trial run</h3>
<p>试运行自 2026-09-28 起至 2026-10-12 止。</p>
<h2>2 验收结论 Conclusion</h2>
<table border="1">
<tr><th>检查项 Item</th><th>结果 Result</th></tr>
<tr><td>功能测试</td><td>合格</td></tr>
<tr><td>性能测试</td><td>合格</td></tr>
</table>
<p>验收合格，同意交付。</p>
</body></html>
"""

HTML_HANDOVER = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>移交清单</title></head>
<body>
<h1>移交清单 Handover record</h1>
<p>移交纸质版与电子版全套文档。</p>
<p>接收人签字：王强</p>
</body></html>
"""


def office(html_name, html, target):
    """Converts HTML to .docx or .pdf with LibreOffice; returns the bytes."""
    work = tempfile.mkdtemp()
    try:
        src = os.path.join(work, html_name)
        with open(src, "w", encoding="utf-8") as f:
            f.write(html)
        filt = "docx:MS Word 2007 XML" if target == "docx" else "pdf:writer_pdf_Export"
        subprocess.run(["soffice", "--headless", "--infilter=HTML (StarWriter)", "--convert-to", filt, "--outdir", work, src],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
        with open(os.path.join(work, os.path.splitext(html_name)[0] + "." + target), "rb") as f:
            return f.read()
    finally:
        shutil.rmtree(work)


def zip_folder(zip_path, folder, prefix):
    with zipfile.ZipFile(os.path.join(OUT, zip_path), "w", zipfile.ZIP_DEFLATED) as z:
        for base, dirs, files in os.walk(os.path.join(OUT, folder)):
            dirs.sort()
            for name in sorted(files):
                full = os.path.join(base, name)
                rel = os.path.relpath(full, os.path.join(OUT, folder))
                info = zipfile.ZipInfo(prefix + rel.replace(os.sep, "/"), STAMP)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                with open(full, "rb") as f:
                    z.writestr(info, f.read())


def small_zip(zip_path, entries):
    """entries: (name, bytes, external_attr or None, create_system or None)."""
    with zipfile.ZipFile(os.path.join(OUT, zip_path), "w", zipfile.ZIP_DEFLATED) as z:
        for name, data, attr, system in entries:
            info = zipfile.ZipInfo(name, STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (attr if attr is not None else 0o644) << 16
            if system is not None:
                info.create_system = system
            z.writestr(info, data)


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)

    # The main bundle, as a folder.
    write("basic/bundle.yaml", MANIFEST.encode("utf-8"))
    write("basic/docs/plan.md", PLAN_MD.encode("utf-8"))
    write("basic/docs/manual.md", MANUAL_MD.encode("utf-8"))
    write("basic/docs/test-report.txt", TEST_REPORT.encode("gb18030"))
    write("basic/docs/acceptance.docx", office("acceptance.html", HTML_ACCEPTANCE, "docx"))
    write("basic/docs/handover.pdf", office("handover.html", HTML_HANDOVER, "pdf"))
    write("basic/docs/broken.docx", b"PK\x03\x04 this is not really a docx, the zip is cut short")
    # D07 (docs/trial-run.docx) is missing on purpose.
    write("basic/records/tickets.csv", TICKETS.encode("utf-8"))
    write("basic/records/visits.csv", VISITS.encode("gb18030"))      # GB18030, detected
    write("basic/records/trial-runs.csv", TRIAL_RUNS.encode("gb18030"))  # GB18030, declared

    # The same bundle as a zip, inside a top folder.
    zip_folder("basic.zip", "basic", "acme-2026/")

    # A docx that is a zip but not a Word document.
    small_zip("not-word.docx", [("content.xml", b"<x/>", None, None)])

    minimal = ("format: 1\norganization: {name: 示例公司, credit_code: 91110108MA01ABCDEN}\n"
               "assessment: {scheme: isi, type: initial, audit_period: {from: 2026-01-01, to: 2026-06-30}, as_of: 2026-07-01}\n").encode()
    # Hostile zips.
    small_zip("zip-slip.zip", [("bundle.yaml", minimal, None, None), ("../evil.txt", b"escaped", None, None)])
    small_zip("zip-absolute.zip", [("bundle.yaml", minimal, None, None), ("/tmp/evil.txt", b"escaped", None, None)])
    small_zip("zip-symlink.zip", [("bundle.yaml", minimal, None, None), ("docs/passwd", b"/etc/passwd", 0o120777, 3)])
    small_zip("zip-bomb.zip", [("bundle.yaml", minimal, None, None), ("records/huge.csv", b"0" * (50 << 20), None, None)])
    small_zip("zip-no-manifest.zip", [("a/readme.txt", b"hello", None, None), ("b/readme.txt", b"hello", None, None)])
    # An entry name in GBK without the UTF-8 flag, as Windows in China writes it.
    # zipfile writes non-ASCII names as flagged UTF-8, so write a placeholder of the
    # same length and patch the GBK bytes in (the name is not under any checksum).
    gbk_name = "资料/说明.txt".encode("gbk")
    placeholder = b"XXXX/YYYY.txt"
    assert len(gbk_name) == len(placeholder)
    small_zip("zip-gbk-names.zip", [("bundle.yaml", minimal, None, None), (placeholder.decode(), "说明".encode("gbk"), None, None)])
    path = os.path.join(OUT, "zip-gbk-names.zip")
    with open(path, "rb") as f:
        data = f.read()
    assert data.count(placeholder) == 2
    with open(path, "wb") as f:
        f.write(data.replace(placeholder, gbk_name))

    # Broken manifests.
    write("manifests/syntax-error.yaml", b"format: 1\norganization:\n  name: [unclosed\n  credit_code: x\n")
    write("manifests/many-problems.yaml", """\
format: 1
organisation:
  name: 示例公司
assessment:
  scheme: itss
  type: initial-audit
  audit_period: {from: 2026-07-01, to: 2026-01-01}
  as_of: 2026/07/01
projects:
  - id: P1
    name: 项目一
    customer: 客户
    contract_date: 2026-02-30
    start_date: 2026-03-01
    hardware_procured: maybe
  - id: P1
    name: 项目二
    customer: 客户
    contract_date: 2026-02-01
    start_date: 2026-03-01
    hardware_procured: false
documents:
  - id: D1
    type: acceptance_reprot
    title: 验收报告
    path: ../outside.docx
    project: P9
  - id: D2
    typ: test_report
    title: 测试报告
    path: docs/test.pdf
records:
  - name: tickets
    path: records/t.csv
    encoding: big5
    columns:
      - {name: id, type: text}
      - {name: id, type: string}
""".encode("utf-8"))
    print("make-fixtures: wrote", OUT)


if __name__ == "__main__":
    main()
