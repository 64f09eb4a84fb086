# Homeostatic STDP, Ramp model (Carlson, Richert, Dutt & Krichmar 2013,
# "Biologically plausible models of homeostasis and STDP", IJCNN; CARLsim's
# plasticity tutorial), as ANNarchy's homeostatic_stdp example (Ramp.py).
#
# 100 Poisson inputs with rates rising linearly from 0.2 to 20 Hz project
# all-to-all (targets AMPA and NMDA, the same weights) onto two Izhikevich
# regular-spiking neurons:
#   pop1 learns with nearest-neighbour STDP only: its weights saturate and it
#        fires far above the target rate;
#   pop2 adds homeostatic scaling of the weights towards a target rate of
#        35 Hz, measured by compute_firing_rate() over a 5 s window (`r`,
#        read by the synapse as post.r): it settles near 35 Hz and its
#        weights end as a ramp, higher for the faster inputs.
# ANNarchy 4.7.3 (1000 s, seeds 1 and 2): mean r 55.6 Hz without and 35.2 Hz
# with homeostasis; final weights of pop2 by quarter of the inputs (slowest
# first) 0.006, 0.013, 0.018, 0.022, while those of pop1 all stay near
# w_max (0.0297-0.0298 on average).
#
# Run with: Rscript homeostatic_stdp_ramp.R [duration_s]   (default 1000 s,
# as the original example). Sourced with
# options(annr.examples.define_only = TRUE), it only defines
# run_homeostatic_ramp().
library(annr)

run_homeostatic_ramp <- function(duration = 1000, seed = NULL) {
  clear()
  annr::setup(dt = 1.0, seed = seed)
  # Izhikevich RS neuron with AMPA and NMDA conductances (midpoint method)
  RSNeuron <- Neuron(
    parameters = "
      a = 0.02 : population
      b = 0.2 : population
      c = -65. : population
      d = 8. : population
      tau_ampa = 5. : population
      tau_nmda = 150. : population
      vrev = 0.0 : population",
    equations = "
      I = g_ampa * (vrev - v) + g_nmda * nmda(v, -80.0, 60.0) * (vrev - v)
      dv/dt = (0.04 * v + 5.0) * v + 140.0 - u + I : init = -65., midpoint
      du/dt = a * (b*v - u) : init = -13., midpoint
      tau_ampa * dg_ampa/dt = -g_ampa : exponential
      tau_nmda * dg_nmda/dt = -g_nmda : exponential",
    spike = "v >= 30.",
    reset = "v = c
             u += d",
    functions = "nmda(v, t, s) = ((v-t)/(s))^2 / (1.0 + ((v-t)/(s))^2)",
    name = "RS")

  inp <- PoissonPopulation(100, rates = seq(0.2, 20, length.out = 100))
  pop1 <- Population(1, RSNeuron)   # without homeostasis
  pop1$compute_firing_rate(5000)
  pop2 <- Population(1, RSNeuron)   # with homeostasis
  pop2$compute_firing_rate(5000)

  nearest_neighbour_stdp <- Synapse(
    parameters = "
      tau_plus = 20. : projection
      tau_minus = 60. : projection
      A_plus = 0.0002 : projection
      A_minus = 0.000066 : projection
      w_max = 0.03 : projection",
    equations = "
      tau_plus  * dltp/dt = -ltp : exponential
      tau_minus * dltd/dt = -ltd : exponential
      w += if t_post >= t_pre: ltp else: - ltd : min=0.0, max=w_max",
    pre_spike = "
      g_target += w
      ltp = A_plus",
    post_spike = "ltd = A_minus")

  # STDP scaled by K, which shrinks as the rate R nears Rtarget, plus a
  # multiplicative term pulling the weights towards the target rate.
  homeo_stdp <- Synapse(
    parameters = "
      tau_plus = 20. : projection
      tau_minus = 60. : projection
      A_plus = 0.0002 : projection
      A_minus = 0.000066 : projection
      w_min = 0.0 : projection
      w_max = 0.03 : projection
      alpha = 0.1 : projection
      beta = 1.0 : projection
      gamma = 50. : projection
      Rtarget = 35. : projection
      T = 5000. : projection",
    equations = "
      tau_plus  * dltp/dt = -ltp : exponential
      tau_minus * dltd/dt = -ltd : exponential
      R = post.r : postsynaptic
      K = R/(T*(1.+fabs(1. - R/Rtarget) * gamma)) : postsynaptic
      stdp = if t_post >= t_pre: ltp else: - ltd
      w += (alpha * w * (1- R/Rtarget) + beta * stdp ) * K : min=w_min, max=w_max",
    pre_spike = "
      g_target += w
      ltp = A_plus",
    post_spike = "ltd = A_minus")

  proj1 <- Projection(inp, pop1, c("ampa", "nmda"), synapse = nearest_neighbour_stdp)
  proj1$connect_all_to_all(weights = Uniform(0.01, 0.03))
  proj2 <- Projection(inp, pop2, c("ampa", "nmda"), synapse = homeo_stdp)
  proj2$connect_all_to_all(weights = Uniform(0.01, 0.03))

  m1 <- Monitor(pop1, "r")
  m2 <- Monitor(pop2, "r")
  m3 <- Monitor(proj1, "w", period = 1000)
  m4 <- Monitor(proj2, "w", period = 1000)
  compile()
  simulate(duration * 1000)
  r1 <- m1$get("r")[, 1]
  r2 <- m2$get("r")[, 1]
  list(duration = duration,
       r1 = r1, r2 = r2,                       # r every ms (Hz)
       mean_r1 = mean(r1), mean_r2 = mean(r2),
       w1_time = m3$get("w"), w2_time = m4$get("w"),  # every second
       w1 = proj1$get("w"), w2 = proj2$get("w"))      # final, by input rank
}

if (!isTRUE(getOption("annr.examples.define_only"))) {
  args <- commandArgs(trailingOnly = TRUE)
  duration <- if (length(args) >= 1) as.numeric(args[1]) else 1000
  res <- run_homeostatic_ramp(duration)
  cat("Mean Firing Rate without homeostasis:", res$mean_r1, "\n")
  cat("Mean Firing Rate with homeostasis:", res$mean_r2, "\n")
  if (interactive()) {
    op <- graphics::par(mfrow = c(3, 1))
    s <- seq_along(res$r1) / 1000
    plot(s, res$r1, type = "l", col = "red", xlab = "Time (s)", ylab = "Firing rate (Hz)",
         ylim = range(0, res$r1, res$r2))
    graphics::lines(s, res$r2, col = "blue")
    graphics::legend("topright", c("Without homeostasis", "With homeostasis"),
                     col = c("red", "blue"), lty = 1)
    plot(res$w1, type = "l", col = "red", ylim = c(0, 0.035), xlab = "# neuron",
         ylab = paste("Weights after", res$duration, "s"))
    graphics::points(res$w2, pch = 4, col = "blue")
    graphics::image(res$w2_time, col = grDevices::heat.colors(64), xlab = "Time (s)",
                    ylab = "# neuron")
    graphics::par(op)
  }
}
