# inst/examples/bar_learning.R (ANNarchy's examples/bar_learning) against
# the figures ANNarchy 4.7.3 gave for the same network and trials.

source_bar_learning <- function() {
  path <- system.file("examples", "bar_learning.R", package = "annr")
  if (!nzchar(path)) path <- testthat::test_path("..", "..", "inst", "examples", "bar_learning.R")
  env <- new.env()
  old <- options(annr.examples.define_only = TRUE)
  on.exit(options(old))
  sys.source(path, envir = env)
  env
}

# ANNarchy 4.7.3, BarLearning.py's network and trial() run 250 times
# (instead of its viewer), seeds 1-3, receptive fields scored by
# bar_selectivity(): 15 18 14 of the 32 features above 0.5, for 11 11 10
# different bars; median selectivity 0.445 0.516 0.476; mean |w| of the
# feed-forward weights 0.102 0.124 0.107 (0.25 at the start, uniform in
# [-0.5, 0.5], where 3-7 features score above 0.5 for 2-6 bars). After 1000
# trials: 19 24 21 features for 14 15 14 bars. annr, seeds 1-3, 250 trials:
# 16 18 16 features for 11 14 10 bars, mean |w| 0.116 0.099 0.106.
test_that("bar_learning.R learns bars as ANNarchy's BarLearning does", {
  ex <- source_bar_learning()
  res <- ex$run_bar_learning(250, seed = 1)
  expect_length(res$receptive_fields, 32)
  sel <- ex$bar_selectivity(res$receptive_fields)
  good <- sel$selectivity > 0.5
  expect_gte(sum(good), 11)
  expect_lte(sum(good), 26)
  expect_gte(length(unique(sel$bar[good])), 8)
  w <- mean(abs(unlist(res$receptive_fields)))
  expect_gt(w, 0.08)
  expect_lt(w, 0.15)
})
