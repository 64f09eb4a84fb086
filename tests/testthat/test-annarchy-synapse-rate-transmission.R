# ANNarchy 4.7.3 tests/Synapse/test_RateTransmission.py: rate-coded
# projections between (3, 3) populations. ANNarchy's dendrite(3) is
# proj$dendrite(4); its pre_ranks are the column `pre` (1-based).

rate_transmission_net <- function(connect) {
  ann_fresh()
  pop1 <- Population(c(3, 3), Neuron(equations = "r = 1"))
  pop2 <- Population(c(3, 3), Neuron(equations = "r = sum(exc)"))
  proj <- Projection(pop1, pop2, "exc")
  connect(proj)
  compile()
  proj
}

one_to_one <- function(p) p$connect_one_to_one(weights = 0.1)
all_to_all <- function(p) p$connect_all_to_all(weights = 0.1)

test_that("test_RateTransmissionOneToOne: test_ranks", {
  proj <- rate_transmission_net(one_to_one)
  expect_equal(proj$dendrite(4)$pre_ranks, 4)
})

test_that("test_RateTransmissionOneToOne: test_weights", {
  proj <- rate_transmission_net(one_to_one)
  expect_equal(proj$dendrite(4)$w, 0.1)
})

test_that("test_RateTransmissionAllToAll: test_ranks", {
  proj <- rate_transmission_net(all_to_all)
  expect_equal(proj$dendrite(4)$pre_ranks, 1:9)
})

test_that("test_RateTransmissionAllToAll: test_weights", {
  proj <- rate_transmission_net(all_to_all)
  expect_equal(proj$dendrite(4)$w, rep(0.1, 9))
})

test_that("test_RateTransmissionFixedNumberPre: test_weights", {
  proj <- rate_transmission_net(function(p) p$connect_fixed_number_pre(3, weights = 0.1))
  sizes <- vapply(1:9, function(k) length(proj$dendrite(k)$w), numeric(1))   # ANNarchy: dend.size
  expect_equal(sizes, rep(3, 9))
})
