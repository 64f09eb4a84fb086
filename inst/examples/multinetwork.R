# Several copies of one network simulated with parallel_run(), as ANNarchy's
# multinetwork example (MultiNetwork.py): the pulse-coupled Izhikevich
# network (800 excitatory, 200 inhibitory neurons, all-to-all uniform random
# weights, dt = 1 ms) is defined once; each of 8 copies redraws the random
# neuron parameters and simulates 1000 ms, first one after the other, then
# on several processes.
#
# Run with: Rscript multinetwork.R [duration_ms]   (default 1000 ms)
# Sourced with options(annr.examples.define_only = TRUE), it only defines
# define_multinetwork() and run_multinetwork().
library(annr)

define_multinetwork <- function(seed = NULL) {
  clear()
  annr::setup(dt = 1.0, seed = seed)
  if (!is.null(seed)) set.seed(seed)
  P <- Population(1000, Izhikevich)
  Exc <- P[1:800]
  re <- stats::runif(800)
  Exc$noise <- 5.0
  Exc$a <- 0.02
  Exc$b <- 0.2
  Exc$c <- -65.0 + 15.0 * re^2
  Exc$d <- 8.0 - 6.0 * re^2
  Exc$v <- -65.0
  Exc$u <- Exc$v * Exc$b
  Inh <- P[801:1000]
  ri <- stats::runif(200)
  Inh$noise <- 2.0
  Inh$a <- 0.02 + 0.08 * ri
  Inh$b <- 0.25 - 0.05 * ri
  Inh$c <- -65.0
  Inh$d <- 2.0
  Inh$v <- -65.0
  Inh$u <- Inh$v * Inh$b
  proj_exc <- Projection(Exc, P, "exc")
  proj_inh <- Projection(Inh, P, "inh")
  proj_exc$connect_all_to_all(weights = Uniform(0.0, 0.5))
  proj_inh$connect_all_to_all(weights = Uniform(0.0, 1.0))
  M <- Monitor(P, "spike")
  compile()
  list(P = P, M = M)
}

# What each copy does: new random parameters, then simulate.
run_network <- function(idx, net, objects, duration) {
  P_local <- net[[objects$P]]
  Exc <- P_local[1:800]
  Inh <- P_local[801:1000]
  re <- stats::runif(800)
  Exc$c <- -65.0 + 15.0 * re^2
  Exc$d <- 8.0 - 6.0 * re^2
  ri <- stats::runif(200)
  Inh$noise <- 2.0
  Inh$a <- 0.02 + 0.08 * ri
  Inh$b <- 0.25 - 0.05 * ri
  Inh$u <- Inh$v * Inh$b
  net$simulate(duration)
  net[[objects$M]]$raster_plot()
}

run_multinetwork <- function(number = 8, duration = 1000, backend = "sequential",
                             max_processes = NULL, seed = NULL) {
  objects <- define_multinetwork(seed)
  parallel_run(run_network, number = number, backend = backend, max_processes = max_processes,
               objects = rep(list(objects), number), duration = rep(duration, number))
}

if (!isTRUE(getOption("annr.examples.define_only"))) {
  args <- commandArgs(trailingOnly = TRUE)
  duration <- if (length(args) >= 1) as.numeric(args[1]) else 1000
  vals <- run_multinetwork(8, duration, backend = "sequential")
  cat("spikes per network (sequential):", vapply(vals, nrow, integer(1)), "\n")
  if (.Platform$OS.type == "unix") {
    vals <- run_multinetwork(8, duration, backend = "fork", max_processes = 4)
    cat("spikes per network (4 processes):", vapply(vals, nrow, integer(1)), "\n")
  }
  if (interactive()) {
    op <- graphics::par(mfrow = c(1, 2))
    plot(vals[[1]]$time, vals[[1]]$neuron, pch = ".", xlab = "Time (ms)", ylab = "# neuron")
    plot(vals[[2]]$time, vals[[2]]$neuron, pch = ".", xlab = "Time (ms)", ylab = "# neuron")
    graphics::par(op)
  }
}
