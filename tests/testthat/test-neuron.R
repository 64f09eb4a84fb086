# Neuron(): definition, early checking through the core, attribute table.

test_that("Neuron() returns an annr_neuron with its attribute table", {
  lif <- Neuron(
    parameters = "tau = 10.0\nv_rest = -65.0 : population",
    equations = "tau * dv/dt = v_rest - v + g_exc : init = -65.0",
    spike = "v > -50.0", reset = "v = v_rest", refractory = 2,
    name = "LIF")
  expect_s3_class(lif, "annr_neuron")
  expect_true(lif$spiking)
  attrs <- lif$attributes
  expect_true(all(c("tau", "v_rest", "v", "g_exc") %in% attrs$name))
  expect_equal(attrs$init[attrs$name == "tau"], 10)
  expect_true(attrs$is_parameter[attrs$name == "tau"])
  expect_true(attrs$is_global[attrs$name == "v_rest"])
  expect_false(attrs$is_parameter[attrs$name == "v"])
  expect_equal(attrs$init[attrs$name == "v"], -65)
  expect_equal(lif$refractory, "2")
  expect_output(print(lif), "tau \\* dv/dt")
})

test_that("a rate-coded neuron is not spiking", {
  rate <- Neuron(parameters = "tau = 10.0", equations = "tau * dr/dt = -r",
                 name = "Rate")
  expect_false(rate$spiking)
  expect_true("r" %in% rate$attributes$name)
})

test_that("a bad model fails at definition with the model's name", {
  expect_error(
    Neuron(equations = "dv/dt = -vv", spike = "v > 1", name = "Broken"),
    "Broken")
  expect_error(Neuron(equations = 42), "equations")
  expect_error(Neuron(equations = "dv/dt = -v", refractory = -1),
               "refractory")
})

test_that("random numbers in a population-wide equation are drawn once per step for the population", {
  clear()
  setup(dt = 1, seed = 4)
  model <- Neuron(parameters = "s = 2 : population",
                  equations = "x = Normal(1.0, s) : population\ny = Uniform(0, 1)",
                  name = "noisy")
  pop <- Population(3, model)
  m <- Monitor(pop, c("x", "y"))
  compile()
  simulate(4000)
  d <- m$get()
  expect_equal(d$x[, 1], d$x[, 3])                    # one value per step for all
  expect_equal(mean(d$x[, 1]), 1, tolerance = 0.1)    # sd of the mean 0.03
  expect_equal(sd(d$x[, 1]), 2, tolerance = 0.05)
  expect_false(isTRUE(all.equal(d$y[, 1], d$y[, 2])))  # per-neuron draws differ
  expect_error(Neuron(equations = "v = 0\nx = Normal(v, 1) : population", name = "bad"),
               "Normal\\(\\) in a population-wide equation needs population-wide arguments")
})
