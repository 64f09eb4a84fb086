"""COBA (2000 neurons) with STDP on the excitatory synapses in Brian2, the
same model as bench/stdp.R, for a side-by-side cost of plasticity.

usage: /usr/bin/python3 bench/brian2_stdp.py [--neurons 2000] [--duration 1000] [--plastic 1]
Prints: RESULT {json} with build and simulate seconds (runtime, Cython) and spikes.
"""
import argparse, json, time

ap = argparse.ArgumentParser()
ap.add_argument("--neurons", type=int, default=2000)
ap.add_argument("--duration", type=float, default=1000.0)
ap.add_argument("--plastic", type=int, default=1)
a = ap.parse_args()

from brian2 import NeuronGroup, Synapses, SpikeMonitor, Network, defaultclock, ms, prefs, seed, clip
prefs.codegen.target = "cython"
seed(1)
defaultclock.dt = 0.1 * ms
N = a.neurons; NE = int(0.8 * N); p = 80.0 / N
eqs = """
dv/dt = ((El - v) + g_exc * (Ee - v) + g_inh * (Ei - v) + I) / (20*ms) : 1 (unless refractory)
dg_exc/dt = -g_exc / (5*ms) : 1
dg_inh/dt = -g_inh / (10*ms) : 1
"""
ns = dict(El=-60.0, Ee=0.0, Ei=-80.0, I=20.0, tau_plus=20 * ms, tau_minus=20 * ms,
          A_plus=0.01, A_minus=0.01, w_max=1.2)
t0 = time.perf_counter()
P = NeuronGroup(N, eqs, threshold="v > -50", reset="v = -60", refractory=5 * ms,
                method="euler", namespace=ns)
P.v = "-55 + 5*randn()"; P.g_exc = "4 + 1.5*randn()"; P.g_inh = "20 + 12*randn()"
if a.plastic:
    Ce = Synapses(P[:NE], P, model="""w : 1
        dx/dt = -x / tau_plus : 1 (event-driven)
        dy/dt = -y / tau_minus : 1 (event-driven)""",
        on_pre="g_exc += w; x += A_plus * w_max; w = clip(w + y, 0, w_max)",
        on_post="y -= A_minus * w_max; w = clip(w + x, 0, w_max)", namespace=ns)
else:
    Ce = Synapses(P[:NE], P, model="w : 1", on_pre="g_exc += w", namespace=ns)
Ce.connect(condition="i != j", p=p); Ce.w = 0.6
Ci = Synapses(P[NE:], P, on_pre="g_inh += 6.7"); Ci.connect(condition="i != j", p=p)
m = SpikeMonitor(P)
net = Network(P, Ce, Ci, m)
net.run(1 * ms)  # code generation and Cython compilation outside the timing
t_build = time.perf_counter() - t0
t0 = time.perf_counter()
net.run(a.duration * ms)
t_sim = time.perf_counter() - t0
print("RESULT " + json.dumps(dict(name="brian2_stdp" if a.plastic else "brian2_static", neurons=N,
                                  build_s=round(t_build, 3), simulate_s=round(t_sim, 3),
                                  spikes=int(m.num_spikes))))
