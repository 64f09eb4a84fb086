# ANNarchy 4.7.3 tests/Common/test_RandomVariables.py: random variables in
# neuron (per neuron and population-wide) and synapse equations.

test_that("test_NeuronRandomVariables: test_LocalNeuronRandomVariable", {
  ann_fresh()
  pop <- Population(3, Neuron(equations = "r = Uniform(0,1)"))
  compile()
  set_seed(1)
  simulate(1)
  r <- pop$r
  expect_true(all(abs(r - 0.5) <= 0.5))
  expect_false(isTRUE(all.equal(r, rep(0, 3))))
  expect_false(max(r) == min(r))
})

test_that("test_NeuronRandomVariables: test_GlobalNeuronRandomVariable", {
  ann_fresh()
  pop <- Population(3, Neuron(parameters = "", equations = "r = Uniform(0,1) : population"))
  compile()
  set_seed(1)
  simulate(1)
  r <- pop$r
  expect_true(all(abs(r - 0.5) <= 0.5))
  expect_false(isTRUE(all.equal(r[1], 0)))
})

test_that("test_SynapseRandomVariables: test_LocalSynapseRandomVariable", {
  ann_fresh()
  v <- Population(5, LeakyIntegrator())
  proj <- Projection(v, v, "exc", synapse = Synapse(equations = "w = Normal(1.0, 0.001)"))
  proj$connect_fixed_number_pre(number = 1, weights = 0.0)
  compile()
  set_seed(1)
  simulate(1)
  w <- proj$get("w")
  expect_true(all(abs(w - 1) <= 0.01))
  expect_false(max(w) == min(w))
})
