# ANNarchy 4.7.3 tests/Neuron/test_SpikingNeuron.py: spike conditions, reset
# and refractoriness of discrete-time neurons (dt = 1).

spiking_cond_net <- function() {
  ann_fresh()
  neuron1 <- Neuron(equations = "v = v + 1.0", spike = "v == 3.0", reset = "v = 1.0")
  neuron2 <- Neuron(parameters = "Vt = 3.0", equations = "v = v + 1.0", spike = "v == Vt",
                    reset = "v = 1.0 ", refractory = 3.0)
  neuron3 <- Neuron(parameters = "Vt = 3.0 : population", equations = "v = v + 1.0",
                    spike = "v == Vt", reset = "v = 1.0 ")
  pops <- list(Population(3, neuron1), Population(3, neuron2), Population(3, neuron3))
  compile()
  pops
}

v_sequence <- function(pop, n) {
  out <- pop[1]$v
  for (i in seq_len(n)) {
    simulate(1)
    out <- c(out, pop[1]$v)
  }
  out
}

test_that("test_SpikingCondition: test_v", {
  pops <- spiking_cond_net()
  expect_equal(v_sequence(pops[[1]], 5), c(0, 1, 2, 1, 2, 1))
})

test_that("test_SpikingCondition: test_v_ref", {
  pops <- spiking_cond_net()
  expect_equal(v_sequence(pops[[2]], 7), c(0, 1, 2, 1, 1, 1, 1, 2))
})

test_that("test_SpikingCondition: test_v_conditioned", {
  pops <- spiking_cond_net()
  expect_equal(v_sequence(pops[[3]], 5), c(0, 1, 2, 1, 2, 1))
})
