# pre.sum(target) / post.sum(target) in synapse equations for a target the
# neuron model does not read (the sum of every projection onto it exists).

# ANNarchy 4.7.3, dt = 1: pa = 2 neurons `parameters = "r = 1.0"`, pb = 1
# neuron `r = 0.5`; pa -> pb "exc" all-to-all w = 0.5 with
# `dx/dt = post.sum(exc) + 10 * pre.sum(inh)`, then pb -> pa "inh"
# all-to-all w = 2 (static). ANNarchy printed x = 11, 22, 33 after steps
# 1-3 (post.sum(exc) = 1, pre.sum(inh) = 1).
test_that("pre.sum()/post.sum() read targets the models do not use, also from later projections", {
  clear()
  annr::setup(dt = 1)
  A <- Neuron(parameters = "r = 1.0")
  B <- Neuron(parameters = "r = 0.5")
  S <- Synapse(equations = "dx/dt = post.sum(exc) + 10 * pre.sum(inh)")
  pa <- Population(2, A)
  pb <- Population(1, B)
  p1 <- Projection(pa, pb, "exc", S)
  p1$connect_all_to_all(weights = 0.5)
  p2 <- Projection(pb, pa, "inh")
  p2$connect_all_to_all(weights = 2.0)
  compile()
  x <- vapply(1:3, function(i) { simulate(1); unlist(p1$x) }, numeric(2))
  expect_equal(unname(x), rbind(c(11, 22, 33), c(11, 22, 33)))
})

test_that("pre.sum() of a target nothing sends to stays an error", {
  clear()
  A <- Neuron(parameters = "r = 1.0")
  S <- Synapse(equations = "dx/dt = pre.sum(inh)")
  pa <- Population(2, A)
  pb <- Population(1, A)
  p1 <- Projection(pa, pb, "exc", S)
  p1$connect_all_to_all(weights = 0.5)
  expect_error(compile(), "does not read sum\\(inh\\)")
})
