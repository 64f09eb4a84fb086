# ANNarchy 4.7.3 tests/Synapse/test_RateSynapse.py: rate-coded synapse models
# with locality flags, pre.sum()/post.sum() and a modified psp compile.

test_that("test_Locality: test_compile", {
  ann_fresh()
  neuron <- Neuron(parameters = "r = 0")
  syn <- Synapse(parameters = "a = 0.1\nb = 0.1 : postsynaptic\nc = 0.1 : projection")
  pre <- Population(3, neuron)
  post <- Population(1, neuron)
  Projection(pre, post, "exc", synapse = syn)$connect_all_to_all(weights = 1.0)
  expect_no_error(compile())
})

test_that("test_AccessPSP: test_compile", {
  ann_fresh()
  neuron <- Neuron(equations = "r = sum(exc)")
  syn <- Synapse(equations = "w = pre.sum(exc) + post.sum(exc)")
  pre <- Population(1, neuron)
  post <- Population(1, neuron)
  Projection(pre, post, "exc", synapse = syn)$connect_all_to_all(weights = 1.0)
  Projection(post, pre, "exc", synapse = syn)$connect_all_to_all(weights = 1.0)
  expect_no_error(compile())
})

test_that("test_ModifiedPSP: test_compile", {
  ann_fresh()
  neuron <- Neuron(equations = "r = sum(exc)")
  ReversedSynapse <- Synapse(parameters = "reversal = 1.0", psp = "w*pos(reversal-pre.r)")
  pre <- Population(1, neuron)
  post <- Population(1, neuron)
  Projection(pre, post, "exc", synapse = ReversedSynapse)$connect_all_to_all(weights = 1.0)
  expect_no_error(compile())
})
