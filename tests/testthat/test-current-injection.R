# CurrentInjection(): rates of a rate-coded population added to a spiking
# population's g_target every step (ANNarchy's specific projection).

test_that("CurrentInjection copies r into g_target, rank by rank", {
  clear()
  annr::setup(dt = 1)
  inp <- Population(3, Neuron(parameters = "k = 1", equations = "r = k * (t + 1)"))
  inp$k <- c(1, 2, 3)
  out <- Population(3, Neuron(equations = "mp = g_exc", spike = "mp > 100"))
  proj <- CurrentInjection(inp, out, "exc")
  expect_s3_class(proj, "annr_projection")
  proj$connect_current()
  m <- Monitor(out, "mp")
  compile()
  simulate(4)
  mp <- m$get("mp")
  # step n reads the rates of step n - 1: k * n (0 before the first step)
  expect_equal(unname(as.matrix(mp)), outer(0:3, 1:3), ignore_attr = TRUE)
  expect_equal(proj$nb_synapses, 3)
})

test_that("CurrentInjection checks its populations", {
  clear()
  rate <- Population(2, Neuron(equations = "r = 1"))
  rate3 <- Population(3, Neuron(equations = "r = 1"))
  spk <- Population(2, Neuron(equations = "v = g_exc", spike = "v > 1"))
  expect_error(CurrentInjection(spk, spk, "exc"), "`pre` must be a rate-coded")
  expect_error(CurrentInjection(rate, rate, "exc"), "`post` must be a spiking")
  expect_error(CurrentInjection(rate3, spk, "exc"), "same size")
  expect_error(CurrentInjection(rate, spk, "1x"), "target")
})
