# CUBA: the current-based sibling of COBA (Brian2's / ANNarchy's CUBA example):
# 4000 LIF neurons, El = -49, exc weight 1.62, inh weight -9, p = 0.02, dt 0.1.
#   Rscript bench/cuba.R [--repeats 3] [--duration 1000] [--neurons 4000]
source("bench/common.R")
a <- bench_args(duration = 1000, extra = list(neurons = 4000))
res <- lapply(seq_len(a$repeats), function(i)
  run_once("cuba", function() build_cuba(a$neurons), a$duration, dt = 0.1, seed = i))
median_line(res)
