#!/usr/bin/env python3
"""Copies a bundle folder and converts each of its CSV record tables to a one-sheet
.xlsx with the header in row 1, as an organisation's spreadsheet would hold it:
integer, date and date-time columns (as the manifest types them, or else the
rubric's `record_tables` declaration, matched by column name or header alias)
become numbers, dates and date-times, the other cells text; the manifest's paths are changed from
.csv to .xlsx and nothing else. Needs openpyxl and PyYAML.

Usage: csv_to_xlsx.py SOURCE_BUNDLE TARGET_FOLDER [RUBRIC_YAML]
(RUBRIC_YAML defaults to the rubric.yaml two folders above the bundle, as for a sample.)"""
import csv
import datetime
import io
import os
import re
import shutil
import sys

import openpyxl
import yaml

source, target = sys.argv[1], sys.argv[2]
shutil.copytree(source, target)
manifest_path = os.path.join(target, "bundle.yaml")
with open(manifest_path, encoding="utf-8") as f:
    text = f.read()
manifest = yaml.safe_load(text)
rubric_path = sys.argv[3] if len(sys.argv) > 3 else os.path.join(source, "..", "..", "rubric.yaml")
declared = {}
if os.path.exists(rubric_path):
    with open(rubric_path, encoding="utf-8") as f:
        for table in yaml.safe_load(f).get("record_tables") or []:
            kinds = {}
            for column in table.get("columns") or []:
                for name in [column["name"]] + list(column.get("aliases") or []):
                    kinds[name] = column.get("type", "string")
            declared[table["name"]] = kinds

DATE = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$")
DATETIME = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$")


def cell(value, kind):
    if value.strip() == "":
        return None
    stripped = value.strip()
    if kind == "integer" and re.fullmatch(r"[+-]?\d+", stripped):
        return int(stripped)
    if kind == "date":
        m = DATE.match(stripped)
        if m:
            return datetime.date(*map(int, m.groups()))
    if kind == "datetime":
        m = DATETIME.match(stripped)
        if m:
            parts = [int(g) if g else 0 for g in m.groups()]
            return datetime.datetime(*parts)
    return value


for table in manifest.get("records") or []:
    path = table["path"]
    with open(os.path.join(target, path), "rb") as f:
        raw = f.read()
    try:
        decoded = raw.decode("utf-8-sig")
    except UnicodeDecodeError:  # read as GB18030, as the program does
        decoded = raw.decode("gb18030")
    rows = list(csv.reader(io.StringIO(decoded, newline="")))
    if table.get("columns"):
        kinds = {c["name"]: c.get("type", "string") for c in table["columns"]}
    else:
        kinds = declared.get(table["name"], {})
    header = rows[0]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows[1:]:
        if not any(row):
            continue
        sheet.append([cell(v, kinds.get(header[i], "string")) for i, v in enumerate(row)])
    new_path = path[:-4] + ".xlsx"
    book.save(os.path.join(target, new_path))
    os.remove(os.path.join(target, path))
    text = text.replace("path: " + path, "path: " + new_path)

with open(manifest_path, "w", encoding="utf-8") as f:
    f.write(text)
