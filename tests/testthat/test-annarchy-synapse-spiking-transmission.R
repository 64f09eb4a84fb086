# ANNarchy 4.7.3 tests/Synapse/test_SpikingTransmission.py: a spike emitted
# at t = 1 reaches g_exc after no, uniform and per-synapse delays; g_exc is
# recorded after the incoming spikes are added (dt = 1).

transmission_net <- function(delays) {
  ann_fresh()
  simple_emit <- Neuron(spike = "t==1")
  simple_recv <- Neuron(equations = "g_exc = 0", spike = "g_exc>30")
  in_pop <- Population(5, simple_emit)
  out_pop <- Population(2, simple_recv)
  proj <- Projection(in_pop, out_pop, "exc")
  proj$connect_all_to_all(weights = 1.0, delays = delays)
  m <- Monitor(out_pop, "g_exc")
  compile()
  list(proj = proj, m = m)
}

test_that("test_SpikeTransmissionNoDelay: test_non_delay", {
  n <- transmission_net(0)
  simulate(5)
  expect_equal(ann_rec(n$m, "g_exc"),
               matrix(c(0, 0, 0, 0, 5, 5, 0, 0, 0, 0), ncol = 2, byrow = TRUE))
})

test_that("test_SpikeTransmissionUniformDelay: test_uniform_delay", {
  n <- transmission_net(3.0)
  simulate(6)
  expect_equal(ann_rec(n$m, "g_exc"),
               matrix(c(0, 0, 0, 0, 0, 0, 0, 0, 5, 5, 0, 0), ncol = 2, byrow = TRUE))
})

test_that("test_SpikeTransmissionNonUniformDelay: test_nonuniform_delay", {
  n <- transmission_net(DiscreteUniform(2, 10))
  # ANNarchy: _set_delay([[1, 2, 3, 2, 1], [3, 2, 1, 2, 3]]), one row per post neuron
  n$proj$delay <- c(1, 2, 3, 2, 1, 3, 2, 1, 2, 3)
  simulate(5)
  expect_equal(ann_rec(n$m, "g_exc"),
               matrix(c(0, 0, 0, 0, 2, 1, 2, 2, 1, 2), ncol = 2, byrow = TRUE))
})
