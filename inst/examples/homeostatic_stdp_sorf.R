# Homeostatic STDP, SORF model (self-organising receptive fields; Carlson,
# Richert, Dutt & Krichmar 2013, IJCNN), as ANNarchy's homeostatic_stdp
# example (SORF.py).
#
# Two 32 x 32 Poisson layers code the positive (ON) and negative (OFF) part
# of a sinusoidal grating; each drives a buffer layer of Izhikevich neurons
# one to one. 4 excitatory neurons receive both buffers all-to-all through
# homeostatic STDP (target rate 10 Hz, measured by compute_firing_rate()
# over 10 s); they excite 4 inhibitory neurons (homeostatic anti-STDP,
# target 75 Hz), which inhibit them back (GABA-A and GABA-B). Every
# synapse drives two conductances (AMPA and NMDA, or GABA-A and GABA-B)
# with the same weight. Each epoch shows `nb_stim` gratings of orientations
# pi * k / nb_stim in random order, 2 s each followed by 0.5 s of 1 Hz
# background; the excitatory neurons become selective to orientations.
# ANNarchy 4.7.3 shortened to 2 epochs of 40 gratings (200 s, seed 1): mean r
# 17-24 Hz (excitatory, homeostasis pulling them down to 10 Hz) and 33-42 Hz
# (inhibitory); mean feed-forward ON weight from 0.0095 to 0.0055, Exc -> Inh
# weights up to a mean of 1.07.
#
# Run with: Rscript homeostatic_stdp_sorf.R [nb_epochs] [nb_stim]
#   (defaults 20 epochs of 40 gratings, 2000 s, as the original example).
# Sourced with options(annr.examples.define_only = TRUE), it only defines
# run_homeostatic_sorf().
library(annr)

