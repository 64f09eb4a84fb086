# ANNarchy 4.7.3 tests/Synapse/test_SpecificProjections.py: CurrentInjection,
# a rate-coded population's r copied into a spiking population's g_target
# every step (dt = 1).

current_injection_net <- function() {
  ann_fresh()
  SimpleSpike <- Neuron(equations = "mp=g_exc", spike = "mp >= 1.0", reset = "")
  inp <- Population(1, Neuron(equations = "r=sin(t)"))
  out <- Population(1, SimpleSpike)
  m <- Monitor(out, "mp")
  proj <- CurrentInjection(inp, out, "exc")
  proj$connect_current()
  compile()
  m
}

test_that("test_CurrentInjection: test_compile", {
  m <- current_injection_net()
  succeed()
})

test_that("test_CurrentInjection: test_run_one_loop", {
  m <- current_injection_net()
  simulate(11)
  expect_equal(ann_rec(m, "mp")[, 1], c(0, sin(0:9)))
})
