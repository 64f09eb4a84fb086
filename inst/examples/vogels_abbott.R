# Vogels & Abbott (2005) benchmark networks, as ANNarchy's vogels_abbott
# examples (COBA.py and CUBA.py; Brette et al. 2007, benchmarks 1 and 2):
# 4000 leaky integrate-and-fire neurons (3200 excitatory, 800 inhibitory)
# connected with probability 0.02, dt = 0.1 ms, 1000 ms.
#   COBA: conductance-based synapses (exponential conductances, reversal
#         potentials 0 and -80 mV), constant input current I = 20.
#   CUBA: current-based synapses, resting potential -49 mV above threshold.
# Both fire irregularly and asynchronously at about 20-25 Hz (COBA) and
# about 5 Hz (CUBA).
#
# Run with: Rscript vogels_abbott.R [COBA|CUBA] [duration_ms]
#   (default: both models, 1000 ms)
# Sourced with options(annr.examples.define_only = TRUE), it only defines
# run_vogels_abbott().
library(annr)

run_vogels_abbott <- function(model = c("COBA", "CUBA"), duration = 1000, seed = NULL) {
  model <- match.arg(model)
  clear()
  annr::setup(dt = 0.1, seed = seed)
  if (model == "COBA") {
    neuron <- Neuron(
      parameters = "
        El = -60.0          : population
        Vr = -60.0          : population
        Erev_exc = 0.0      : population
        Erev_inh = -80.0    : population
        Vt = -50.0          : population
        tau = 20.0          : population
        tau_exc = 5.0       : population
        tau_inh = 10.0      : population
        I = 20.0            : population",
      equations = "
        tau * dv/dt = (El - v) + g_exc * (Erev_exc - v) + g_inh * (Erev_inh - v ) + I
        tau_exc * dg_exc/dt = - g_exc
        tau_inh * dg_inh/dt = - g_inh",
      spike = "v > Vt",
      reset = "v = Vr",
      refractory = 5.0,
      name = "COBA")
    P <- Population(4000, neuron)
    P$v <- Normal(-55.0, 5.0)
    P$g_exc <- Normal(4.0, 1.5)
    P$g_inh <- Normal(20.0, 12.0)
    we <- 0.6
    wi <- 6.7
  } else {
    neuron <- Neuron(
      parameters = "
        El = -49.0      : population
        Vr = -60.0      : population
        Vt = -50.0      : population
        tau_m = 20.0    : population
        tau_exc = 5.0   : population
        tau_inh = 10.0  : population",
      equations = "
        tau_m * dv/dt = (El - v) + g_exc + g_inh
        tau_exc * dg_exc/dt = - g_exc
        tau_inh * dg_inh/dt = - g_inh",
      spike = "v > Vt",
      reset = "v = Vr",
      refractory = 5.0,
      name = "CUBA")
    P <- Population(4000, neuron)
    P$v <- Uniform(-60.0, -50.0)
    we <- 0.27 * 60.0 / 10.0   # 0.27 * (Vmean - E_rev_exc) / gL (mV)
    wi <- -4.5 * 20.0 / 10.0   # 4.5 * (Vmean - E_rev_inh) / gL (mV), negative: g_inh is added
  }
  Pe <- P[1:3200]
  Pi <- P[3201:4000]
  Ce <- Projection(Pe, P, "exc")
  Ce$connect_fixed_probability(weights = we, probability = 0.02)
  Ci <- Projection(Pi, P, "inh")
  Ci$connect_fixed_probability(weights = wi, probability = 0.02)
  m <- Monitor(P, "spike")
  compile()
  simulate(duration)
  spikes <- m$get("spike")
  raster <- raster_plot(spikes)
  list(model = model, duration = duration, raster = raster,
       rate = nrow(raster) / 4000 / duration * 1000,
       exc_rate = sum(raster$neuron <= 3200) / 3200 / duration * 1000,
       inh_rate = sum(raster$neuron > 3200) / 800 / duration * 1000,
       exc_isi = inter_spike_interval(spikes, ranks = 1:3200),
       exc_cv = coefficient_of_variation(spikes, ranks = 1:3200))
}

if (!isTRUE(getOption("annr.examples.define_only"))) {
  args <- commandArgs(trailingOnly = TRUE)
  models <- if (length(args) >= 1) toupper(args[1]) else c("COBA", "CUBA")
  duration <- if (length(args) >= 2) as.numeric(args[2]) else 1000
  for (model in models) {
    res <- run_vogels_abbott(model, duration)
    cat(sprintf("%s: mean firing rate in the population: %.2f Hz (excitatory %.2f Hz, inhibitory %.2f Hz)\n",
                model, res$rate, res$exc_rate, res$inh_rate))
    cat(sprintf("%s: mean CV of the excitatory ISIs: %.2f\n", model, mean(res$exc_cv, na.rm = TRUE)))
    if (interactive()) {
      op <- graphics::par(mfrow = c(1, 2))
      plot(res$raster$time, res$raster$neuron, pch = ".", xlab = "Time (ms)", ylab = "# neuron",
           main = model)
      graphics::hist(res$exc_cv, breaks = 15, xlab = "ISI CV", main = paste(model, "excitatory"))
      graphics::par(op)
    }
  }
}
