# A dynamic neural field (Amari 1977) tracking a moving stimulus, as
# ANNarchy's neural_field example (NeuralField.py with its BubbleWorld):
# a 20 x 20 input population receives a Gaussian bubble (sigma 2 cells)
# that rotates on a circle of radius 0.5 x half the field, one revolution
# per 5000 steps, plus uniform noise; a 20 x 20 field of rate-coded neurons
# receives it one-to-one with a delay of 20 ms and is laterally connected by
# a difference of Gaussians (short-range excitation, long-range
# inhibition). A single bump of activity forms and follows the bubble.
# dt = 1 ms.
#
# ANNarchy's script shows the populations in an OpenGL viewer for as long as
# it is open; here run_neural_field(steps) moves the bubble for a given
# number of steps and records the centre of the bump.
#
# Run with: Rscript neural_field.R [steps]   (default 5000, one revolution)
# Sourced with options(annr.examples.define_only = TRUE), it only defines
# run_neural_field().
library(annr)

run_neural_field <- function(steps = 5000, record_every = 250, seed = NULL) {
  clear()
  annr::setup(dt = 1.0, seed = seed)
  InputNeuron <- Neuron(
    parameters = "baseline = 0.0",
    equations = "r = pos(baseline + Uniform(-0.5, 0.5))",
    name = "Input")
  NeuralFieldNeuron <- Neuron(
    parameters = "tau = 10.0 : population",
    equations = "tau * dr/dt + r = sum(exc) + sum(inh) + Uniform(-0.5, 0.5) : min=0.0, max=1.0",
    name = "NeuralField")
  N <- 20
  inp <- Population(c(N, N), InputNeuron)
  focus <- Population(c(N, N), NeuralFieldNeuron)
  ff <- Projection(inp, focus, "exc")
  ff$connect_one_to_one(weights = 1.0, delays = 20.0)
  lat <- Projection(focus, focus, "inh")
  lat$connect_dog(amp_pos = 0.2, sigma_pos = 0.1, amp_neg = 0.1, sigma_neg = 0.7)
  compile()
  # the world: coordinates (row, column) of each rank, 0-based as ANNarchy's
  rows <- (seq_len(N * N) - 1) %/% N
  cols <- (seq_len(N * N) - 1) %% N
  angle <- 0.0
  period <- 5000.0
  radius <- 0.5
  sigma <- 2.0
  out <- list()
  for (t in seq_len(steps)) {
    angle <- angle + 1.0 / period
    cx <- N / 2 * (1.0 + radius * cos(2 * pi * angle))  # column of the bubble
    cy <- N / 2 * (1.0 + radius * sin(2 * pi * angle))  # row of the bubble
    inp$baseline <- exp(-((cols - cx)^2 + (rows - cy)^2) / 2.0 / sigma^2)
    step()
    if (t %% record_every == 0) {
      r <- focus$r
      out[[length(out) + 1]] <- data.frame(
        step = t, bubble_row = cy, bubble_col = cx,
        bump_row = sum(rows * r) / sum(r), bump_col = sum(cols * r) / sum(r),
        total = sum(r), max = max(r))
    }
  }
  list(track = do.call(rbind, out), r = matrix(focus$r, N, N, byrow = TRUE))
}

if (!isTRUE(getOption("annr.examples.define_only"))) {
  args <- commandArgs(trailingOnly = TRUE)
  steps <- if (length(args) >= 1) as.numeric(args[1]) else 5000
  res <- run_neural_field(steps)
  print(res$track, digits = 3)
  if (interactive()) {
    graphics::image(t(res$r)[, 20:1], axes = FALSE, main = "neural field")
  }
}
