#!/usr/bin/env bash
# The main job on the dataset in graphs/: build parley (release), validate every snapshot
# strictly (quotes checked against ../shared/seeds when it is there), then print the stats of
# the latest ukraine-2025 snapshot, the positions of the main parties and the sticking points on it,
# what changed between the first and the last snapshot, and (when Graphviz is there) a drawing of
# the latest snapshot in .build/parley-out/.
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
  echo
  # The oldest snapshot (smallest as_of) against the latest: who moved, what was dropped or changed.
  first="$(for f in graphs/ukraine-2025/*.yaml; do
    printf '%s %s\n' "$(grep -m1 -E '^[[:space:]]+as_of:' "$f" | sed -E 's/.*as_of:[[:space:]]*"?([0-9-]+).*/\1/')" "$f"
  done | sort | head -n1 | cut -d' ' -f2-)"
  if [ -n "$first" ] && [ "$first" != "$latest" ]; then
    echo "== diff $first $latest" >&2
    # diff exits 1 when the snapshots differ, as diff(1) does: that is the expected answer here.
    "$PARLEY" diff "$first" "$latest" || [ $? -eq 1 ]
  fi
  if command -v dot >/dev/null; then
    mkdir -p .build/parley-out
    out=".build/parley-out/$(basename "$latest" .yaml).svg"
    "$PARLEY" render "$latest" -o "$out" --clusters
    echo "== drawing of $latest written to $out" >&2
  else
    echo "== Graphviz is not installed (apt-get install graphviz): no drawing" >&2
  fi
else
  echo "== no graphs/ukraine-2025 snapshot yet: no stats" >&2
fi
