# Spiking inputs with scheduled or shared fluctuating rates.

test_that("TimedPoissonPopulation follows its schedule, with the rates of the current step", {
  clear()
  setup(dt = 1, seed = 1)
  # 1000 Hz at dt = 1 ms: p = U * 1000 < 1000 always spikes; 0 Hz never does
  inp <- TimedPoissonPopulation(rbind(c(0, 1000), c(1000, 0)), schedule = 5)
  m <- Monitor(inp, c("spike", "rates"))
  compile()
  simulate(12)
  d <- m$get()
  expect_equal(d$spike$time[d$spike$neuron == 2], 0:4)
  expect_equal(d$spike$time[d$spike$neuron == 1], 5:11)  # the last row is kept
  expect_equal(unname(d$rates[6, ]), c(1000, 0))
  clear()
  setup(dt = 1, seed = 1)
  inp <- TimedPoissonPopulation(rbind(c(0, 1000), c(1000, 0)), schedule = 5, period = 10)
  m <- Monitor(inp, "spike")
  compile()
  simulate(20)
  r <- m$raster_plot()
  expect_equal(r$time[r$neuron == 2], c(0:4, 10:14))
  expect_error(TimedPoissonPopulation(matrix(-1, 2, 2)), "`rates` must be >= 0")
  expect_error(TimedPoissonPopulation("a"), "numeric matrix")
})

test_that("TimedPoissonPopulation fires at the scheduled mean rates", {
  clear()
  setup(dt = 0.1, seed = 2)
  inp <- TimedPoissonPopulation(rbind(rep(5, 500), rep(50, 500)), schedule = 1000)
  m <- Monitor(inp, "spike")
  compile()
  simulate(2000)
  r <- m$raster_plot()
  expect_equal(sum(r$time < 1000) / 500, 5, tolerance = 0.1)    # ~2500 spikes: 2% sd
  expect_equal(sum(r$time >= 1000) / 500, 50, tolerance = 0.05)
})

test_that("the rectified-Gaussian correction gives the asked mean and variance of the rate", {
  for (case in list(c(10, 0.3, 10), c(2, 0.5, 20), c(50, 0.05, 5))) {
    p <- annr:::correlated_rate_parameters(list(rates = case[1], corr = case[2], tau = case[3]))
    pos_mean <- integrate(function(x) x * dnorm(x, p$mu, p$sigma), 0, Inf)$value
    pos_sq <- integrate(function(x) x^2 * dnorm(x, p$mu, p$sigma), 0, Inf)$value
    expect_equal(pos_mean, case[1], tolerance = 1e-6)
    expect_equal(pos_sq - pos_mean^2, case[2] * case[1] / (2 * case[3] / 1000), tolerance = 1e-6)
  }
  p <- annr:::correlated_rate_parameters(list(rates = 10, corr = 0, tau = 10))
  expect_equal(c(p$mu, p$sigma), c(10, 0))
})

test_that("HomogeneousCorrelatedSpikeTrains share a rate with the asked mean, variance and correlation", {
  count_correlation <- function(corr) {
    clear()
    setup(dt = 0.1, seed = 5)
    h <- HomogeneousCorrelatedSpikeTrains(100, rates = 10, corr = corr, tau = 10)
    m <- Monitor(h, c("spike", "x"))
    compile()
    simulate(20000)
    d <- m$get()
    counts <- table(factor(d$spike$neuron, levels = 1:100),
                    cut(d$spike$time, seq(0, 20000, by = 100), right = FALSE))
    cc <- cor(t(unclass(counts)))
    list(rate = nrow(d$spike) / 100 / 20, x = d$x[, 1], mean_cc = mean(cc[upper.tri(cc)]))
  }
  res <- count_correlation(0.3)
  x_pos <- pmax(res$x, 0)
  expect_equal(mean(x_pos), 10, tolerance = 0.1)
  expect_equal(var(x_pos), 0.3 * 10 / 0.02, tolerance = 0.3)
  expect_equal(res$rate, 10, tolerance = 0.1)
  # Cox processes with a shared rate: count correlation ~ corr / (1 + corr)
  # over windows much longer than tau (0.23 here; 100 ms bins catch most)
  expect_gt(res$mean_cc, 0.12)
  expect_lt(res$mean_cc, 0.32)
  independent <- count_correlation(0)
  expect_lt(abs(independent$mean_cc), 0.02)
  expect_equal(independent$rate, 10, tolerance = 0.05)
})

test_that("rates, corr and tau of correlated spike trains can be changed later, also in copies", {
  clear()
  setup(dt = 0.1, seed = 1)
  h <- HomogeneousCorrelatedSpikeTrains(10, rates = 10, corr = 0.3, tau = 10)
  expect_error(h$corr <- 2, "`corr` must be in \\[0, 1\\]")
  expect_error(h[1:2]$rates <- 5, "one value for the whole population")
  compile()
  h$rates <- 20
  p <- annr:::correlated_rate_parameters(list(rates = 20, corr = 0.3, tau = 10))
  expect_equal(c(h$rates, h$mu, h$sigma), c(20, p$mu, p$sigma))
  net <- Network(everything = TRUE)
  net$compile()
  expect_equal(net[[h]]$mu, p$mu)       # the copy has the new rates
  net[[h]]$corr <- 0
  expect_equal(net[[h]]$sigma, 0)
  expect_equal(h$sigma, p$sigma)        # the original is untouched
})

