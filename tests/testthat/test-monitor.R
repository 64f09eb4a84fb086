# Monitors: recording of variables and spikes, period, pause/resume, keep.

test_that("monitors record variables with a period, and pause", {
  clear()
  setup(dt = 0.5)
  rate <- Neuron(parameters = "tau = 10.0",
                 equations = "tau * dr/dt = 1 - r", name = "Rate")
  pop <- Population(4, rate)
  m <- Monitor(pop, "r")
  mp <- Monitor(pop[2:3], "r", period = 2)
  expect_s3_class(m, "annr_monitor")
  expect_error(Monitor(pop, "spike"), "rate-coded")
  expect_error(Monitor(pop, "x"), "no attribute 'x'")
  expect_error(Monitor(pop, "r", period = -1), "period")
  compile()
  simulate(10)
  r <- m$get("r", keep = TRUE)
  expect_equal(dim(r), c(20L, 4L))
  expect_equal(attr(r, "times"), seq(0, 9.5, by = 0.5))
  expect_equal(m$times(), seq(0, 9.5, by = 0.5))
  expect_true(all(diff(r[, 1]) > 0))  # r rises towards 1
  rp <- mp$get()
  expect_equal(dim(rp), c(5L, 2L))
  expect_equal(attr(rp, "times"), c(0, 2, 4, 6, 8))
  m$get()  # empties
  expect_equal(nrow(m$get()), 0L)
  m$pause()
  simulate(5)
  expect_equal(nrow(m$get()), 0L)
  m$resume()
  simulate(5)
  expect_equal(nrow(m$get()), 10L)
})

test_that("spike monitors give data frames and spike_data()", {
  clear()
  setup(dt = 1, seed = 3)
  inp <- PoissonPopulation(20, rates = 100)
  m <- Monitor(inp, "spike")
  mv <- Monitor(inp[1:5], c("spike", "p"), start = FALSE)
  compile()
  simulate(200)
  s <- m$get("spike", keep = TRUE)
  expect_s3_class(s, "data.frame")
  expect_equal(names(s), c("time", "neuron"))
  expect_gt(nrow(s), 20 * 0.2 * 100 * 0.5)
  expect_lt(nrow(s), 20 * 0.2 * 100 * 1.5)
  expect_true(all(s$neuron %in% 1:20))
  expect_true(all(s$time >= 0 & s$time < 200))
  d <- m$spike_data()
  expect_equal(d$ranks, 1:20)
  expect_equal(d$dt, 1)
  expect_equal(d$t_start, 0)
  expect_equal(d$t_end, 200)
  expect_equal(d$recording_duration, 200)
  expect_equal(nrow(d$spikes), nrow(s))
  expect_equal(nrow(mv$get("spike")), 0L)  # not started
  mv$start()
  simulate(100)
  expect_equal(mv$spike_data()$t_start, 200)
  both <- mv$get()
  expect_named(both, c("spike", "p"))
  expect_true(all(both$spike$neuron %in% 1:5))
  expect_equal(dim(both$p), c(100L, 5L))
  expect_equal(mv$spike_data()$t_start, 300)  # get() emptied the buffer
})

test_that("a SpikeSourceArray emits its spike times; they can be changed", {
  clear()
  src <- SpikeSourceArray(list(c(10, 20), c(15, 30, 45)))
  m <- Monitor(src, "spike")
  compile()
  simulate(50)
  expect_equal(m$get(), data.frame(time = c(10, 15, 20, 30, 45),
                                   neuron = c(1L, 2L, 1L, 2L, 2L)))
  src$spike_times <- list(5, 6)
  reset()
  simulate(10)
  expect_equal(m$get(), data.frame(time = c(5, 6), neuron = 1:2))
})

test_that("conductances are recorded before the neuron update, the rest after (ANNarchy 4.7.3)", {
  # ANNarchy 4.7.3, dt = 1: SpikeSourceArray spikes at 2, 5, 6 ms onto one
  # neuron with tau_g * dg_exc/dt = -g_exc (tau_g = 5) and tau * dv/dt =
  # -v + g_exc (tau = 10), and onto one with a pulse g_exc (no ODE), w = 1,
  # all_to_all; Monitor(pop, c("g_exc", "v")), simulate(10).
  clear()
  setup(dt = 1)
  src <- SpikeSourceArray(list(c(2, 5, 6)))
  Node <- Neuron(parameters = "tau = 10.0\ntau_g = 5.0",
                 equations = "tau_g * dg_exc/dt = -g_exc\ntau * dv/dt = -v + g_exc",
                 spike = "v > 100", reset = "v = 0")
  Pulse <- Neuron(parameters = "tau = 10.0", equations = "tau * dv/dt = -v + g_exc",
                  spike = "v > 100", reset = "v = 0")
  p1 <- Population(1, Node)
  p2 <- Population(1, Pulse)
  Projection(src, p1, "exc")$connect_all_to_all(1)
  Projection(src, p2, "exc")$connect_all_to_all(1)
  m1 <- Monitor(p1, c("g_exc", "v"))
  m2 <- Monitor(p2, c("g_exc", "v"))
  compile()
  simulate(10)
  expect_equal(as.vector(m1$get("g_exc")),
               c(0, 0, 0, 1, 0.8, 0.64, 1.512, 2.2096, 1.76768, 1.414144), tolerance = 1e-12)
  expect_equal(as.vector(m1$get("v")),
               c(0, 0, 0, 0.1, 0.17, 0.217, 0.3465, 0.53281, 0.656297, 0.7320817), tolerance = 1e-12)
  expect_equal(as.vector(m2$get("g_exc", keep = TRUE)), c(0, 0, 0, 1, 0, 0, 1, 1, 0, 0))
  expect_equal(attr(m2$get("g_exc"), "times"), 0:9)
  expect_equal(as.vector(m2$get("v")),
               c(0, 0, 0, 0.1, 0.09, 0.081, 0.1729, 0.25561, 0.230049, 0.2070441), tolerance = 1e-12)
})

