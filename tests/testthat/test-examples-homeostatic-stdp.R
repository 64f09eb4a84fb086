# inst/examples/homeostatic_stdp_ramp.R and homeostatic_stdp_sorf.R
# (ANNarchy's examples/homeostatic_stdp, Ramp.py and SORF.py) against the
# figures ANNarchy 4.7.3 printed for the same scripts, shortened.

source_homeostatic <- function(file) {
  path <- system.file("examples", file, package = "annr")
  if (!nzchar(path)) path <- testthat::test_path("..", "..", "inst", "examples", file)
  env <- new.env()
  old <- options(annr.examples.define_only = TRUE)
  on.exit(options(old))
  sys.source(path, envir = env)
  env
}

# ANNarchy 4.7.3, Ramp.py shortened to 20 s, seeds 1-5: mean r (recorded
# every ms, compute_firing_rate(5000)) 47.81-48.60 Hz without and
# 32.15-33.75 Hz with homeostasis; r at 20 s 55.6-56.4 and 34.6-35.6 Hz;
# spikes 1095-1113 and 730-763; final mean weight 0.02949-0.02975 (56-68 of
# 100 at w_max = 0.03) and 0.01763-0.01827 (none at 0 or w_max).
test_that("homeostatic_stdp_ramp.R: rates and weights as ANNarchy's", {
  ex <- source_homeostatic("homeostatic_stdp_ramp.R")
  res <- ex$run_homeostatic_ramp(20, seed = 1)
  expect_length(res$r1, 20000)
  expect_gt(res$mean_r1, 46.5)
  expect_lt(res$mean_r1, 50)
  expect_gt(res$mean_r2, 31)
  expect_lt(res$mean_r2, 35)
  expect_gt(res$r1[20000], 54)
  expect_lt(res$r1[20000], 58.5)
  expect_gt(res$r2[20000], 33)
  expect_lt(res$r2[20000], 37.5)
  expect_gt(mean(res$w1), 0.0292)
  expect_lt(mean(res$w1), 0.0299)
  expect_gt(sum(res$w1 >= 0.03 - 1e-9), 45)
  expect_lt(sum(res$w1 >= 0.03 - 1e-9), 80)
  expect_gt(mean(res$w2), 0.0170)
  expect_lt(mean(res$w2), 0.0190)
  expect_true(all(res$w2 > 0 & res$w2 < 0.03))
  expect_equal(nrow(res$w2_time), 20)
})

# ANNarchy 4.7.3, SORF.py shortened to 1 epoch of 4 gratings (10 s), seeds
# 1-4: mean r of the excitatory neurons 20.1-33.1 Hz (population mean
# 25.7-29.5), of the inhibitory ones 23.5-28.6 Hz (26.9-27.9); feed-forward
# ON weights from a mean of 0.00945-0.00949 to 0.009105-0.009157 (ratio
# 0.960-0.967: the rates are above the 10 Hz target), OFF weights to
# 0.009089-0.009133; Exc -> Inh weights mean 0.229-0.279 (drawn from
# Uniform(0.116, 0.403)). annr, seed 1: 24.3-29.5 Hz, 26.4-27.5 Hz, ON
# ratio 0.965, OFF 0.009116, Exc -> Inh 0.275.
test_that("homeostatic_stdp_sorf.R: rates and weights as ANNarchy's", {
  ex <- source_homeostatic("homeostatic_stdp_sorf.R")
  res <- ex$run_homeostatic_sorf(nb_epochs = 1, nb_stim = 4, seed = 1)
  expect_equal(dim(res$exc_r), c(10000L, 4L))
  exc <- colMeans(res$exc_r)
  inh <- colMeans(res$inh_r)
  expect_true(all(exc > 15 & exc < 37))
  expect_gt(mean(exc), 23)
  expect_lt(mean(exc), 31)
  expect_true(all(inh > 20 & inh < 33))
  expect_gt(mean(inh), 24.5)
  expect_lt(mean(inh), 30)
  ratio <- mean(res$w_on) / mean(res$w_on_start)
  expect_gt(ratio, 0.955)
  expect_lt(ratio, 0.975)
  expect_gt(mean(res$w_off), 0.0089)
  expect_lt(mean(res$w_off), 0.0094)
  expect_gt(mean(res$w_exc_inh), 0.22)
  expect_lt(mean(res$w_exc_inh), 0.33)
  expect_length(res$on_images, 4)
  expect_equal(dim(res$on_images[[1]]), c(32L, 32L))
  expect_equal(nrow(res$w_on_time), 10)
})
