# Gap junctions: ten leaky neurons coupled all-to-all by gap junctions, as
# ANNarchy's GapJunctions example (itself after a Brian example).
#
# A gap junction is a synapse with psp = w * (pre.v - post.v) onto a spiking
# population: every step, each neuron receives the sum over its synapses in
# g_gap (continuous transmission, no spikes involved). The coupling pulls
# the neurons, which start spread between v = 0 and v = 1, towards
# synchrony.
#
# Run with: Rscript gap_junctions.R [duration_ms]   (default 500 ms, dt = 0.1)
# Sourced with options(annr.examples.define_only = TRUE), it only defines
# run_gap_junctions().
library(annr)

run_gap_junctions <- function(duration = 500) {
  clear()
  annr::setup(dt = 0.1)
  neuron <- Neuron(
    parameters = "v0 = 1.05 : population; tau = 10.0 : population",
    equations = "tau * dv/dt = v0 - v + g_gap",
    spike = "v > 1.",
    reset = "v = 0.",
    name = "leaky")
  gap_junction <- Synapse(psp = "w * (pre.v - post.v)", name = "gap junction")
  pop <- Population(10, neuron)
  pop$v <- seq(0, 1, length.out = 10)
  proj <- Projection(pop, pop, "gap", gap_junction)
  proj$connect_all_to_all(weights = 0.02)
  trace <- Monitor(pop[c(1, 6)], "v")
  spikes <- Monitor(pop, "spike")
  compile()
  simulate(duration)
  list(v = trace$get("v"), spikes = raster_plot(spikes))
}

if (!isTRUE(getOption("annr.examples.define_only"))) {
  args <- commandArgs(trailingOnly = TRUE)
  duration <- if (length(args) >= 1) as.numeric(args[1]) else 500
  res <- run_gap_junctions(duration)
  cat("Spikes per neuron:", tabulate(res$spikes$neuron, 10), "\n")
  last <- res$spikes[res$spikes$time > duration - 50, ]
  cat("Spike times in the last 50 ms:", sort(unique(last$time)), "\n")
  if (interactive()) {
    t <- seq_len(nrow(res$v)) * 0.1 - 0.1
    matplot(t, res$v, type = "l", lty = 1, xlab = "Time (ms)", ylab = "v")
  }
}