run_homeostatic_sorf <- function(nb_epochs = 20, nb_stim = 40, seed = NULL,
                                 verbose = FALSE) {
  clear()
  annr::setup(dt = 1.0, seed = seed)
  if (!is.null(seed)) set.seed(seed)   # the order of the gratings
  nb_neuron <- 4          # number of excitatory and of inhibitory neurons
  size <- c(32, 32)       # input size
  freq <- 1.2             # cycles per half image
  max_freq <- 28          # maximal rate of the Poisson inputs (Hz)
  T <- 10000              # window of the firing rate (ms)

  # Izhikevich neuron with AMPA, NMDA, GABA-A and GABA-B conductances
  RSNeuron <- Neuron(
    parameters = "
      a = 0.02 : population
      b = 0.2 : population
      c = -65. : population
      d = 8. : population
      tau_ampa = 5. : population
      tau_nmda = 150. : population
      tau_gabaa = 6. : population
      tau_gabab = 150. : population
      vrev_ampa = 0.0 : population
      vrev_nmda = 0.0 : population
      vrev_gabaa = -70.0 : population
      vrev_gabab = -90.0 : population",
    equations = "
      I = g_ampa * (vrev_ampa - v) + g_nmda * nmda(v, -80.0, 60.0) * (vrev_nmda - v) + g_gabaa * (vrev_gabaa - v) + g_gabab * (vrev_gabab - v)
      dv/dt = (0.04 * v + 5.0) * v + 140.0 - u + I : init = -65., min = -90., midpoint
      du/dt = a * (b*v - u) : init = -13., midpoint
      tau_ampa * dg_ampa/dt = -g_ampa : exponential
      tau_nmda * dg_nmda/dt = -g_nmda : exponential
      tau_gabaa * dg_gabaa/dt = -g_gabaa : exponential
      tau_gabab * dg_gabab/dt = -g_gabab : exponential",
    spike = "v >= 30.",
    reset = "
      v = c
      u += d
      g_ampa = 0.0
      g_nmda = 0.0
      g_gabaa = 0.0
      g_gabab = 0.0",
    functions = "nmda(v, t, s) = ((v-t)/(s))^2 / (1.0 + ((v-t)/(s))^2)",
    refractory = 1.0,
    name = "RS")

  homeo_stdp <- Synapse(
    parameters = "
      tau_plus  = 60. : projection
      tau_minus = 90. : projection
      A_plus  = 0.000045 : projection
      A_minus = 0.00003 : projection
      alpha = 0.1 : projection
      beta = 50.0 : projection
      gamma = 50.0 : projection
      Rtarget = 10. : projection
      T = 10000. : projection",
    equations = "
      R = post.r : postsynaptic
      K = R/(T*(1.+fabs(1. - R/Rtarget) * gamma)) : postsynaptic
      stdp = if t_post >= t_pre: ltp else: - ltd
      w += (alpha * w * (1- R/Rtarget) + beta * stdp ) * K : min = 0.0, max = 10.0
      tau_plus  * dltp/dt = -ltp : exponential
      tau_minus * dltd/dt = -ltd : exponential",
    pre_spike = "
      g_target += w
      ltp = A_plus",
    post_spike = "ltd = A_minus")

  OnPoiss <- PoissonPopulation(size, rates = 1.0)
  OffPoiss <- PoissonPopulation(size, rates = 1.0)
  OnBuffer <- Population(size, RSNeuron)
  OffBuffer <- Population(size, RSNeuron)
  OnPoissBuffer <- Projection(OnPoiss, OnBuffer, c("ampa", "nmda"))
  OnPoissBuffer$connect_one_to_one(weights = Uniform(0.2, 0.6))
  OffPoissBuffer <- Projection(OffPoiss, OffBuffer, c("ampa", "nmda"))
  OffPoissBuffer$connect_one_to_one(weights = Uniform(0.2, 0.6))

  Exc <- Population(nb_neuron, RSNeuron)
  Inh <- Population(nb_neuron, RSNeuron)
  Exc$compute_firing_rate(T)
  Inh$compute_firing_rate(T)

  OnBufferExc <- Projection(OnBuffer, Exc, c("ampa", "nmda"), homeo_stdp)
  OnBufferExc$connect_all_to_all(weights = Uniform(0.004, 0.015))
  OffBufferExc <- Projection(OffBuffer, Exc, c("ampa", "nmda"), homeo_stdp)
  OffBufferExc$connect_all_to_all(weights = Uniform(0.004, 0.015))
  # competition
  ExcInh <- Projection(Exc, Inh, c("ampa", "nmda"), homeo_stdp)
  ExcInh$connect_all_to_all(weights = Uniform(0.116, 0.403))
  ExcInh$Rtarget <- 75.
  ExcInh$tau_plus <- 51.
  ExcInh$tau_minus <- 78.
  ExcInh$A_plus <- -0.000041
  ExcInh$A_minus <- -0.000015
  InhExc <- Projection(Inh, Exc, c("gabaa", "gabab"))
  InhExc$connect_all_to_all(weights = Uniform(0.065, 0.259))

  m <- Monitor(Exc, "r")
  n <- Monitor(Inh, "r")
  o <- Monitor(OnBufferExc$dendrite(1), "w", period = 1000)
  p <- Monitor(ExcInh$dendrite(1), "w", period = 1000)
  compile()

  # The grating of orientation theta: its positive and negative parts, in
  # the populations' row-major rank order (x along the columns).
  grating <- function(theta) {
    x <- seq(-1, 1, length.out = size[1])
    y <- seq(-1, 1, length.out = size[2])
    z <- outer(y, x, function(yy, xx) sin(2 * pi * (cos(theta) * xx + sin(theta) * yy) * freq))
    z <- as.vector(t(z))   # row-major: rank = row * 32 + column
    list(on = pmax(z, 0), off = -pmin(z, 0))
  }

  w_on_start <- OnBufferExc$get("w")
  for (epoch in seq_len(nb_epochs)) {
    for (stim in sample(seq_len(nb_stim) - 1)) {
      g <- grating(pi * stim / nb_stim)
      OnPoiss$rates <- max_freq * g$on
      OffPoiss$rates <- max_freq * g$off
      simulate(2000)    # the grating for 2 s
      OnPoiss$rates <- 1
      OffPoiss$rates <- 1
      simulate(500)     # background for 0.5 s
    }
    if (verbose) cat("Epoch", epoch, "done.\n")
  }
  syn <- OnBufferExc$synapses()
  # feed-forward weights as one 32 x 32 image (row-major ranks) per neuron
  weight_images <- function(proj) {
    s <- proj$synapses()
    w <- proj$get("w")
    lapply(seq_len(nb_neuron), function(k) {
      img <- numeric(prod(size))
      img[s$pre[s$post == k]] <- w[s$post == k]
      matrix(img, size[1], size[2], byrow = TRUE)
    })
  }
  list(exc_r = m$get("r"), inh_r = n$get("r"),
       w_on_time = o$get("w"), w_exc_inh_time = p$get("w"),
       w_on_start = w_on_start,
       w_on = OnBufferExc$get("w"), w_off = OffBufferExc$get("w"),
       w_exc_inh = ExcInh$get("w"), post = syn$post,
       on_images = weight_images(OnBufferExc), off_images = weight_images(OffBufferExc))
}

if (!isTRUE(getOption("annr.examples.define_only"))) {
  args <- commandArgs(trailingOnly = TRUE)
  nb_epochs <- if (length(args) >= 1) as.integer(args[1]) else 20
  nb_stim <- if (length(args) >= 2) as.integer(args[2]) else 40
  t0 <- proc.time()[["elapsed"]]
  res <- run_homeostatic_sorf(nb_epochs, nb_stim, verbose = TRUE)
  cat(sprintf("Done in %.1f s\n", proc.time()[["elapsed"]] - t0))
  cat("Mean rate of the excitatory neurons:", colMeans(res$exc_r), "Hz\n")
  cat("Mean rate of the inhibitory neurons:", colMeans(res$inh_r), "Hz\n")
  cat(sprintf("Feed-forward ON weights: mean %.5f (at the start %.5f), sd %.5f\n",
              mean(res$w_on), mean(res$w_on_start), stats::sd(res$w_on)))
  if (interactive()) {
    op <- graphics::par(mfrow = c(2, 4))
    for (k in 1:4) graphics::image(res$on_images[[k]], col = grDevices::heat.colors(64),
                                   main = paste("ON, neuron", k))
    for (k in 1:4) graphics::image(res$off_images[[k]], col = grDevices::heat.colors(64),
                                   main = paste("OFF, neuron", k))
    graphics::par(op)
    graphics::matplot(cbind(res$exc_r[, 1], res$inh_r[, 1]), type = "l", lty = 1,
                      xlab = "Time (ms)", ylab = "r (Hz)", main = "Mean FR of the Exc and Inh neurons")
  }
}
