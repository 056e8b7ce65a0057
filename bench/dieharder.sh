#!/usr/bin/env bash
# Runs dieharder (Debian's `dieharder` package) on the counter-based generator in three views (see
# bench/rng-stream.ts): one column over rows, one row across columns, one row across seeds. Slow (hours a
# view on 2 cores for the whole of `-a`), so it is not part of `npm test` or the benchmark; the README states
# the result.
#
# Usage: bash bench/dieharder.sh [view ...]    (default: rows columns seeds; `npm run build` first)
# DIEHARDER_ARGS overrides the test selection (default `-a -Y 1`: every test at its default sample size, and a
# WEAK result tested again with more samples until it passes or fails, as dieharder(1) advises).
# DIEHARDER_TESTS="204 205 203:22" runs those tests one at a time instead (`203:22` is test 203 with -n 22),
# each on a fresh stream, and appends them to the view's file: to finish or repeat part of an `-a` run.
# Views `mt19937` and `aes_ofb` are dieharder's own generators, for comparison on the same tests.
# DIEHARDER_SEED (default 42) seeds every view; DIEHARDER_LABEL names a separate results file.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v dieharder >/dev/null || { echo "dieharder is not installed: apt-get install -y dieharder" >&2; exit 2; }
[ -f dist/bench/rng-stream.js ] || { echo "build first: npm run build" >&2; exit 2; }
mkdir -p bench/results
read -r -a args <<<"${DIEHARDER_ARGS:--a -Y 1}"
read -r -a tests <<<"${DIEHARDER_TESTS:-}"

# -g 200: raw 32-bit words on stdin. The stream ends when dieharder closes the pipe.
seed=${DIEHARDER_SEED:-42}
run() {
  case $1 in
    mt19937) dieharder -g 13 -S "$seed" "${@:2}" ;;
    aes_ofb) dieharder -g 205 -S "$seed" "${@:2}" ;;
    *) node dist/bench/rng-stream.js "$1" "$seed" | dieharder -g 200 "${@:2}" ;;
  esac
}

for view in "${@:-rows columns seeds}"; do
  for v in $view; do
    out="bench/results/dieharder-$v${DIEHARDER_LABEL:+-$DIEHARDER_LABEL}.txt"
    if [ ${#tests[@]} -eq 0 ]; then
      echo "dieharder ${args[*]} on view '$v' → $out" >&2
      run "$v" "${args[@]}" >"$out"
    else
      for t in "${tests[@]}"; do
        n=(); [[ $t == *:* ]] && n=(-n "${t#*:}")
        echo "dieharder -d ${t%%:*} ${n[*]} -Y 1 on view '$v' → $out (appended)" >&2
        # Only the result lines: the banner and column heads are already at the top of the file.
        run "$v" -d "${t%%:*}" "${n[@]}" -Y 1 | grep -E '\|(  PASSED  |   WEAK   |  FAILED  )' >>"$out"
      done
    fi
    { grep -cE 'PASSED' "$out" || true; } | xargs printf '  passed: %s\n' >&2
    grep -E 'WEAK|FAILED' "$out" >&2 || echo "  no WEAK or FAILED result" >&2
  done
done
