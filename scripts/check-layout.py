#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
# Checks that README.md's Layout block lists every folder of the tree exactly once, and nothing else.
#
# The folders are those of the files git tracks, but for the fixtures under
# tests/build/ (its README describes them). Prints what differs; exit 1 then.
import pathlib
import re
import subprocess
import sys

root = pathlib.Path(__file__).resolve().parent.parent
readme = (root / "README.md").read_text()
section = readme.split("\n## Layout\n", 1)[1].split("\n## ", 1)[0]
block = section.split("```\n", 1)[1].split("```", 1)[0]
listed = [line.split()[0].rstrip("/") for line in block.splitlines() if line.strip()]

files = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True, check=True).stdout.split()
folders = {str(pathlib.PurePosixPath(f).parent) for f in files} - {"."}
folders = {d for d in folders if not re.match(r"tests/build/[^/]+$", d)}

status = 0
for d in sorted(folders - set(listed)):
    print(f"README.md Layout: {d}/ is missing")
    status = 1
for d in sorted(set(listed) - folders):
    print(f"README.md Layout: {d}/ is listed but not in the tree")
    status = 1
for d in sorted({d for d in listed if listed.count(d) > 1}):
    print(f"README.md Layout: {d}/ is listed more than once")
    status = 1
sys.exit(status)
