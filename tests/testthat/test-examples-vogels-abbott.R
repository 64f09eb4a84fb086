# inst/examples/vogels_abbott.R (ANNarchy's examples/vogels_abbott, COBA.py
# and CUBA.py) against the rates ANNarchy 4.7.3 printed for the same scripts
# (dt = 0.1, 4000 neurons, p = 0.02), shortened to 200 ms here.

source_vogels_abbott <- function() {
  path <- system.file("examples", "vogels_abbott.R", package = "annr")
  if (!nzchar(path)) path <- testthat::test_path("..", "..", "inst", "examples", "vogels_abbott.R")
  env <- new.env()
  old <- options(annr.examples.define_only = TRUE)
  on.exit(options(old))
  sys.source(path, envir = env)
  env
}

# ANNarchy 4.7.3, COBA.py, seeds 1-9: mean rate over the first 200 ms
# 19.44 19.07 19.21 19.79 18.68 17.83 21.93 21.00 21.85 Hz (excitatory 18.48-19.80, inhibitory
# 19.07-20.01); over 1000 ms 20.15 19.08 20.74 20.17 20.71 Hz, mean CV of the
# excitatory ISIs 1.51-1.54, median ISI 6.6-6.8 ms (tonic firing just after
# the 5 ms refractory period, interrupted by the inhibition). annr, seeds
# 3-6: 20.6 18.1 19.4 22.1 Hz over 200 ms; the bounds leave room for that
# spread.
test_that("vogels_abbott.R: COBA fires at ANNarchy's rate", {
  ex <- source_vogels_abbott()
  res <- ex$run_vogels_abbott("COBA", 200, seed = 1)
  expect_gt(res$rate, 16.5)
  expect_lt(res$rate, 23.5)
  expect_gt(res$exc_rate, 15.5)
  expect_lt(res$exc_rate, 24)
  expect_gt(res$inh_rate, 15.5)
  expect_lt(res$inh_rate, 24)
  expect_gt(median(res$exc_isi), 5.5)
  expect_lt(median(res$exc_isi), 8)
})

# ANNarchy 4.7.3, CUBA.py, seeds 1-3: mean rate over the first 200 ms 6.03
# 5.41 5.69 Hz (excitatory 5.31-6.06, inhibitory 5.81-5.88); over 1000 ms
# 5.81 5.18 5.54 Hz, mean CV of the excitatory ISIs 0.52-0.53. annr, seeds
# 3-6: 5.51 6.14 5.78 6.20 Hz over 200 ms.
test_that("vogels_abbott.R: CUBA fires at ANNarchy's rate", {
  ex <- source_vogels_abbott()
  res <- ex$run_vogels_abbott("CUBA", 200, seed = 1)
  expect_gt(res$rate, 4.6)
  expect_lt(res$rate, 7)
  expect_gt(res$exc_rate, 4.4)
  expect_lt(res$exc_rate, 7.2)
  expect_gt(res$inh_rate, 4.4)
  expect_lt(res$inh_rate, 7.2)
})
