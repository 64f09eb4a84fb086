# inst/examples/neural_field.R (ANNarchy's examples/neural_field) against
# the bump positions ANNarchy 4.7.3 gave for the same network and stimulus.

source_neural_field <- function() {
  path <- system.file("examples", "neural_field.R", package = "annr")
  if (!nzchar(path)) path <- testthat::test_path("..", "..", "inst", "examples", "neural_field.R")
  env <- new.env()
  old <- options(annr.examples.define_only = TRUE)
  on.exit(options(old))
  sys.source(path, envir = env)
  env
}

# ANNarchy 4.7.3, NeuralField.py's network driven step by step by its
# BubbleWorld rotation (instead of the viewer), seeds 1 and 2: centroid
# (row, column, 0-based) of the field's rates after 250, 500, 750, 1000
# steps, with the bubble at (11.545, 14.755), (12.939, 14.045),
# (14.045, 12.939), (14.755, 11.545):
#   seed 1: (11.275, 14.781) (12.692, 14.226) (13.768, 13.130) (14.573, 11.736)
#   seed 2: (11.251, 14.821) (12.651, 14.219) (13.918, 13.086) (14.598, 11.773)
# sum of the rates 13.2-14.6 and their maximum 1 (the bound) throughout
# (up to 2000 steps). annr, seeds 1-2, deviates from those by at most 0.35
# cell up to 2000 steps.
test_that("neural_field.R: the bump follows the bubble as in ANNarchy", {
  ex <- source_neural_field()
  res <- ex$run_neural_field(1000, seed = 1)
  tr <- res$track
  expect_equal(tr$step, c(250, 500, 750, 1000))
  expect_equal(tr$bubble_row, c(11.545, 12.939, 14.045, 14.755), tolerance = 1e-3)
  expect_equal(tr$bubble_col, c(14.755, 14.045, 12.939, 11.545), tolerance = 1e-3)
  ann_row <- (c(11.275, 12.692, 13.768, 14.573) + c(11.251, 12.651, 13.918, 14.598)) / 2
  ann_col <- (c(14.781, 14.226, 13.130, 11.736) + c(14.821, 14.219, 13.086, 11.773)) / 2
  expect_lt(max(abs(tr$bump_row - ann_row)), 0.45)
  expect_lt(max(abs(tr$bump_col - ann_col)), 0.45)
  expect_true(all(tr$total > 12.5 & tr$total < 15.5))
  expect_equal(tr$max, rep(1, 4))
})
