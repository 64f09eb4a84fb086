spikes <- data.frame(time = c(1, 5, 9, 2, 12), neuron = c(1L, 1L, 1L, 2L, 2L))

test_that("raster_plot sorts by time then neuron", {
  r <- raster_plot(spikes)
  expect_equal(r$time, c(1, 2, 5, 9, 12))
  expect_equal(r$neuron, c(1L, 2L, 1L, 1L, 2L))
})

test_that("histogram counts spikes per bin", {
  h <- histogram(spikes, bins = 5, t_start = 0, t_end = 15)
  expect_equal(h$time, c(0, 5, 10))
  expect_equal(h$spikes, c(2L, 2L, 1L))
})

test_that("mean_fr, ISI and CV by hand", {
  expect_equal(mean_fr(spikes, n_neurons = 2, t_start = 0, t_end = 20), 5 / 2 / 0.02)
  expect_equal(inter_spike_interval(spikes), c(4, 4, 10))
  expect_equal(inter_spike_interval(spikes, per_neuron = TRUE), list(`1` = c(4, 4), `2` = 10))
  expect_equal(coefficient_of_variation(spikes), 0)
  expect_equal(coefficient_of_variation(spikes, per_neuron = TRUE), c(`1` = 0, `2` = NA))
})

test_that("population_rate averages over neurons and low-pass filters", {
  r <- population_rate(spikes, n_neurons = 2, t_start = 0, t_end = 4)
  expect_equal(r$rate, c(0, 500, 500, 0))
  s <- population_rate(spikes, smooth = 2, n_neurons = 2, t_start = 0, t_end = 4)
  expect_equal(s$rate, c(0, 250, 375, 187.5))
})

test_that("smoothed_rate gives 1000 / ISI between spikes", {
  r <- smoothed_rate(spikes, n_neurons = 2, t_start = 0, t_end = 13)
  expect_equal(unname(r[2:5, 1]), rep(250, 4))
  expect_equal(unname(r[1, 1]), 0)
  expect_equal(unname(r[3:12, 2]), rep(100, 10))
})

test_that("monitor methods work on a simulated network", {
  clear()
  setup(dt = 1, seed = 3)
  pop <- PoissonPopulation(50, rates = 40)
  m <- Monitor(pop, "spike")
  compile()
  simulate(1000)
  s <- m$get("spike")  # the analyses below share one fetch of the spikes
  expect_equal(m$mean_fr(s), nrow(m$raster_plot(s)) / 50, tolerance = 1e-12)
  expect_gt(m$mean_fr(s), 30)
  expect_lt(m$mean_fr(s), 50)
  expect_equal(sum(m$histogram(bins = 100, spikes = s)$spikes), nrow(s))
  expect_equal(nrow(m$population_rate(spikes = s)), 1000)
  expect_equal(m$mean_fr(s), mean_fr(s, n_neurons = 50, t_start = 0, t_end = 1000))
  cv <- m$coefficient_of_variation(spikes = s)
  expect_gt(mean(cv), 0.8)  # Poisson trains: CV near 1
})

test_that("plot_raster draws", {
  f <- tempfile(fileext = ".png")
  grDevices::png(f)
  expect_invisible(plot_raster(list(a = spikes, b = spikes)))
  grDevices::dev.off()
  expect_true(file.exists(f))
})

test_that("distributions are checked and drawn", {
  expect_error(Normal(0, -1), "`sigma` must be >= 0")
  expect_error(Uniform(2, 1), "must not exceed")
  expect_error(Binomial(3.5, 0.1), "whole number")
  expect_equal(format(Normal(-55, 5)), "Normal(mu = -55, sigma = 5)")
  set.seed(1)
  x <- sample_distribution(Normal(0, 1, min = -1, max = 1), 1000)
  expect_true(all(x >= -1 & x <= 1))
  expect_true(is_distribution(Gamma(2, 1)))
})

test_that("Gamma() still serves glm() as the stats family", {
  expect_s3_class(Gamma(), "family")
  expect_equal(Gamma(link = "log")$link, "log")
  fit <- glm(y ~ x, family = Gamma, data = data.frame(x = 1:10, y = (1:10) + 0.5))
  expect_s3_class(fit, "glm")
  expect_s3_class(Gamma(2, 1), "annr_distribution")
})

test_that("analyses of a monitor give ANNarchy's numbers", {
  # ANNarchy 4.7.3, dt = 1: tau * dv/dt = -v + I (tau = 10), spike v > 1,
  # reset v = 0, I = 1.5, 2, 3; Monitor(pop, 'spike'); simulate(50);
  # s = m.get('spike'): m.mean_fr(s) 153.33333333333334,
  # m.inter_spike_interval(s, per_neuron=True) {0: [11] * 3, 1: [7] * 6,
  # 2: [4] * 11}, m.coefficient_of_variation(s) [0, 0, 0]; then simulate(50)
  # and m.mean_fr() 166.66666666666669.
  clear()
  setup(dt = 1)
  Reg <- Neuron(parameters = "tau = 10.0\nI = 1.5", equations = "tau * dv/dt = -v + I",
                spike = "v > 1", reset = "v = 0")
  pop <- Population(3, Reg)
  pop$I <- c(1.5, 2, 3)
  m <- Monitor(pop, "spike")
  compile()
  simulate(50)
  s <- m$get("spike")
  expect_equal(m$mean_fr(s), 153.33333333333334, tolerance = 1e-12)
  expect_equal(m$inter_spike_interval(per_neuron = TRUE, spikes = s),
               list(`1` = rep(11, 3), `2` = rep(7, 6), `3` = rep(4, 11)))
  expect_equal(m$coefficient_of_variation(per_neuron = TRUE, spikes = s),
               c(`1` = 0, `2` = 0, `3` = 0))
  simulate(50)
  expect_equal(m$mean_fr(), 166.66666666666669, tolerance = 1e-12)
})
