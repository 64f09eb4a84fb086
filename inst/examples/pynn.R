# The PyNN examples as ANNarchy ports them (ANNarchy's examples/pyNN), one
# function each (dt = 0.1 ms throughout):
#   run_aeif_cond_exp()       AEIF_cond_exp.py: one adaptive exponential
#                             neuron (EIF_cond_exp_isfa_ista) driven by a
#                             current step of 1 nA from 20 to 120 ms; 140 ms.
#   run_if_cond_exp()         IF_cond_exp.py: one conductance-based neuron
#                             receiving 10 excitatory spikes (5-95 ms, delay
#                             2 ms) then 10 inhibitory spikes (155-245 ms,
#                             delay 4 ms); 200 ms.
#   run_if_curr_alpha()       IF_curr_alpha.py: two current-based neurons
#                             with alpha synapses driven by a 100 Hz Poisson
#                             spike train (a SpikeSourceArray); 1000 ms.
#   run_eif_cond_exp()        EIF_cond_exp.py: 4000 exponential integrate-
#                             and-fire neurons (COBA network with 5 %
#                             connectivity) kicked by 2000 Hz Poisson input
#                             for the first 100-200 ms; 500 ms.
#   run_short_term_plasticity2()  short_term_plasticity2.py: the CUBA
#                             network with Tsodyks-Markram excitatory
#                             synapses (Brian's example); 1000 ms.
#
# Run with: Rscript pynn.R   (runs them all and prints their key figures)
# Sourced with options(annr.examples.define_only = TRUE), it only defines
# the functions.
#   run_non_linear_synapse()  non_linear_synapse.py: one integrator neuron
#                             receiving two regular spike trains through
#                             NMDA-like synapses whose conductance g
#                             saturates (pre_spike `x += w`, psp `g`:
#                             transmitted every step); 100 ms.
library(annr)

run_aeif_cond_exp <- function() {
  clear()
  annr::setup(dt = 0.1)
  pop <- Population(1, EIF_cond_exp_isfa_ista)
  pop$tau_w <- 144.0
  pop$a <- 4.0
  pop$b <- 0.0805
  pop$v_reset <- -70.6
  m <- Monitor(pop, c("spike", "v", "w"))
  compile()
  simulate(20.0)
  pop$i_offset <- 1.0
  simulate(100.0)
  pop$i_offset <- 0.0
  simulate(20.0)
  data <- m$get()
  list(v = data$v[, 1], w = data$w[, 1], spike_times = data$spike$time)
}

run_if_cond_exp <- function(tstop = 200.0) {
  clear()
  annr::setup(dt = 0.1)
  spike_sourceE <- SpikeSourceArray(seq(5, 95, by = 10))
  spike_sourceI <- SpikeSourceArray(seq(155, 245, by = 10))
  ifcell <- Population(1, IF_cond_exp)
  ifcell$set(list(i_offset = 0.1, tau_refrac = 3.0, v_thresh = -51.0, tau_syn_E = 2.0,
                  tau_syn_I = 5.0, v_reset = -70.0, e_rev_E = 0.0, e_rev_I = -80.0))
  connE <- Projection(spike_sourceE, ifcell, "exc")
  connE$connect_all_to_all(weights = 0.006, delays = 2.0)
  connI <- Projection(spike_sourceI, ifcell, "inh")
  connI$connect_all_to_all(weights = 0.02, delays = 4.0)
  m <- Monitor(ifcell, c("spike", "v"))
  compile()
  simulate(tstop)
  data <- m$get()
  list(v = data$v[, 1], spike_times = data$spike$time)
}

# 100 Hz Poisson spike times (ANNarchy's script draws them with numpy,
# np.random.seed(26278342); pass those to reproduce its traces exactly).
poisson_spike_times <- function(tstop = 1000.0, rate = 100.0, seed = 26278342) {
  set.seed(seed)
  cumsum(stats::rexp(as.integer(2 * tstop * rate / 1000.0), rate = rate / 1000.0))
}

