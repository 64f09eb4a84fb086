# COBA (Vogels-Abbott, as in ANNarchy's example): 4000 conductance-based LIF
# neurons (3200 exc), p = 0.02, dt 0.1 ms. Times compile() and simulate().
#   Rscript bench/coba.R [--repeats 3] [--duration 1000] [--neurons 4000]
# (--neurons keeps 80 synapses per neuron: p = 80 / N.)
source("bench/common.R")
a <- bench_args(duration = 1000, extra = list(neurons = 4000))
res <- lapply(seq_len(a$repeats), function(i)
  run_once("coba", function() build_coba(a$neurons), a$duration, dt = 0.1, seed = i))
median_line(res)
