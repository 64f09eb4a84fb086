#!/bin/sh
# Builds the C++ core tests and the package with AddressSanitizer and
# UndefinedBehaviorSanitizer, and runs both suites (make test-sanitize).
#   SANITIZE_TESTS=regex   runs only the testthat files matching it (the whole
#                          suite under ASan takes a long time); default: all
# Every sanitizer report goes to $OUT (default build-sanitize/ in the
# checkout); the script fails when there is any, or when a test fails.
# R itself is not instrumented: libasan is preloaded into it, and leak
# detection is off for R (R does not free everything at exit); it stays on
# for the core tests.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${OUT:-$ROOT/build-sanitize}
CXX=${CXX:-g++}
SAN="-fsanitize=address,undefined -fno-omit-frame-pointer"
rm -rf "$OUT"
mkdir -p "$OUT/logs" "$OUT/lib"

echo "== core tests (tests/cpp, built in tests/cpp/build-sanitize) with $SAN"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
make -C "$ROOT/tests/cpp" BUILD=build-sanitize CXX="$CXX" \
  CXXFLAGS="-O1 -g -std=c++17 -Wall $SAN -fno-sanitize-recover=undefined" test

echo "== package with $SAN"
# Built from a copy, so that no instrumented object is left in src/ for the
# next ordinary install.
SRC="$OUT/src-copy"
mkdir -p "$SRC"
(cd "$ROOT" && tar cf - --exclude=./.git --exclude=./.lib --exclude=./build-sanitize \
   --exclude=./tests/fuzz/build --exclude=./tests/cpp/build --exclude='./src/*.o' \
   --exclude='./src/*.so' --exclude=./check .) | (cd "$SRC" && tar xf -)
cat > "$OUT/Makevars" <<MAKEVARS
CXX17FLAGS = -O1 -g $SAN
CXXFLAGS = -O1 -g $SAN
LDFLAGS = $SAN
MAKEVARS
R_MAKEVARS_USER="$OUT/Makevars" R CMD INSTALL --no-test-load --library="$OUT/lib" "$SRC" \
  >"$OUT/install.log" 2>&1 || { tail -30 "$OUT/install.log"; exit 1; }

echo "== testthat suite under ASan + UBSan${SANITIZE_TESTS:+ (files matching '$SANITIZE_TESTS')}"
PRELOAD="$($CXX -print-file-name=libasan.so) $($CXX -print-file-name=libubsan.so)"
status=0
cd "$ROOT"
R_LIBS="$OUT/lib${R_LIBS:+:$R_LIBS}" LD_PRELOAD="$PRELOAD" \
ASAN_OPTIONS="detect_leaks=0:log_path=$OUT/logs/asan" \
UBSAN_OPTIONS="print_stacktrace=1:log_path=$OUT/logs/ubsan" \
SANITIZE_TESTS="${SANITIZE_TESTS:-}" \
Rscript -e '
suppressPackageStartupMessages({ library(testthat); library(annr) })
filter <- Sys.getenv("SANITIZE_TESTS")
t0 <- proc.time()[[3]]
res <- as.data.frame(test_dir("tests/testthat", filter = if (nzchar(filter)) filter else NULL,
  reporter = ProgressReporter$new(show_praise = FALSE), stop_on_failure = FALSE,
  package = "annr", load_package = "installed"))
failed <- sum(res$failed) + sum(res$error)
cat(sprintf("tests under ASan+UBSan: %d files, %d passed, %d failed, %d skipped, %.0f s\n",
  length(unique(res$file)), as.integer(sum(res$nb) - sum(res$failed) - sum(res$skipped)),
  as.integer(failed), as.integer(sum(res$skipped)), proc.time()[[3]] - t0))
quit(status = if (failed > 0) 1 else 0)' || status=1

reports=$(cat "$OUT"/logs/* 2>/dev/null | grep -c -E '^(SUMMARY|.*runtime error:)' || true)
if [ "$reports" -gt 0 ]; then
  echo "sanitizer reports: $reports (in $OUT/logs)"
  head -60 "$OUT"/logs/*
  status=1
else
  echo "sanitizer reports: 0"
fi
exit $status
