# ANNarchy 4.7.3 tests/Synapse/test_SpikingSynapse.py: pre_spike/post_spike
# statements with bounds, and an STDP rule on t_pre/t_post (dt = 1).
# ANNarchy's dendrite(0) is proj$dendrite(1).

spk_neuron <- function() Neuron(parameters = "v = 1", equations = "mp = g_exc", spike = "v > 0")

test_that("test_PreSpike: test_w", {
  ann_fresh()
  pop <- Population(3, spk_neuron())
  BoundedSynapse <- Synapse(parameters = "g = 1.0", pre_spike = "w -= 1.0 : min=0.0", psp = "g")
  proj <- Projection(pop, pop, "exc", synapse = BoundedSynapse)
  proj$connect_all_to_all(weights = 5.0)
  compile()
  expect_equal(proj$dendrite(1)$w, c(5, 5))
  simulate(5)
  expect_equal(proj$dendrite(1)$w, c(1, 1))
  simulate(5)
  expect_equal(proj$dendrite(1)$w, c(0, 0))
})

test_that("test_PostSpike: test_w", {
  ann_fresh()
  pop <- Population(3, spk_neuron())
  BoundedSynapse <- Synapse(parameters = "constant = 1.0", post_spike = "w += 1.0 * constant : max=10.0")
  pop <- Population(3, spk_neuron())
  proj <- Projection(pop, pop, "exc", synapse = BoundedSynapse)
  proj$connect_all_to_all(weights = 5.0)
  compile()
  expect_equal(proj$dendrite(1)$w, c(5, 5))
  simulate(5)
  expect_equal(proj$dendrite(1)$w, c(10, 10))
  simulate(5)
  expect_equal(proj$dendrite(1)$w, c(10, 10))
})

test_that("test_TimeDependentUpdate: test_invoke_compile", {
  ann_fresh()
  stdp <- Synapse(
    parameters = "
      tau_pre = 10.0 : projection
      tau_post = 10.0 : projection
      cApre = 0.01 : projection
      cApost = 0.0105 : projection
      wmax = 0.01 : projection
    ",
    pre_spike = "
      g_target += w
      w = clip(w - cApost * exp((t_post - t)/tau_post) , 0.0 , wmax)
    ",
    post_spike = "w = clip(w + cApre * exp((t_pre - t)/tau_pre) , 0.0 , wmax)")
  pop <- Population(100, Izhikevich)
  proj <- Projection(pop, pop, "exc", stdp)
  proj$connect_all_to_all(weights = Uniform(-1.0, 1.0))
  expect_no_error(compile())
})
