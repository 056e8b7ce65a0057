#!/usr/bin/env bash
# Runs dieharder (Debian's `dieharder` package) on the counter-based generator in three views (see
# bench/rng-stream.ts): one column over rows, one row across columns, one row across seeds. Slow (tens of
# minutes a view on 2 cores), so it is not part of `npm test` or the benchmark; the README states the result.
#
# Usage: bash bench/dieharder.sh [view ...]    (default: rows columns seeds; `npm run build` first)
# DIEHARDER_ARGS overrides the test selection (default `-a -Y 1`: every test at its default sample size, and a WEAK result
# tested again with more samples until it passes or fails, as dieharder(1) advises).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v dieharder >/dev/null || { echo "dieharder is not installed: apt-get install -y dieharder" >&2; exit 2; }
[ -f dist/bench/rng-stream.js ] || { echo "build first: npm run build" >&2; exit 2; }
mkdir -p bench/results
read -r -a args <<<"${DIEHARDER_ARGS:--a -Y 1}"
for view in "${@:-rows columns seeds}"; do
  for v in $view; do
    out="bench/results/dieharder-$v.txt"
    echo "dieharder ${args[*]} on view '$v' → $out" >&2
    # -g 200: raw 32-bit words on stdin. The stream ends when dieharder closes the pipe.
    node dist/bench/rng-stream.js "$v" 42 | dieharder -g 200 "${args[@]}" >"$out"
    grep -cE 'PASSED' "$out" | xargs printf '  passed: %s\n' >&2
    grep -E 'WEAK|FAILED' "$out" >&2 || echo "  no WEAK or FAILED result" >&2
  done
done
