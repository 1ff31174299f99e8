#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make bench: native tracing and ktp, instruction for instruction, on Debian's 6.1 kernel.
#
# usage: bench.sh [--iterations N] [--check] [--baseline FILE] [--reuse]
# Boots Debian's kernel under QEMU with -icount shift=0 -smp 1 (a guest
# nanosecond is one instruction, so figures are exact and repeat), runs
# ktp_bench.ko, and prints one line per case:
#     bench <case> native=<instructions per call> ktp=<...> ratio=<ktp/native>
# then writes build/bench.md and build/bench.png (gnuplot: the ratios). With --check it
# also fails when a ktp figure is more than 10% above tests/bench/baseline.txt
# (or FILE), or misses one of issue #7's targets; --reuse judges the last
# run's figures again without a new run.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

iterations=100000 check=0 reuse=0
baseline=$KTP_ROOT/tests/bench/baseline.txt
while [ $# -gt 0 ]; do
	case $1 in
	--iterations) iterations=$2; shift 2 ;;
	--check) check=1; shift ;;
	--baseline) baseline=$2; shift 2 ;;
	--reuse) reuse=1; shift ;;
	*) ktp_die "unknown option $1" ;;
	esac
done

out=$KTP_BUILD/vm/bench
mkdir -p "$KTP_BUILD/vm"
if [ $reuse = 0 ] || [ ! -s "$out/results.log" ]; then
	"$KTP_ROOT/scripts/vm.sh" --icount --out "$out" --timeout 600 debian bench "$iterations" >"$out.log" 2>&1 ||
		{ cat "$out.log" >&2; ktp_die "the benchmark VM run failed (console: $out/console.log)"; }
fi

# KTP-BENCH <case> <tree> <ns> <iterations>  ->  per-call figures, loop included.
table=$(tr -d '\r' < "$out/results.log" | awk '
	$1 == "KTP-BENCH" { v[$2 "," $3] = $4 / $5; if (!($2 in seen)) { seen[$2] = 1; order[n++] = $2 } }
	END {
		for (i = 0; i < n; i++) {
			c = order[i]; nat = v[c ",native"]; k = v[c ",ktp"]
			printf "bench %s native=%.2f ktp=%.2f ratio=%.2f\n", c, nat, k, (nat > 0 ? k / nat : 0)
		}
	}')
[ -n "$table" ] || ktp_die "the benchmark printed no figures (console: $out/console.log)"
echo "$table"

{
	echo "# ktp benchmark: instructions per call (QEMU -icount shift=0, Debian $(ktp_debian_release), $iterations calls)"
	echo
	echo "| case | native | ktp | ratio |"
	echo "| --- | ---: | ---: | ---: |"
	echo "$table" | sed 's/^bench \([^ ]*\) native=\([^ ]*\) ktp=\([^ ]*\) ratio=\(.*\)$/| \1 | \2 | \3 | \4 |/'
} > "$KTP_BUILD/bench.md"

# The plot: ktp/native per case (below 1: ktp is cheaper), from the unrounded figures.
command -v gnuplot >/dev/null || ktp_die "gnuplot is not installed (apt-get install gnuplot-nox)"
echo "$table" | awk '{ split($3, n, "="); split($4, k, "="); sub(/^bench /, "");
	printf "%s %.4f\n", $1, (n[2] > 0 ? k[2] / n[2] : 0) }' > "$KTP_BUILD/bench.dat"
gnuplot <<-PLOT
set terminal png size 900,450
set termoption noenhanced
set output "$KTP_BUILD/bench.png"
set title "ktp / native, per case (QEMU icount, Debian 6.1): below 1, ktp is cheaper"
set style data histograms
set style fill solid 0.8
set boxwidth 0.7
set yrange [0:*]
set ylabel "ratio"
set xtics rotate by -30
set key off
set arrow from graph 0, first 1 to graph 1, first 1 nohead dashtype 2
plot "$KTP_BUILD/bench.dat" using 2:xtic(1), "" using 0:2:(sprintf("%.2f", \$2)) with labels offset 0,0.7
PLOT

if [ $check = 1 ]; then
	status=0
	while read -r name tree figure; do
		case $name in ''|'#'*) continue ;; esac
		now=$(echo "$table" | sed -n "s/^bench $name .*$tree=\([0-9.]*\).*/\1/p")
		[ -n "$now" ] || { echo "baseline case $name/$tree was not measured"; status=1; continue; }
		if awk -v n="$now" -v b="$figure" 'BEGIN { exit !(n > b * 1.10) }'; then
			echo "regression: $name $tree $now instructions per call, baseline $figure (+10% allowed)"
			status=1
		fi
	done < "$baseline"
	# The targets of issue #7, absolute: a slip past one fails even within 10% of the baseline.
	echo "$table" | awk '{ split($3, n, "="); split($4, k, "="); nat[$2] = n[2]; ktp[$2] = k[2] }
		function miss(c, why) { printf "target missed: %s ktp=%s (%s)\n", c, ktp[c], why; bad = 1 }
		END {
			if (ktp["disabled"] > nat["disabled"]) miss("disabled", "at most native\047s " nat["disabled"])
			if (ktp["enabled"] > 150) miss("enabled", "at most 150")
			if (ktp["tracing_off"] > 20) miss("tracing_off", "at most 20")
			if (ktp["filter_reject"] > 60) miss("filter_reject", "at most 60")
			if (ktp["filter_1in16"] > 70) miss("filter_1in16", "at most 70")
			if (ktp["read"] > nat["read"]) miss("read", "at most native\047s " nat["read"])
			if (ktp["enable_system"] > 2) miss("enable_system", "one batch each way")
			exit bad
		}' || status=1
	exit $status
fi
