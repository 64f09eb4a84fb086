# ANNarchy 4.7.3 tests/Neuron/test_NeuronUpdate.py: per-neuron, population-wide,
# mixed and bounded updates (dt = 1, seed 1).

update_net <- function() {
  ann_fresh(seed = 1)
  local_eq <- Neuron(equations = "noise = Uniform(0,1)\nr = t")
  global_eq <- Neuron(equations = "
    noise = Uniform(0,1) : population
    glob_r = t : population
    r = t
  ")
  mixed_eq <- Neuron(parameters = "glob_par = 1.0: population", equations = "r = t + glob_par")
  bound_eq <- Neuron(parameters = "min_r=1.0: population\nmax_r=3.0: population",
                     equations = "r = t : min=min_r, max=max_r")
  pops <- list(loc = Population(3, local_eq), glob = Population(3, global_eq),
               mix = Population(3, mixed_eq), bound = Population(3, bound_eq))
  pops$m <- Monitor(pops$bound, "r")
  compile()
  pops
}

test_that("test_NeuronUpdate: test_single_update_local", {
  n <- update_net()
  simulate(5)
  expect_equal(n$loc$r, c(4, 4, 4))
})

test_that("test_NeuronUpdate: test_single_update_global", {
  n <- update_net()
  simulate(5)
  expect_equal(n$glob$glob_r, 4)
})

test_that("test_NeuronUpdate: test_single_update_mixed", {
  n <- update_net()
  simulate(5)
  expect_equal(n$mix$r, c(5, 5, 5))
})

test_that("test_NeuronUpdate: test_bound_update", {
  n <- update_net()
  simulate(5)
  expect_equal(ann_rec(n$m, "r")[, 1], c(1, 1, 2, 3, 3))
})
