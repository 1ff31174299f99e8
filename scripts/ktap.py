#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Joins the per-suite KTAP documents a VM run sent over its results port into one KTAP document.

Each /sys/kernel/debug/kunit/<suite>/results file is a complete document
("KTAP version 1", "1..1", the suite as subtest 1). kunit.py parse wants
one document, so the suites become subtests 1..N of a new top level.

usage: ktap.py RESULTS.log OUT.ktap     prints the number of suites
"""
import re
import sys


def suites(lines):
    current = None
    for line in lines:
        line = line.rstrip("\r\n")
        m = re.match(r"^KTP-KTAP-BEGIN (\S+)$", line)
        if m:
            current = (m.group(1), [])
            continue
        if current and line == "KTP-KTAP-END " + current[0]:
            yield current
            current = None
            continue
        if current:
            current[1].append(line)
    if current:  # cut off mid-suite: keep what arrived, the parser reports it as a crash
        yield current


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1], errors="replace") as f:
        found = list(suites(f))
    out = ["KTAP version 1", "1..%d" % len(found)]
    for index, (name, body) in enumerate(found, 1):
        # Drop the document header of the suite's file, renumber its result line.
        if body[:2] == ["KTAP version 1", "1..1"]:
            body = body[2:]
        for line in body:
            m = re.match(r"^(ok|not ok) 1 (\S+)(.*)$", line)
            if m and m.group(2) == name:
                line = "%s %d %s%s" % (m.group(1), index, name, m.group(3))
            out.append(line)
    with open(sys.argv[2], "w") as f:
        f.write("\n".join(out) + "\n")
    print(len(found))


if __name__ == "__main__":
    main()
