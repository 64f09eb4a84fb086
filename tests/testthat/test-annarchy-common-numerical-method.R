# ANNarchy 4.7.3 tests/Common/test_NumericalMethod.py: every numerical method
# compiles and runs for neurons and synapses, and the methods agree on a
# linear coupled system. (test_Explicit ... test_Exponential are run in
# ANNarchy through their storage-format subclasses; once here.)

numerical_net <- function(neuron_eqs, synapse_eqs) {
  ann_fresh()
  neuron <- Neuron(parameters = "tau = 10.0\nV_l = 1.0", equations = neuron_eqs,
                   spike = "v > 1")
  synapse <- Synapse(parameters = "tau = 10.0 : projection", equations = synapse_eqs)
  pop <- Population(10, neuron)
  proj <- Projection(pop, pop, "exc", synapse)
  proj$connect_all_to_all(weights = Uniform(1.0, 2.0))
  compile()
  simulate(1.0)
  expect_equal(get_time(), 1)
}

test_that("test_Explicit: test_work", {
  numerical_net("tau * dv/dt = V_l - v + g_exc\ntau * dg_exc/dt = - g_exc",
                "tau * dw/dt = -w")
})

test_that("test_Implicit: test_work", {
  numerical_net("tau * dv/dt = V_l - v + g_exc : implicit",
                "tau * dw/dt = -w : implicit")
})

test_that("test_ImplicitCoupled: test_work", {
  numerical_net("tau * dv/dt = V_l - v + g_exc : implicit\ntau * dg_exc/dt = - g_exc : implicit",
                "tau * dw/dt = -w + u : implicit\ntau * du/dt = -u +1 : implicit")
})

test_that("test_Midpoint: test_work", {
  numerical_net("tau * dv/dt = V_l - v + g_exc : midpoint",
                "tau * dw/dt = -w : midpoint")
})

test_that("test_MidpointCoupled: test_work", {
  numerical_net("tau * dv/dt = V_l - v + g_exc : midpoint\ntau * dg_exc/dt = - g_exc : midpoint",
                "tau * dw/dt = -w + u : midpoint\ntau * du/dt = -u +1 : midpoint")
})

test_that("test_Exponential: test_work", {
  numerical_net("tau * dv/dt = V_l - v + g_exc : exponential\ntau * dg_exc/dt = - g_exc : exponential",
                "tau * dw/dt = -w + u : exponential\ntau * du/dt = -u +1 : exponential")
})

test_that("test_Precision: test_precision", {
  ann_fresh()
  pops <- list()
  mons <- list()
  for (method in c("explicit", "implicit", "midpoint", "exponential")) {
    n <- Neuron(parameters = "tau = 10.0\nI = 0.0",
                equations = paste0("tau * dv/dt = -v -u + I : ", method, "\n",
                                   "tau * du/dt = - u + I : ", method, "\n",
                                   "r = pos(v)"))
    pops[[method]] <- Population(1, n, name = method)
    mons[[method]] <- Monitor(pops[[method]], c("v", "u"))
  }
  compile()
  simulate(20.0)
  for (method in names(pops)) {
    p <- get_population(method)
    p$I <- 1.0
  }
  simulate(80)
  data <- lapply(mons, function(m) ann_rec(m, "v")[, 1])
  data_mean <- Reduce(`+`, data) / 4
  for (method in names(data)) {
    expect_lt(max(abs(data[[method]] - data_mean)), 0.05, label = method)
  }
})
