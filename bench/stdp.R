# Plasticity cost: COBA (2000 neurons, 80 synapses per neuron) with STDP on
# the excitatory synapses, 1000 ms: static synapses vs STDP with learning off
# vs learning on. Reports the extra cost of learning per synaptic event
# (pre-synaptic arrivals plus post-synaptic spikes on plastic synapses),
# against the static run: with learning off a spiking synapse's traces still
# evolve (only w is frozen, as ANNarchy's disable_learning()), so learning
# off is not the cost of transmission alone.
#   Rscript bench/stdp.R [--neurons 2000] [--repeats 3] [--duration 1000]
source("bench/common.R")
a <- bench_args(1000, list(neurons = 2000))
syn <- STDP(w_min = 0, w_max = 1.2)
runs <- function(name, ...) lapply(seq_len(a$repeats), function(i) run_va(name, a$neurons, a$duration, ...))
static <- runs("coba_static")
off <- runs("coba_stdp_off", synapse = syn, learning = FALSE)
on <- runs("coba_stdp_on", synapse = syn)
med <- function(r, f) stats::median(vapply(r, function(x) as.numeric(x[[f]]), numeric(1)))
# Each spike of an excitatory neuron reaches ~80 plastic synapses (pre events)
# and each spike of any neuron triggers ~64 plastic synapses (post events).
events <- med(on, "spikes") * 0.8 * 80 + med(on, "spikes") * 64
result_line(list(name = "stdp_summary", neurons = a$neurons, static_s = med(static, "simulate_s"),
                 learning_off_s = med(off, "simulate_s"), learning_on_s = med(on, "simulate_s"),
                 rate_on_hz = med(on, "mean_rate_hz"),
                 ns_per_event_learning = 1e9 * (med(on, "simulate_s") - med(static, "simulate_s")) / events))