run_if_curr_alpha <- function(tstop = 1000.0, spike_times = poisson_spike_times(tstop)) {
  clear()
  annr::setup(dt = 0.1)
  input_population <- SpikeSourceArray(spike_times)
  output_population <- Population(2, IF_curr_alpha)
  output_population$set(list(tau_refrac = 2.0, v_thresh = -50.0, tau_syn_E = 2.0,
                             tau_syn_I = 2.0))
  proj <- Projection(input_population, output_population, "exc")
  proj$connect_all_to_all(weights = 1.0)
  m <- Monitor(output_population, c("spike", "v"))
  compile()
  simulate(tstop)
  data <- m$get()
  list(v = data$v, spikes = data$spike)
}

run_eif_cond_exp <- function(duration = 500.0, seed = NULL) {
  clear()
  annr::setup(dt = 0.1, seed = seed)
  if (!is.null(seed)) set.seed(seed)
  EIF <- Neuron(
    parameters = "
      v_rest = -70.0 : population
      cm = 0.2 : population
      tau_m = 10.0 : population
      tau_syn_E = 5.0 : population
      tau_syn_I = 10.0 : population
      e_rev_E = 0.0 : population
      e_rev_I = -80.0 : population
      delta_T = 3.0 : population
      v_thresh = -55.0 : population
      v_reset = -70.0 : population
      v_spike = -20.0 : population",
    equations = "
      dv/dt = (v_rest - v +  delta_T * exp( (v-v_thresh)/delta_T) )/tau_m + ( g_exc * (e_rev_E - v) + g_inh * (e_rev_I - v) )/cm
      tau_syn_E * dg_exc/dt = - g_exc
      tau_syn_I * dg_inh/dt = - g_inh",
    spike = "v > v_spike",
    reset = "v = v_reset",
    refractory = 2.0,
    name = "EIF")
  P <- Population(4000, EIF)
  Pe <- P[1:3200]
  Pi <- P[3201:4000]
  Pe_input <- P[1:200]
  Pi_input <- P[3201:3400]
  we <- 1.5 / 1000.0  # excitatory synaptic weight
  wi <- 2.5 * we      # inhibitory synaptic weight
  Ce <- Projection(Pe, P, "exc")
  Ce$connect_fixed_probability(weights = we, probability = 0.05)
  Ci <- Projection(Pi, P, "inh")
  Ci$connect_fixed_probability(weights = wi, probability = 0.05)
  P$v <- -70.0 + 10.0 * stats::runif(P$size)
  P$g_exc <- (stats::rnorm(P$size) * 2.0 + 5.0) * we
  P$g_inh <- (stats::rnorm(P$size) * 2.0 + 5.0) * wi
  i_exc <- PoissonPopulation(200, rates = "if t < 200.0 : 2000.0 else : 0.0")
  i_inh <- PoissonPopulation(200, rates = "if t < 100.0 : 2000.0 else : 0.0")
  Ie <- Projection(i_exc, Pe_input, "exc")
  Ie$connect_one_to_one(weights = we)
  Ii <- Projection(i_inh, Pi_input, "exc")
  Ii$connect_one_to_one(weights = we)
  m <- Monitor(P, "spike")
  compile()
  simulate(duration)
  list(raster = raster_plot(m), duration = duration)
}

run_short_term_plasticity2 <- function(duration = 1000.0, seed = NULL) {
  clear()
  annr::setup(dt = 0.1, seed = seed)
  LIF <- Neuron(
    parameters = "
      tau_m = 20.0 : population
      tau_e = 5.0 : population
      tau_i = 10.0 : population
      E_rest = -49.0 : population
      E_thresh = -50.0 : population
      E_reset = -60.0 : population",
    equations = "
      tau_m * dv/dt = E_rest -v + g_exc - g_inh
      tau_e * dg_exc/dt = -g_exc
      tau_i * dg_inh/dt = -g_inh",
    spike = "v > E_thresh",
    reset = "v = E_reset",
    name = "LIF")
  STP <- Synapse(
    parameters = "
      tau_rec = 200.0 : projection
      tau_facil = 20.0 : projection
      U = 0.2 : projection",
    equations = "
      dx/dt = (1 - x)/tau_rec : init = 1.0, event-driven
      du/dt = (U - u)/tau_facil : init = 0.2, event-driven",
    pre_spike = "
      g_target += w * u * x
      x *= (1 - u)
      u += U * (1 - u)",
    name = "STP")
  P <- Population(4000, LIF)
  P$v <- Uniform(-60.0, -50.0)
  Pe <- P[1:3200]
  Pi <- P[3201:4000]
  con_e <- Projection(Pe, P, "exc", synapse = STP)
  con_e$connect_fixed_probability(weights = 1.62, probability = 0.02)
  con_i <- Projection(Pi, P, "inh")
  con_i$connect_fixed_probability(weights = 9.0, probability = 0.02)
  m <- Monitor(P, "spike")
  compile()
  simulate(duration)
  spikes <- m$get("spike")
  list(raster = raster_plot(spikes), rate = population_rate(spikes, 5.0), duration = duration)
}

