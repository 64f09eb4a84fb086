#!/usr/bin/env bash
# annr vs Brian2 2.5.1 (runtime, Cython) on COBA 2000 with STDP on the
# excitatory synapses, 1000 ms, alternating in one run (compare ratios).
#   bash bench/stdp_side_by_side.sh [rounds=3]
# Per round: Rscript bench/stdp.R --repeats 1 (static, learning off, on);
# bench/brian2_stdp.py --plastic 0, then --plastic 1.
# Needs: apt-get install -y python3-brian. Raw lines go to $LOG.
set -euo pipefail
cd "$(dirname "$0")/.."
# annr from `make install` (the checkout's .lib) unless R_LIBS says otherwise
export R_LIBS=${R_LIBS:-$PWD/.lib}
rounds=${1:-3}
py=/usr/bin/python3
LOG=${LOG:-/tmp/annr_stdp_side_by_side.log}
: > "$LOG"
"$py" -c "import brian2" || { echo "Brian2 missing: apt-get install -y python3-brian" >&2; exit 1; }
echo "warm-up: fills Brian2's Cython cache (slow the first time)" >&2
"$py" bench/brian2_stdp.py --plastic 1 > /dev/null
for i in $(seq "$rounds"); do
  echo "round $i" >&2
  Rscript bench/stdp.R --repeats 1 | grep '^RESULT {"name": "stdp_summary"' | sed 's/^RESULT /ANNR /' | tee -a "$LOG"
  "$py" bench/brian2_stdp.py --plastic 0 | grep '^RESULT' | sed 's/^RESULT /B2STATIC /' | tee -a "$LOG"
  "$py" bench/brian2_stdp.py --plastic 1 | grep '^RESULT' | sed 's/^RESULT /B2STDP /' | tee -a "$LOG"
done
PYTHONPATH=bench "$py" - "$LOG" <<'PY'
import sys, statistics as st
import tagged_log
rows = tagged_log.read(sys.argv[1])
m = st.median
a_on = [r["learning_on_s"] for r in rows["ANNR"]]
a_static = [r["static_s"] for r in rows["ANNR"]]
a_hz = [r["rate_on_hz"] for r in rows["ANNR"]]
b_static = [r["simulate_s"] for r in rows["B2STATIC"]]
b_on = [r["simulate_s"] for r in rows["B2STDP"]]
b_hz = [r["spikes"] / r["neurons"] for r in rows["B2STDP"]]  # 1000 ms runs
print("round  annr_static  annr_stdp  b2_static  b2_stdp  annr/b2_stdp  learning_cost_annr  learning_cost_b2")
for i in range(len(a_on)):
    print(f"{i+1:5d}  {a_static[i]:11.3f}  {a_on[i]:9.3f}  {b_static[i]:9.3f}  {b_on[i]:7.3f}  {a_on[i]/b_on[i]:12.2f}  {a_on[i]-a_static[i]:18.3f}  {b_on[i]-b_static[i]:16.3f}")
cost_a = [x - y for x, y in zip(a_on, a_static)]
cost_b = [x - y for x, y in zip(b_on, b_static)]
print(f"median rates: annr {m(a_hz):.1f} Hz, Brian2 {m(b_hz):.1f} Hz (plastic events scale with spikes)")
print(f"RATIO annr/Brian2 with STDP = {m([x/y for x, y in zip(a_on, b_on)]):.2f}; learning cost annr/Brian2 = "
      f"{m([x/y for x, y in zip(cost_a, cost_b)]):.2f}, per spike {m([(x/ha)/(y/hb) for x, y, ha, hb in zip(cost_a, cost_b, a_hz, b_hz)]):.2f} (median of per-round ratios; < 1: annr faster)")
PY
