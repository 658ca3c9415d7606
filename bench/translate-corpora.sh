#!/bin/bash
# Translation on a real repository (npm run build first): the reading ease of `tpo explain` for a stakeholder on
# items declared on the 20 top hotspots, and the wall time of explain, breakdown, assess and report.
#   bench/translate-corpora.sh /work/corpora/fastify
set -euo pipefail
REPO=$1
NAME=$(basename "$REPO")
DB=$(mktemp -d)/tpo.db
O=(--repo "$REPO" --db "$DB")
T="node $(dirname "$0")/../bin/tpo.js"
$T scan "${O[@]}" >/dev/null 2>&1
for f in $($T hotspots --limit 20 --json "${O[@]}" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).hotspots.map(h=>h.path).join(" ")))'); do
  $T add "Change $(basename "$f")" --effort 1 --area "$f" "${O[@]}" >/dev/null
done
for i in $(seq 1 20); do $T explain "T-$i" --json "${O[@]}" 2>/dev/null || true; done |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=[...s.matchAll(/"readingEase": ([\d.]+)/g)].map(m=>+m[1]);console.log(`'"$NAME"': reading ease over ${v.length} items: min ${Math.min(...v)}, mean ${(v.reduce((a,b)=>a+b,0)/v.length).toFixed(1)}`)})'
for cmd in "explain T-1" "breakdown T-1" "assess" "report --html /dev/null"; do
  start=$(date +%s.%N)
  # shellcheck disable=SC2086
  $T $cmd "${O[@]}" >/dev/null
  echo "$NAME: tpo $cmd $(echo "$(date +%s.%N) - $start" | bc) s"
done
