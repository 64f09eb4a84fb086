# Short-term plasticity in a recurrent network: Tsodyks, Uziel & Markram
# (2000), "Synchrony generation in recurrent networks with
# frequency-dependent synapses", as ANNarchy's TsodyksMarkram example.
#
# 400 excitatory and 100 inhibitory leaky neurons, connected with
# probability 0.1 by depressing (E -> E, E -> I) and facilitating
# (I -> E, I -> I) Tsodyks-Markram synapses whose U, tau_rec and tau_facil
# differ between synapses. The network fires in irregular population
# bursts: most excitatory neurons fire together within a few ms.
#
# Run with: Rscript tsodyks_markram.R [duration_ms]   (default 10000 ms)
# Sourced with options(annr.examples.define_only = TRUE), it only defines
# run_tsodyks_markram().
library(annr)

run_tsodyks_markram <- function(duration = 10000, seed = NULL) {
  clear()
  dt <- 0.25
  annr::setup(dt = dt, seed = seed)
  if (!is.null(seed)) set.seed(seed)
  LIF <- Neuron(
    parameters = "
      tau = 30.0 : population
      I = 15.0
      tau_I = 3.0 : population",
    equations = "
      tau * dv/dt = -v + g_exc - g_inh + I : init = 13.5
      tau_I * dg_exc/dt = -g_exc
      tau_I * dg_inh/dt = -g_inh",
    spike = "v > 15.0",
    reset = "v = 13.5",
    refractory = 3.0,
    name = "LIF")
  # Short-term plasticity synapse, written as in ANNarchy's example (w among
  # the parameters, event-driven ODEs in the form dx/dt = (1 - x)/tau_rec,
  # per-synapse U, tau_rec and tau_facil).
  STP <- Synapse(
    parameters = "
      w = 0.0
      tau_rec = 1.0
      tau_facil = 1.0
      U = 0.1",
    equations = "
      dx/dt = (1 - x)/tau_rec : init = 1.0, event-driven
      du/dt = (U - u)/tau_facil : init = 0.1, event-driven",
    pre_spike = "
      g_target += w * u * x
      x *= (1 - u)
      u += U * (1 - u)",
    name = "Tsodyks-Markram")
  P <- Population(500, LIF)
  P$I <- sort(runif(500, 14.625, 15.375))
  P$v <- Uniform(0.0, 15.0)
  Exc <- P[1:400]
  Inh <- P[401:500]
  # A, U, tau_rec, tau_facil of each pathway
  pathways <- list(
    ee = list(pre = Exc, post = Exc, target = "exc", A = 1.8, U = c(0.5, 0.1, 0.9), tau_rec = 800, tau_facil = NULL),
    ei = list(pre = Inh, post = Exc, target = "inh", A = 5.4, U = c(0.5, 0.1, 0.9), tau_rec = 800, tau_facil = NULL),
    ie = list(pre = Exc, post = Inh, target = "exc", A = 7.2, U = c(0.04, 0.001, 0.07), tau_rec = 100, tau_facil = 1000),
    ii = list(pre = Inh, post = Inh, target = "inh", A = 7.2, U = c(0.04, 0.001, 0.07), tau_rec = 100, tau_facil = 1000))
  projs <- lapply(pathways, function(p) {
    proj <- Projection(p$pre, p$post, p$target, STP)
    proj$connect_fixed_probability(probability = 0.1,
                                   weights = Normal(p$A, p$A / 2, min = 0.2 * p$A, max = 2 * p$A))
    proj
  })
  Me <- Monitor(Exc, "spike")
  Mi <- Monitor(Inh, "spike")
  compile()
  for (k in names(pathways)) {
    p <- pathways[[k]]
    n <- projs[[k]]$nb_synapses
    projs[[k]]$set(
      U = sample_distribution(Normal(p$U[1], p$U[1] / 2, min = p$U[2], max = p$U[3]), n),
      tau_rec = sample_distribution(Normal(p$tau_rec, p$tau_rec / 2, min = 5), n),
      tau_facil = if (is.null(p$tau_facil)) dt  # cannot be 0
                  else sample_distribution(Normal(p$tau_facil, p$tau_facil / 2, min = 5), n))
  }
  simulate(duration)
  exc <- raster_plot(Me)
  inh <- raster_plot(Mi)
  # from the raster data (analyses of a monitor may use up its recording)
  h <- histogram(exc, bins = 1, dt = dt, t_start = 0, t_end = duration)
  list(exc = exc, inh = inh, histogram = h, duration = duration,
       exc_rate = nrow(exc) / 400 / duration * 1000,
       inh_rate = nrow(inh) / 100 / duration * 1000)
}

# Population bursts: 1-ms bins in which more than `fraction` of the 400
# excitatory neurons fire, runs of such bins counted once.
count_bursts <- function(histogram, fraction = 0.1) {
  above <- histogram$spikes > fraction * 400
  sum(above & !c(FALSE, head(above, -1)))
}

if (!isTRUE(getOption("annr.examples.define_only"))) {
  args <- commandArgs(trailingOnly = TRUE)
  duration <- if (length(args) >= 1) as.numeric(args[1]) else 10000
  res <- run_tsodyks_markram(duration)
  cat(sprintf("Excitatory rate %.2f Hz, inhibitory rate %.2f Hz\n", res$exc_rate, res$inh_rate))
  cat("Population bursts (> 10 % of the excitatory neurons within 1 ms):", count_bursts(res$histogram), "\n")
  if (interactive()) {
    op <- graphics::par(mfrow = c(2, 1))
    plot(res$exc$time, res$exc$neuron, pch = ".", xlab = "Time (ms)", ylab = "# neuron",
         xlim = c(0, res$duration), ylim = c(0, 500))
    points(res$inh$time, res$inh$neuron + 400, pch = ".")
    plot(res$histogram$time, res$histogram$spikes / 400, type = "l", xlab = "Time (ms)",
         ylab = "Net activity")
    graphics::par(op)
  }
}
