#!/usr/bin/env bash
# annr vs Brian2 2.5.1 on COBA (4000 neurons by default, dt 0.1, 1000 ms), alternating in one run
# (the machine is shared and noisy: compare the ratios, not absolute times).
#   bash bench/side_by_side.sh [rounds=3] [duration_ms=1000] [neurons=4000]
# (neurons != 4000 keeps 80 synapses per neuron on both sides)
# Per round: Rscript bench/coba.R --repeats 1; Brian2 runtime/Cython;
# Brian2 runtime/Cython with a 1 ms run (its fixed per-run() cost: code
# objects, cache look-up); Brian2 cpp_standalone.
# Brian2's runtime t_simulate_s is the whole net.run() call (it includes the
# per-run preparation); "loop" = that minus the 1 ms run's time. Standalone's
# t_simulate_s is the C++ main loop alone (device._last_run_time).
# Needs: apt-get install -y python3-brian. Raw lines go to $LOG.
set -euo pipefail
cd "$(dirname "$0")/.."
# annr from `make install` (the checkout's .lib) unless R_LIBS says otherwise
export R_LIBS=${R_LIBS:-$PWD/.lib}
rounds=${1:-3}
dur=${2:-1000}
nn=${3:-4000}
peer=${PEER:-/work/shared/bench/brian2_coba.py}
py=/usr/bin/python3
LOG=${LOG:-/tmp/annr_side_by_side.log}
: > "$LOG"
"$py" -c "import brian2" || { echo "Brian2 missing: apt-get install -y python3-brian" >&2; exit 1; }
echo "warm-up: fills Brian2's Cython cache (slow the first time)" >&2
"$py" "$peer" --device runtime --target cython --duration "$dur" --neurons "$nn" | grep '^RESULT' | sed 's/^RESULT /WARMUP /' >> "$LOG"
for i in $(seq "$rounds"); do
  echo "round $i" >&2
  Rscript bench/coba.R --repeats 1 --duration "$dur" --neurons "$nn" | grep '^RESULT {"name": "coba",' | sed 's/^RESULT /ANNR /' | tee -a "$LOG"
  "$py" "$peer" --device runtime --target cython --duration "$dur" --neurons "$nn" | grep '^RESULT' | sed 's/^RESULT /B2CY /' | tee -a "$LOG"
  "$py" "$peer" --device runtime --target cython --duration 1 --neurons "$nn" | grep '^RESULT' | sed 's/^RESULT /B2CY1MS /' | tee -a "$LOG"
  "$py" "$peer" --device cpp_standalone --dir "/tmp/annr_b2coba_$nn" --duration "$dur" --neurons "$nn" | grep '^RESULT' | sed 's/^RESULT /B2SA /' | tee -a "$LOG"
done
PYTHONPATH=bench "$py" - "$LOG" <<'PY'
import sys, statistics as st
import tagged_log
rows = tagged_log.read(sys.argv[1])
a = [r["simulate_s"] for r in rows["ANNR"]]
cy = [r["t_simulate_s"] for r in rows["B2CY"]]
cy1 = [r["t_simulate_s"] for r in rows["B2CY1MS"]]
sa = [r["t_simulate_s"] for r in rows["B2SA"]]
loop = [x - y for x, y in zip(cy, cy1)]
print("round  annr_sim  b2_cython_run  b2_cython_loop  b2_standalone  annr/cy_run  annr/cy_loop  annr/standalone")
for i in range(len(a)):
    print(f"{i+1:5d}  {a[i]:8.3f}  {cy[i]:13.3f}  {loop[i]:14.3f}  {sa[i]:13.3f}  {a[i]/cy[i]:11.2f}  {a[i]/loop[i]:12.2f}  {a[i]/sa[i]:15.2f}")
m = st.median
rate = lambda k, f="mean_rate_hz": m([r[f] for r in rows[k]])
print(f"median annr simulate {m(a):.3f} s ({rate('ANNR'):.1f} Hz, {m([r['synapses'] for r in rows['ANNR']]):.0f} syn)")
print(f"median Brian2 Cython run() {m(cy):.3f} s, loop ~{m(loop):.3f} s ({rate('B2CY'):.1f} Hz); standalone loop {m(sa):.3f} s ({rate('B2SA'):.1f} Hz); standalone compile {m([r['t_compile_s'] for r in rows['B2SA']]):.1f} s")
print(f"RATIO annr/Brian2_cython_run = {m([x/y for x, y in zip(a, cy)]):.2f}  annr/Brian2_cython_loop = {m([x/y for x, y in zip(a, loop)]):.2f}  annr/Brian2_standalone = {m([x/y for x, y in zip(a, sa)]):.2f}  (median of per-round ratios; < 1: annr faster)")
PY
