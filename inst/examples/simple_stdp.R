# SimpleSTDP: STDP learning on a single neuron (Song, Miller & Abbott 2000;
# Song & Abbott 2001), as ANNarchy's SimpleSTDP example.
#
# 1000 Poisson inputs at 15 Hz project all-to-all onto one integrate-and-fire
# neuron with STDP (A_minus = 1.05 * A_plus). Depression slightly outweighs
# potentiation: the output rate falls (ANNarchy 4.7.3: ~74 Hz in the first
# second, ~31 Hz after 20 s) and the weights depress, most ending near 0 or
# near w_max.
#
# Run with: Rscript simple_stdp.R [duration_ms] [dt_ms]
# (defaults 100000 ms, as in the original example, and dt = 1 ms).
# Sourced with options(annr.examples.define_only = TRUE), it only defines
# run_simple_stdp().
library(annr)

run_simple_stdp <- function(duration = 100000, dt = 1, seed = NULL, F = 15, N = 1000, gmax = 0.01) {
  clear()
  annr::setup(dt = dt, seed = seed)
  IF <- Neuron(
    parameters = "
      tau_m = 10.0
      tau_e = 5.0
      vt = -54.0
      vr = -60.0
      El = -74.0
      Ee = 0.0",
    equations = "
      tau_m * dv/dt = El - v + g_exc * (Ee - vr) : init = -60.0
      tau_e * dg_exc/dt = - g_exc",
    spike = "v > vt",
    reset = "v = vr",
    name = "IF")
  input <- PoissonPopulation(N, rates = F, name = "Input")
  output <- Population(1, IF, name = "Output")
  proj <- Projection(input, output, "exc",
                     synapse = STDP(tau_plus = 20, tau_minus = 20, A_plus = 0.01,
                                    A_minus = 0.0105, w_max = gmax))
  proj$connect_all_to_all(weights = Uniform(0, gmax))
  m_in <- Monitor(input, "spike")
  m_out <- Monitor(output, "spike")
  compile()
  simulate(duration)
  # fetch the output spikes once: an analysis called on the monitor alone
  # uses the recording up, as in ANNarchy
  s_out <- m_out$get("spike")
  out <- m_out$raster_plot(s_out)
  list(
    input_rate = mean_fr(m_in),
    output_rate = m_out$mean_fr(s_out),
    # output spikes in each second of the simulation
    rate_per_second = tabulate(floor(out$time / 1000) + 1, nbins = ceiling(duration / 1000)),
    weights = proj$get("w"),
    gmax = gmax)
}

if (!isTRUE(getOption("annr.examples.define_only"))) {
  args <- commandArgs(trailingOnly = TRUE)
  duration <- if (length(args) >= 1) as.numeric(args[1]) else 100000
  dt <- if (length(args) >= 2) as.numeric(args[2]) else 1
  t0 <- proc.time()[["elapsed"]]
  res <- run_simple_stdp(duration, dt)
  cat(sprintf("Simulated %g ms at dt = %g ms in %.2f s\n", duration, dt, proc.time()[["elapsed"]] - t0))
  cat("Mean firing rate in the input population:", res$input_rate, "Hz\n")
  cat("Mean firing rate of the output neuron:", res$output_rate, "Hz\n")
  cat("Output rate, first and last second:", res$rate_per_second[1],
      res$rate_per_second[length(res$rate_per_second)], "Hz\n")
  w <- res$weights / res$gmax
  cat(sprintf("Final weights / gmax: mean %.3f, below 0.1: %.0f %%, above 0.9: %.0f %%\n",
              mean(w), 100 * mean(w < 0.1), 100 * mean(w > 0.9)))
  if (interactive()) {
    op <- graphics::par(mfrow = c(3, 1))
    plot(res$rate_per_second, type = "l", xlab = "Time (s)", ylab = "Output rate (Hz)")
    plot(res$weights, pch = ".", xlab = "Input", ylab = "w")
    graphics::hist(res$weights, breaks = 20, main = "", xlab = "w")
    graphics::par(op)
  }
}
