#!/usr/bin/env bash
# Load benchmark: time and peak memory of `parley stats` on synthetic snapshots of 10k, 100k and
# 1M relations, in JSON and YAML, made by tools/generate.py (seeded, so every run reads the same
# files). Prints a table; run it from anywhere.
#
#   tools/bench-load.sh                   # all sizes, both formats
#   SIZES="10000 100000" tools/bench-load.sh
#   FORMATS=json TIMEOUT=120 tools/bench-load.sh
#
# Environment: SIZES (relation counts), FORMATS (json yaml), TIMEOUT (seconds per run, default
# 900), BENCH_DIR (where the generated files are kept, default /tmp/parley-bench), PARLEY (the
# binary; default: a release build, made with `swift build -c release` when missing).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SIZES="${SIZES:-10000 100000 1000000}"
FORMATS="${FORMATS:-json yaml}"
TIMEOUT="${TIMEOUT:-900}"
BENCH_DIR="${BENCH_DIR:-/tmp/parley-bench}"
PARLEY="${PARLEY:-$ROOT/.build/release/parley}"

if [ ! -x /usr/bin/time ]; then
  echo "bench: installing GNU time" >&2
  SUDO=""; if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then SUDO=sudo; fi
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq time >/dev/null
fi
python3 -c 'import yaml' 2>/dev/null || python3 -m pip install -q pyyaml >&2
if [ ! -x "$PARLEY" ]; then
  echo "bench: building parley (release)" >&2
  (cd "$ROOT" && swift build -c release --product parley >&2)
fi

mkdir -p "$BENCH_DIR"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ)"
printf "%-6s %10s %10s %10s %10s %12s  %s\n" format relations "size MiB" "wall s" "cpu s" "peak MiB" status
for fmt in $FORMATS; do
  for n in $SIZES; do
    file="$BENCH_DIR/synthetic-$n.$fmt"
    if [ ! -s "$file" ]; then
      python3 "$ROOT/tools/generate.py" --relations "$n" --seed 1 --format "$fmt" -o "$file.tmp" && mv "$file.tmp" "$file"
    fi
    size=$(awk -v b="$(stat -c %s "$file")" 'BEGIN {printf "%.1f", b/1048576}')
    log="$BENCH_DIR/time-$n-$fmt.txt"
    status=ok
    if ! timeout "$TIMEOUT" /usr/bin/time -v "$PARLEY" stats "$file" >/dev/null 2>"$log"; then
      status="failed or timed out after ${TIMEOUT}s"
    fi
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; printf "%.2f", s}' "$log")
    cpu=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {printf "%.2f", u+s}' "$log")
    rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$log")
    printf "%-6s %10s %10s %10s %10s %12s  %s\n" "$fmt" "$n" "$size" "${wall:--}" "${cpu:--}" "${rss:--}" "$status"
  done
done
