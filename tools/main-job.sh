#!/usr/bin/env bash
# The main job on the dataset in graphs/: build parley (release), validate every snapshot
# strictly (quotes checked against ../shared/seeds when it is there), then print the stats of
# the latest ukraine-2025 snapshot. Later steps are added below.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== build (release)" >&2
swift build -c release --product parley >&2
PARLEY="$(swift build -c release --show-bin-path)/parley"

echo "== validate --strict graphs/" >&2
"$PARLEY" validate --strict graphs/

# The latest snapshot of the worked dataset: the greatest `as_of` date.
latest=""
latest_date=""
if [ -d graphs/ukraine-2025 ]; then
  while IFS= read -r -d '' f; do
    d="$(grep -m1 -E '^[[:space:]]+as_of:' "$f" | sed -E 's/.*as_of:[[:space:]]*"?([0-9-]+).*/\1/' || true)"
    if [ -n "$d" ] && { [ -z "$latest_date" ] || [[ "$d" > "$latest_date" ]]; }; then
      latest="$f"
      latest_date="$d"
    fi
  done < <(find graphs/ukraine-2025 -name '*.yaml' -print0 | sort -z)
fi
if [ -n "$latest" ]; then
  echo "== stats $latest (as of $latest_date)" >&2
  "$PARLEY" stats "$latest"
else
  echo "== no graphs/ukraine-2025 snapshot yet: no stats" >&2
fi