test_that("get() empties only the variables fetched; reset() empties all and keeps recording", {
  # ANNarchy 4.7.3: after m.get('v') the spikes stay recorded (and the other
  # way round); m.reset() leaves both empty, and recording goes on.
  clear()
  setup(dt = 1)
  Reg <- Neuron(parameters = "tau = 10.0\nI = 1.5", equations = "tau * dv/dt = -v + I",
                spike = "v > 1", reset = "v = 0")
  pop <- Population(3, Reg)
  pop$I <- c(1.5, 2, 3)
  m <- Monitor(pop, c("spike", "v"))
  compile()
  simulate(50)
  expect_equal(dim(m$get("v")), c(50L, 3L))
  expect_equal(dim(m$get("v")), c(0L, 3L))
  s <- m$get("spike", keep = TRUE)
  # ANNarchy's spike steps: {0: [10, 21, 32, 43], 1: [6, 13, ..., 48], 2: [3, 7, ..., 47]}
  expect_equal(s$time[s$neuron == 1], c(10, 21, 32, 43))
  expect_equal(s$time[s$neuron == 2], c(6, 13, 20, 27, 34, 41, 48))
  expect_equal(s$time[s$neuron == 3], seq(3, 47, by = 4))
  simulate(20)
  expect_equal(dim(m$get("v", keep = TRUE)), c(20L, 3L))
  expect_equal(nrow(m$get("spike", keep = TRUE)), 23L + 2L + 3L + 5L)
  m$reset()
  expect_equal(dim(m$get("v", keep = TRUE)), c(0L, 3L))
  expect_equal(nrow(m$get("spike", keep = TRUE)), 0L)
  simulate(10)
  expect_equal(dim(m$get("v", keep = TRUE)), c(10L, 3L))
  s <- m$get("spike")
  # ANNarchy after reset() + 10 ms: {0: [76], 1: [76], 2: [71, 75, 79]}
  expect_equal(s[order(s$neuron, s$time), "time"], c(76, 76, 71, 75, 79))
  expect_equal(m$times(), 70:79)
  expect_equal(nrow(m$get("spike")), 0L)
  expect_equal(dim(m$get("v")), c(10L, 3L))  # v was still there
  expect_error(m$get("u"), "does not record 'u'")
})

test_that("analyses use up the spike recording and warn on an emptied monitor", {
  clear()
  setup(dt = 1)
  Reg <- Neuron(parameters = "tau = 10.0\nI = 1.5", equations = "tau * dv/dt = -v + I",
                spike = "v > 1", reset = "v = 0")
  pop <- Population(3, Reg)
  pop$I <- c(1.5, 2, 3)
  m <- Monitor(pop, c("spike", "v"))
  compile()
  simulate(50)
  # ANNarchy 4.7.3: raster_plot() returns the 23 spikes, a second raster_plot()
  # nothing, and mean_fr()/histogram() then fail on the empty recording.
  r <- m$raster_plot()
  expect_equal(nrow(r), 23L)
  expect_warning(r2 <- m$raster_plot(), "holds no spike recording")
  expect_equal(nrow(r2), 0L)
  expect_warning(fr <- m$mean_fr(), "used up")
  expect_true(is.na(fr))
  expect_warning(mean_fr(m), "holds no spike recording")
  expect_equal(dim(m$get("v")), c(50L, 3L))  # the analyses leave v alone
  # Fetch once, analyse many times: same numbers as a single analysis.
  simulate(50)
  s <- m$get("spike")
  expect_equal(nrow(s), 25L)  # periods 11, 7, 4 steps: 5 + 7 + 13 spikes in 50..99
  expect_equal(m$mean_fr(s), nrow(s) / 3 / 0.05)
  expect_equal(m$mean_fr(s), mean_fr(m, spikes = s))
  expect_equal(sum(m$histogram(bins = 10, spikes = s)$spikes), nrow(s))
  expect_equal(m$histogram(bins = 10, spikes = s)$time, seq(50, 90, by = 10))
  expect_equal(nrow(m$population_rate(spikes = s)), 50L)
  expect_equal(nrow(m$raster_plot(s)), nrow(s))
  expect_length(m$inter_spike_interval(per_neuron = TRUE, spikes = s), 3L)
  simulate(50)
  expect_equal(m$mean_fr(), 23 / 3 / 0.05)  # fresh spikes (4 + 7 + 12): no warning
  expect_error(m$mean_fr(spikes = 1), "data frame")
})
