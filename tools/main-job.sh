#!/usr/bin/env bash
# The main job on the dataset in graphs/: build parley (release), validate every snapshot
# strictly (quotes checked against ../shared/seeds when it is there), then print the stats of
# the latest ukraine-2025 snapshot, the positions of the main parties and the sticking points on it.
# Later steps are added below.
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
  # The main parties of the talks: the two belligerents, the broker and Europe (stances voiced
  # by their officials count for them; `parley positions --matrix` lists every party).
  for party in russia ukraine united-states europe; do
    echo "== positions $party ($latest)" >&2
    "$PARLEY" positions "$party" "$latest"
    echo
  done
  echo "== position matrix ($latest)" >&2
  "$PARLEY" positions --matrix russia ukraine united-states europe "$latest"
  echo
  echo "== sticking points ($latest)" >&2
  "$PARLEY" contested "$latest"
else
  echo "== no graphs/ukraine-2025 snapshot yet: no stats" >&2
fi
