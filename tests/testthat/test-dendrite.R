# ANNarchy 4.7.3's tests/Synapse/test_Dendrite.py (test_DendriteDefaultSynapse
# and test_DendriteModifiedSynapse) with its expected values; ranks 1-based
# (ANNarchy's dendrite(k) is dendrite(k + 1) here, its dendrite[i] is d[i + 1]).

dendrite_network <- function(synapse = NULL) {
  clear()
  neuron <- Neuron(parameters = "tau = 10", equations = "r += 1/tau * t")
  # ANNarchy's post model does not read sum(exc); annr requires that it
  # does (another part of issue 11), so it reads it with weight 0 here.
  neuron2 <- Neuron(parameters = "tau = 10: population",
                    equations = "r += 1/tau * t + 0 * sum(exc): init = 1.0")
  pop1 <- Population(5, neuron)
  pop2 <- Population(8, neuron2)
  proj <- Projection(pop1, pop2, "exc", synapse = synapse)
  proj$connect_all_to_all(weights = 1.0)
  compile()
  proj
}

test_that("ANNarchy test_DendriteDefaultSynapse", {
  proj <- dendrite_network()
  expect_error(proj$dendrite(15), "`post` must be the rank")           # test_none
  expect_equal(proj$dendrite(6)$pre_ranks, 1:5)                        # test_pre_ranks
  expect_equal(proj$dendrite(4)$size, 5)                               # test_dendrite_size
  expect_equal(proj$dendrite(8)$w, rep(1, 5))                          # test_get_dendrite_weights
  dendrite(proj, 7)$w <- 2                                             # test_set_weights
  expect_equal(proj$dendrite(7)$w, rep(2, 5))
  dendrite(proj, 7)[3]$w <- 3                                          # test_set_weights_2
  expect_equal(proj$dendrite(7)$w, c(2, 2, 3, 2, 2))
})

test_that("ANNarchy test_DendriteModifiedSynapse", {
  Oja <- Synapse(parameters = "tau = 5000.0 : postsynaptic\nalpha = 8.0",
                 equations = "tau * dw/dt = pre.r * post.r - alpha * post.r^2 * w")
  proj <- dendrite_network(Oja)
  expect_error(proj$dendrite(15), "`post` must be the rank")
  expect_equal(proj$dendrite(6)$pre_ranks, 1:5)
  expect_equal(proj$dendrite(4)$size, 5)
  expect_equal(proj$dendrite(2)$tau, 5000)                              # test_get_dendrite_tau
  expect_equal(proj$dendrite(1)$alpha, rep(8, 5))                       # test_get_dendrite_alpha
  expect_equal(proj$dendrite(8)$w, rep(1, 5))
  proj$tau <- 6000                                                      # test_set_tau
  expect_equal(proj$dendrite(1)$tau, 6000)
  old <- proj$tau                                                       # test_set_tau_2
  old[2] <- 7000
  dendrite(proj, 2)$tau <- 7000
  expect_equal(proj$dendrite(2)$tau, 7000)
  expect_equal(proj$tau, old)
  dendrite(proj, 5)$alpha <- 9                                          # test_set_alpha
  expect_equal(proj$dendrite(5)$alpha, rep(9, 5))
  dendrite(proj, 5)[2]$alpha <- 10                                      # test_set_alpha_2
  expect_equal(proj$dendrite(5)$alpha, c(9, 10, 9, 9, 9))
  dendrite(proj, 7)$w <- 2
  expect_equal(proj$dendrite(7)$w, rep(2, 5))
  dendrite(proj, 7)[3]$w <- 3
  expect_equal(proj$dendrite(7)$w, c(2, 2, 3, 2, 2))
  reset()
  new <- proj$tau                                                       # test_set_with_dict
  new[2] <- 7000
  proj$dendrite(2)$set(list(tau = 7000))
  expect_equal(proj$tau, new)
  expect_equal(proj$dendrite(2)$get("tau"), 7000)                       # test_get_by_name
})
