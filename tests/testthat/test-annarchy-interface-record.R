# ANNarchy 4.7.3 tests/Interface/test_Record.py: monitors of populations and
# views, periods, start/pause/resume, spikes and refractoriness (dt = 1).
# ANNarchy's view sums pop1[0] + pop1[2] and pop2[:2] + pop2.neuron(4) are the
# R views pop1[c(1, 3)] and pop2[c(1, 2, 5)].

record_net <- function() {
  ann_fresh()
  neuron <- Neuron(equations = "r = t")
  neuron2 <- Neuron(equations = "v = v + 1.0", spike = "v == 5.0", reset = "v = 3.0")
  neuron3 <- Neuron(equations = "v = v + 1.0", spike = "v == 3.0", reset = "v = 1.0 ",
                    refractory = 3.0)
  Oja <- Synapse(parameters = "tau = 5000.0\nalpha = 8.0", equations = "w = t")
  pop1 <- Population(3, neuron)
  pop2 <- Population(5, neuron)
  pop3 <- Population(3, neuron2)
  pop4 <- Population(3, neuron3)
  proj <- Projection(pop1, pop2, "exc", synapse = Oja)
  proj$connect_all_to_all(weights = 1.0)
  mons <- list(
    m = Monitor(pop1, "r"),
    n = Monitor(pop1[1:2], "r"),
    o = Monitor(pop1, "r", period = 10.0),
    p = Monitor(pop1, "r", start = FALSE),
    q = Monitor(pop1[c(1, 3)], "r"),
    r = Monitor(pop2[c(1, 2, 5)], "r"),
    s = Monitor(pop3, c("v", "spike")),
    t = Monitor(pop4, c("v", "spike")))
  compile()
  mons
}


ramp <- function(from, to, n) matrix(rep(from:to, n), ncol = n)

test_that("test_Record: test_r_sim_10", {
  mons <- record_net()
  simulate(10)
  expect_equal(ann_rec(mons$m, "r"), ramp(0, 9, 3))
})

test_that("test_Record: test_r_first_neurons", {
  mons <- record_net()
  simulate(10)
  expect_equal(ann_rec(mons$n, "r"), ramp(0, 9, 2))
})

test_that("test_Record: test_r_sim_100_p_10", {
  mons <- record_net()
  simulate(100)
  expect_equal(ann_rec(mons$o, "r"), matrix(rep(seq(0, 90, by = 10), 3), ncol = 3))
})

test_that("test_Record: test_startrec", {
  mons <- record_net()
  simulate(10)
  mons$p$start()
  simulate(10)
  expect_equal(ann_rec(mons$p, "r"), ramp(10, 19, 3))
})

test_that("test_Record: test_a_pauserec", {
  mons <- record_net()
  mons$m$pause()
  simulate(10)
  mons$m$resume()
  simulate(10)
  expect_equal(ann_rec(mons$m, "r"), ramp(10, 19, 3))
})

test_that("test_Record: test_r_after_5", {
  mons <- record_net()
  simulate(10)
  expect_equal(ann_rec(mons$m, "r")[6, ], c(5, 5, 5))
})

test_that("test_Record: test_r_from_rank", {
  mons <- record_net()
  simulate(10)
  expect_equal(ann_rec(mons$m, "r")[, 2], 0:9)
})

test_that("test_Record: test_popview", {
  mons <- record_net()
  simulate(10)
  expect_equal(ann_rec(mons$q, "r"), ramp(0, 9, 2))
})

test_that("test_Record: test_popview2", {
  mons <- record_net()
  simulate(10)
  expect_equal(ann_rec(mons$r, "r"), ramp(0, 9, 3))
})

test_that("test_Record: test_spike", {
  mons <- record_net()
  simulate(10)
  spikes <- mons$s$get("spike")
  expect_equal(spikes$time[spikes$neuron == 1], c(4, 6, 8))
})

test_that("test_Record: test_r_ref", {
  mons <- record_net()
  simulate(10)
  expect_equal(ann_rec(mons$t, "v"), matrix(rep(c(1, 2, 1, 1, 1, 1, 2, 1, 1, 1), 3), ncol = 3))
})

test_that("test_Record: test_spike_ref", {
  mons <- record_net()
  simulate(10)
  spikes <- mons$t$get("spike")
  expect_equal(spikes$time[spikes$neuron == 2], c(2, 7))
})
