# ANNarchy 4.7.3 tests/Synapse/test_ContinuousUpdate.py: synapse equations
# updated every step, rate-coded and spiking (dt = 1).

test_that("test_RateCodedContinuousUpdate: test_invoke_compile", {
  ann_fresh()
  simple_neuron <- Neuron(parameters = "r=1.0")
  eq_set <- Synapse(equations = "
    glob_var = 0.1 : projection
    semi_glob_var = 0.2 : postsynaptic
    w = t + glob_var + semi_glob_var
  ")
  pop0 <- Population(3, simple_neuron)
  pop1 <- Population(1, simple_neuron)
  proj <- Projection(pop0, pop1, "exc", eq_set)
  proj$connect_all_to_all(weights = 0.0)
  compile()
  simulate(1)
  expect_equal(get_time(), 1)
})

test_that("test_SpikingContinuousUpdate: test_invoke_compile", {
  ann_fresh()
  simple_pre_neuron <- Neuron(equations = "mp=t", spike = "(modulo(t,3))")
  simple_post_neuron <- Neuron(equations = "mp=t", spike = "(modulo(t,5))")
  eq_set <- Synapse(
    pre_spike = "pre_trace=pre.mp : init=0.0",
    post_spike = "post_trace=post.mp : init=0.0",
    equations = "
      post_trace = post_trace -1 : min=0.0
      pre_trace = pre_trace -1 : min=0.0

      w = post_trace + pre_trace
    ")
  pop0 <- Population(1, simple_pre_neuron)
  pop1 <- Population(1, simple_post_neuron)
  proj <- Projection(pop0, pop1, "exc", eq_set)
  proj$connect_all_to_all(weights = 0.0)
  compile()
  simulate(1)
  expect_equal(get_time(), 1)
})
