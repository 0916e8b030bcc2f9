#!/usr/bin/env python3
"""Measures how well `rubric bundle init` guesses document types: copies a sample
bundle, removes its manifest, renames every document to its title (as a company
names its files), runs `rubric bundle init` and compares the guessed types and
record tables with the sample's manifest. Prints `documents RIGHT TOTAL` and
`tables RIGHT TOTAL`, then each wrong guess. Needs PyYAML.

Usage: init_accuracy.py RUBRIC_BINARY RUBRIC_DIR SAMPLE WORK_FOLDER"""
import os
import shutil
import subprocess
import sys

import yaml

binary, rubric, sample, work = sys.argv[1:5]
shutil.copytree(sample, work)
with open(os.path.join(sample, "bundle.yaml"), encoding="utf-8") as f:
    manifest = yaml.safe_load(f)
for name in ["bundle.yaml", "expected.md", "README.md"]:
    if os.path.exists(os.path.join(work, name)):
        os.remove(os.path.join(work, name))

truth = {}
for document in manifest["documents"]:
    path = document["path"]
    folder, ext = os.path.dirname(path), os.path.splitext(path)[1]
    title = document["title"].replace("/", "-")
    renamed = os.path.join(folder, title + ext)
    n = 2
    while renamed in truth:
        renamed = os.path.join(folder, "%s (%d)%s" % (title, n, ext))
        n += 1
    if os.path.exists(os.path.join(work, path)):
        os.rename(os.path.join(work, path), os.path.join(work, renamed))
    truth[renamed] = document["type"]
table_truth = {t["path"]: t["name"] for t in manifest.get("records") or []}

run = subprocess.run([binary, "bundle", "init", work, "--rubric", rubric], capture_output=True, text=True)
if run.returncode != 0:
    sys.exit("bundle init failed: " + run.stderr)
with open(os.path.join(work, "bundle.yaml"), encoding="utf-8") as f:
    draft = yaml.safe_load(f)
guessed = {d["path"]: d["type"] for d in draft.get("documents") or []}
guessed_tables = {t["path"]: t["name"] for t in draft.get("records") or []}
right = sum(1 for p, t in truth.items() if guessed.get(p) == t)
right_tables = sum(1 for p, t in table_truth.items() if guessed_tables.get(p) == t)
print("documents %d %d" % (right, len(truth)))
print("tables %d %d" % (right_tables, len(table_truth)))
for p, t in truth.items():
    if guessed.get(p) != t:
        print("wrong %s: %s, guessed %s" % (p, t, guessed.get(p)))
