#!/usr/bin/env bash
# Runs every benchmark once, in sequence, logging to $OUT (default /tmp/annr_bench).
#   bash bench/run_all.sh
set -uo pipefail
cd "$(dirname "$0")/.."
# annr from `make install` (the checkout's .lib) unless R_LIBS says otherwise
export R_LIBS=${R_LIBS:-$PWD/.lib}
OUT=${OUT:-/tmp/annr_bench}
mkdir -p "$OUT"
lib=$(Rscript -e 'cat(find.package("annr"))')
echo "annr installed at $lib: $(stat -c %y "$lib/libs/annr.so" 2>/dev/null); git $(git rev-parse --short HEAD) $(git status --porcelain -- src R inst | wc -l) modified files in src/R/inst"
for s in coba cuba seed scaling sweep stdp rate_coded sparse parallel_threads; do
  echo "== Rscript bench/$s.R"
  Rscript "bench/$s.R" 2>&1 | tee "$OUT/$s.log"
done
echo "== bash bench/side_by_side.sh"
bash bench/side_by_side.sh 2>&1 | grep -v -e FutureWarning -e 'if not hasattr' -e 'obj = getattr' | tee "$OUT/side_by_side.log"
echo "annr.so after: $(stat -c %y "$lib/libs/annr.so" 2>/dev/null)"
