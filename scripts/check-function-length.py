#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
# Checks that no function in module/ runs over 60 lines, unless a "long:" comment above it says why.
#
# A function is a body that opens with "{" alone at the start of a line (the
# style of every C and C++ file here) and closes at the matching brace:
#
#     // long: one table of every control file, read top to bottom
#     int render(...)
#     {
#             ... 80 lines ...
#     }
import pathlib
import re
import subprocess
import sys

LIMIT = 60
root = pathlib.Path(__file__).resolve().parent.parent
files = subprocess.run(["git", "ls-files", "module"], cwd=root, capture_output=True, text=True, check=True).stdout.split()
status = 0
for name in files:
    if not re.search(r"\.(c|cpp|h)$", name):
        continue
    lines = (root / name).read_text().split("\n")
    i = 0
    while i < len(lines):
        if lines[i] == "{" and i > 0:
            depth, j = 0, i
            for j in range(i, len(lines)):
                depth += lines[j].count("{") - lines[j].count("}")
                if depth == 0:
                    break
            body = j - i - 1
            # The signature may take several lines; the reason sits in the comment above it.
            k = i - 1
            while k > 0 and not lines[k - 1].lstrip().startswith(("//", "/*", "*")) and lines[k - 1].strip():
                k -= 1
            above = "\n".join(lines[max(0, k - 6):k])
            if body > LIMIT and "long:" not in above:
                print(f"{name}:{i}: a function of {body} lines (over {LIMIT}: split it, or say why above it with 'long:')")
                status = 1
            i = j
        i += 1
sys.exit(status)