run_non_linear_synapse <- function(duration = 100.0) {
  clear()
  annr::setup(dt = 0.1)
  Linear <- Neuron(equations = "dv/dt = 0.1", spike = "v > 1.0", reset = "v = 0.0")
  Integrator <- Neuron(equations = "dv/dt = 0.1*(g_exc - v)", spike = "v > 2.0",
                       reset = "v = 0.0")
  # x jumps at each pre-synaptic spike; g follows it and saturates at 1
  NMDA <- Synapse(
    parameters = "tau = 10.0 : projection",
    equations = "
      tau * dx/dt = -x
      tau * dg/dt = -g + x * (1 - g)",
    pre_spike = "x += w",
    psp = "g")
  input <- Population(2, Linear)
  input$v <- c(0.0, 0.5)
  neurons <- Population(1, Integrator)
  proj <- Projection(input, neurons, "exc", synapse = NMDA)
  proj$connect_from_matrix(matrix(c(1.0, 10.0), nrow = 1))
  m <- Monitor(neurons, c("v", "spike"))
  mg <- Monitor(proj$dendrite(1), "g")
  compile()
  simulate(duration)
  data <- m$get()
  list(v = data$v[, 1], spike_times = data$spike$time, g = mg$get("g"))
}

if (!isTRUE(getOption("annr.examples.define_only"))) {
  a <- run_aeif_cond_exp()
  cat("AEIF_cond_exp: spikes at", a$spike_times, "ms; final w", a$w[length(a$w)], "\n")
  b <- run_if_cond_exp()
  cat(sprintf("IF_cond_exp: v between %.3f and %.3f mV, %d spikes\n", min(b$v), max(b$v),
              length(b$spike_times)))
  c_ <- run_if_curr_alpha()
  cat("IF_curr_alpha: spikes of neuron 1:", sum(c_$spikes$neuron == 1), "\n")
  e <- run_eif_cond_exp()
  cat("EIF_cond_exp: spikes in 500 ms:", nrow(e$raster), "\n")
  f <- run_short_term_plasticity2()
  cat("short_term_plasticity2: total number of spikes:", nrow(f$raster), "\n")
  nl <- run_non_linear_synapse()
  cat(sprintf("non_linear_synapse: final g %.3f and %.3f, final v %.3f\n",
              nl$g[nrow(nl$g), 1], nl$g[nrow(nl$g), 2], nl$v[length(nl$v)]))
  if (interactive()) {
    op <- graphics::par(mfrow = c(4, 2))
    plot(seq_along(a$v) * 0.1, a$v, type = "l", xlab = "Time (ms)", ylab = "v",
         main = "Adaptive exponential integrate-and-fire")
    plot(seq_along(b$v) * 0.1, b$v, type = "l", xlab = "Time (ms)", ylab = "Vm (mV)",
         ylim = c(-66, -61), main = "IF_cond_exp")
    plot(seq_len(nrow(c_$v)) * 0.1, c_$v[, 1], type = "l", xlab = "Time (ms)", ylab = "Vm (mV)",
         main = "IF_curr_alpha")
    plot(e$raster$time, e$raster$neuron, pch = ".", xlab = "Time (ms)", ylab = "# neuron",
         main = "EIF_cond_exp")
    plot(f$raster$time, f$raster$neuron, pch = ".", xlab = "Time (ms)", ylab = "# neuron",
         main = "short-term plasticity")
    graphics::matplot(seq_len(nrow(nl$g)) * 0.1, nl$g, type = "l", lty = 1,
                      xlab = "Time (ms)", ylab = "g", main = "non-linear synapses")
    graphics::par(op)
  }
}
