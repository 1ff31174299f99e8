#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Runs shellcheck (warnings and errors) over the shell scripts: the host's in bash, the guest's as dash (busybox ash's dialect).
#
# The host's: scripts/*.sh. The guest's: scripts/guest/ (every file that
# starts with a shell's #!, and the libraries it sources) and tests/vm/*.sh.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

guest=(tests/vm/*.sh)
for f in scripts/guest/*; do
	case $(head -n 1 "$f") in '#!'*sh | '# SPDX'*) guest+=("$f") ;; esac
done
status=0
shellcheck -x -S warning scripts/*.sh || status=1
shellcheck -x -S warning -s dash "${guest[@]}" || status=1
exit $status
