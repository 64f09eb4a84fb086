# ANNarchy 4.7.3 tests/Synapse/test_Projection.py: a projection built from a
# sparse matrix, read back per dendrite. ANNarchy's sparse matrix is pre x
# post; annr's is post x pre (its documented convention). Post-synaptic ranks
# 1 and 3 of ANNarchy are 2 and 4 here.


projection_net <- function() {
  ann_fresh()
  simple <- Neuron(parameters = "r=0")
  Oja <- Synapse(parameters = "tau = 5000.0\nalpha = 8.0 : postsynaptic", equations = "dw/dt = -w")
  pop1 <- Population(8, simple)
  pop2 <- Population(4, simple)
  weight_matrix <- Matrix::sparseMatrix(i = c(rep(2, 8), rep(4, 4)), j = c(1:8, 3:6),
                                        x = c(rep(0.2, 8), rep(0.5, 4)), dims = c(4, 8))
  proj <- Projection(pop1, pop2, "exc", synapse = Oja)
  proj$connect_from_sparse(weight_matrix)
  compile()
  proj
}

test_that("test_Projection: test_get_w", {
  proj <- projection_net()
  w <- as.matrix(proj$w)
  expect_equal(w[2, ], rep(0.2, 8))
  expect_equal(w[4, 3:6], rep(0.5, 4))
})

test_that("test_Projection: test_get_dendrite_w", {
  proj <- projection_net()
  expect_equal(proj$dendrite(2)$w, rep(0.2, 8))
  expect_equal(proj$dendrite(4)$w, rep(0.5, 4))
})

test_that("test_Projection: test_get_tau", {
  proj <- projection_net()
  expect_equal(unique(unlist(proj$tau)), 5000.0)
})

test_that("test_Projection: test_get_tau_2", {
  proj <- projection_net()
  expect_equal(proj$dendrite(2)$tau, rep(5000, 8))
  expect_equal(proj$dendrite(4)$tau, rep(5000, 4))
})

test_that("test_Projection: test_get_alpha", {
  proj <- projection_net()
  expect_equal(unique(unlist(proj$alpha)), 8.0)
})

test_that("test_Projection: test_get_alpha_2", {
  proj <- projection_net()
  expect_equal(unique(proj$get("alpha")), 8.0)
})

test_that("test_Projection: test_get_size", {
  proj <- projection_net()
  expect_equal(proj$size, 2)
})

test_that("test_Projection: test_get_post_ranks", {
  proj <- projection_net()
  expect_equal(proj$post_ranks, c(2, 4))
})