test_that("a schedule of start times sets each row from its time on", {
  clear()
  setup(dt = 1, seed = 1)
  ta <- TimedArray(rbind(1, 2, 3), schedule = c(2, 5, 6))
  m <- Monitor(ta, "r")
  compile()
  simulate(8)
  # r keeps its initial 0 before the first start time; the last row is kept
  expect_equal(unname(m$get("r")[, 1]), c(0, 0, 1, 1, 1, 2, 3, 3))
  clear()
  setup(dt = 1, seed = 1)
  inp <- TimedPoissonPopulation(rbind(1000, 0), schedule = c(3, 5), period = 10)
  m <- Monitor(inp, "spike")
  compile()
  simulate(20)
  expect_equal(m$raster_plot()$time, c(3, 4, 13, 14))
  expect_error(TimedArray(rbind(1, 2), schedule = c(5, 2)), "ascending")
  expect_error(TimedArray(rbind(1, 2), schedule = c(0, 2, 4)), "3 start times for 2 rows")
  expect_error(TimedArray(rbind(1, 2), schedule = -1), "`schedule` must be >= 0")
  expect_error(TimedArray(rbind(1, 2), schedule = "a"), "`schedule` must be one number")
  expect_error(TimedArray(rbind(1, 2), period = NA), "`period` must be one number")
})

test_that("HomogeneousCorrelatedSpikeTrains follow a schedule of rates and correlations", {
  clear()
  setup(dt = 0.1, seed = 3)
  # corr = 0: sigma = 0, so x relaxes deterministically to each slice's rate
  h <- HomogeneousCorrelatedSpikeTrains(200, rates = c(0, 40, 10), corr = 0, tau = 10,
                                        schedule = c(0, 500, 1500))
  m <- Monitor(h, c("spike", "x"))
  compile()
  simulate(2500)
  d <- m$get()
  x <- d$x[, 1]
  expect_true(all(x[1:5000] == 0))
  # x(t) = 40 (1 - exp(-(t - 500) / tau)) after the switch (explicit update)
  steps <- 1:100
  expect_equal(unname(x[5000 + steps]), 40 * (1 - exp(-0.1 * steps / 10)), tolerance = 1e-9)
  expect_equal(unname(x[25000]), 10, tolerance = 1e-9)
  t <- d$spike$time
  expect_equal(sum(t < 500), 0)
  expect_equal(sum(t >= 600 & t < 1500) / 200 / 0.9, 40, tolerance = 0.05)   # ~7200 spikes
  expect_equal(sum(t >= 1600) / 200 / 0.9, 10, tolerance = 0.08)              # ~1800 spikes
  p <- annr:::correlated_rate_parameters(list(rates = 10, corr = 0, tau = 10))
  expect_equal(c(h$rates, h$corr, h$mu, h$sigma), c(10, 0, p$mu, p$sigma))
})

test_that("a scheduled correlated input computes mu and sigma per slice and replays with period", {
  clear()
  setup(dt = 1, seed = 1)
  h <- HomogeneousCorrelatedSpikeTrains(5, rates = c(5, 20), corr = c(0.1, 0.5), tau = 10,
                                        schedule = 10, period = 20)
  m <- Monitor(h, c("mu", "sigma", "corr"))
  compile()
  simulate(40)
  d <- m$get()
  p1 <- annr:::correlated_rate_parameters(list(rates = 5, corr = 0.1, tau = 10))
  p2 <- annr:::correlated_rate_parameters(list(rates = 20, corr = 0.5, tau = 10))
  expect_equal(unname(d$mu[c(1, 10, 11, 20, 21, 31), 1]), c(p1$mu, p1$mu, p2$mu, p2$mu, p1$mu, p2$mu))
  expect_equal(unname(d$sigma[c(1, 11), 1]), c(p1$sigma, p2$sigma))
  expect_equal(unname(d$corr[c(1, 11), 1]), c(0.1, 0.5))
  expect_error(h$rates <- 3, "follows the schedule")
  # copies keep the schedule
  net <- Network(everything = TRUE)
  net$compile()
  net$simulate(15)
  expect_equal(net[[h]]$mu, p2$mu)
  expect_error(HomogeneousCorrelatedSpikeTrains(5, rates = c(5, 20), corr = c(0.1, 0.2, 0.3),
                                                tau = 10, schedule = 10), "one per slice \\(2\\)")
  expect_error(HomogeneousCorrelatedSpikeTrains(5, rates = c(5, 20), corr = 0.1, tau = 10),
               "one per slice of a `schedule`")
  expect_error(HomogeneousCorrelatedSpikeTrains(5, rates = c(5, -1), corr = 0.1, tau = 10, schedule = 10),
               "`rates` must be >= 0")
  expect_error(HomogeneousCorrelatedSpikeTrains(5, rates = c(5, 20), corr = 0.1, tau = 10,
                                                schedule = c(0, 10, 20)), "3 start times for 2 rows")
})
