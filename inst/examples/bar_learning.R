# The bar learning problem (Foldiak 1990), as ANNarchy's bar_learning
# example (BarLearning.py): an 8 x 8 input shows random horizontal and
# vertical bars (each of the 16 bars with probability 1/8 per trial); 32
# rate-coded leaky neurons learn them through Oja's rule on their
# feed-forward weights, while anti-Hebbian lateral weights (Oja's rule again,
# on the inhibitory target) decorrelate them. One trial is 50 ms (dt = 1).
# After a few thousand trials most feature neurons have a bar as their
# receptive field, different neurons different bars.
#
# ANNarchy's script shows the trials in an interactive viewer for as long
# as it is open; here run_bar_learning(trials) runs a given number of them.
#
# Run with: Rscript bar_learning.R [trials]   (default 4000)
# Sourced with options(annr.examples.define_only = TRUE), it only defines
# run_bar_learning() and bar_selectivity().
library(annr)

run_bar_learning <- function(trials = 4000, seed = NULL) {
  clear()
  annr::setup(dt = 1.0, seed = seed)
  if (!is.null(seed)) set.seed(seed)
  InputNeuron <- Neuron(parameters = "r = 0.0", name = "Input")
  LeakyNeuron <- Neuron(
    parameters = "tau = 10.0 : population",
    equations = "tau * dr/dt + r = sum(exc) - sum(inh) : min=0.0",
    name = "Leaky")
  Oja <- Synapse(
    parameters = "
      tau = 2000.0 : projection
      alpha = 8.0 : projection
      min_w = 0.0 : projection",
    equations = "tau * dw/dt = pre.r * post.r - alpha * post.r^2 * w : min=min_w",
    name = "Oja")
  Input <- Population(c(8, 8), InputNeuron)
  Feature <- Population(c(8, 4), LeakyNeuron)
  ff <- Projection(Input, Feature, "exc", synapse = Oja)
  ff$connect_all_to_all(weights = Uniform(-0.5, 0.5))
  lat <- Projection(Feature, Feature, "inh", synapse = Oja)
  lat$connect_all_to_all(weights = Uniform(0.0, 1.0))
  compile()
  ff$min_w <- -10.0
  lat$alpha <- 0.3
  trial <- function() {
    Input$r <- 0.0
    for (h in 1:8) if (stats::runif(1) < 1 / 8) Input[h, ]$r <- 1.0
    for (w in 1:8) if (stats::runif(1) < 1 / 8) Input[, w]$r <- 1.0
    simulate(50.0)
  }
  for (k in seq_len(trials)) trial()
  # receptive fields: feature k's weights from input (h, w), as 8 x 8 matrices
  W <- ff$connectivity_matrix()
  rf <- lapply(seq_len(nrow(W)), function(k) matrix(W[k, ], 8, 8, byrow = TRUE))
  list(receptive_fields = rf, feature_r = Feature$r, trials = trials)
}

# How much each receptive field looks like a bar: for the best of the 16 bars,
# the mean weight on the bar minus the mean weight off it, relative to the
# largest absolute weight (about 1 for a clean bar); and which bar (1-8 the
# rows, 9-16 the columns).
bar_selectivity <- function(rf) {
  res <- t(vapply(rf, function(m) {
    scores <- c(vapply(1:8, function(h) mean(m[h, ]) - mean(m[-h, ]), numeric(1)),
                vapply(1:8, function(w) mean(m[, w]) - mean(m[, -w]), numeric(1)))
    c(bar = which.max(scores), selectivity = max(scores) / max(abs(m)))
  }, numeric(2)))
  data.frame(bar = as.integer(res[, "bar"]), selectivity = res[, "selectivity"])
}

if (!isTRUE(getOption("annr.examples.define_only"))) {
  args <- commandArgs(trailingOnly = TRUE)
  trials <- if (length(args) >= 1) as.numeric(args[1]) else 4000
  res <- run_bar_learning(trials)
  sel <- bar_selectivity(res$receptive_fields)
  good <- sel$selectivity > 0.5
  cat(sprintf("after %d trials: %d of 32 features selective for a bar, %d different bars\n",
              trials, sum(good), length(unique(sel$bar[good]))))
  if (interactive()) {
    op <- graphics::par(mfrow = c(4, 8), mar = c(0.2, 0.2, 0.2, 0.2))
    for (m in res$receptive_fields) graphics::image(t(m)[, 8:1], axes = FALSE, col = grDevices::hcl.colors(32))
    graphics::par(op)
  }
}
