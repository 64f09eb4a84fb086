# ANNarchy 4.7.3 tests/Common/test_CustomFunc.py: user functions defined
# globally (add_function), in a neuron and in a synapse, called from the
# host language. (In ANNarchy 4.7.3 this class is only run through its
# storage-format subclasses; it is run once here with annr's own storage.)

custom_func_net <- function() {
  ann_fresh()
  add_function("glob_pos(x) = pos(x)")
  neuron <- Neuron(
    equations = "r = transfer_function(sum(exc), 0.0)",
    functions = "transfer_function(x, t) = if x > t: if x > 2*t : (x - 2*t)^2 else: x - t else: 0.")
  neuron2 <- Neuron(equations = "r = glob_pos(sum(exc))")
  synapse <- Synapse(equations = "w += hebb(pre.r, post.r)",
                     functions = "hebb(x, y) = x * y")
  pop <- Population(10, neuron)
  pop2 <- Population(10, neuron2)
  proj <- Projection(pop, pop, "exc", synapse)
  proj$connect_all_to_all(weights = 1.0)
  compile()
  list(pop = pop, proj = proj)
}

test_that("test_CustomFunc: test_neuron", {
  n <- custom_func_net()
  expect_equal(n$pop$transfer_function(c(0, 1, 2, 3), c(2, 2, 2, 2)), c(0, 0, 0, 1))
})

test_that("test_CustomFunc: test_neuron2", {
  n <- custom_func_net()
  expect_equal(n$pop$transfer_function(as.list(c(0, 1, 2, 3)), as.list(c(2, 2, 2, 2))), c(0, 0, 0, 1))
})

test_that("test_CustomFunc: test_synapse", {
  n <- custom_func_net()
  expect_equal(n$proj$hebb(c(0, 1, 2, 3), c(0, 1, 2, 3)), c(0, 1, 4, 9))
})

test_that("test_CustomFunc: test_synapse2", {
  n <- custom_func_net()
  expect_equal(n$proj$hebb(as.list(c(0, 1, 2, 3)), as.list(c(0, 1, 2, 3))), c(0, 1, 4, 9))
})
