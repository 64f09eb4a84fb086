# ANNarchy 4.7.3 tests/Neuron/test_IndividualNeuron.py: single neurons of an
# (8, 8) population addressed by coordinates. ANNarchy's coordinates (2, 2)
# are annr's pop[3, 3]; ANNarchy's sum of individual neurons is read and
# written neuron by neuron here.

individual_pop <- function() {
  ann_fresh()
  pop1 <- Population(c(8, 8), Neuron(parameters = "tau = 10", equations = "r += 1/tau * t"))
  compile()
  pop1
}

test_that("test_IndividualNeuron: test_get_r", {
  pop1 <- individual_pop()
  expect_equal(c(pop1[3, 3]$r, pop1[4, 4]$r, pop1[5, 5]$r), c(0.0, 0.0, 0.0))
})

test_that("test_IndividualNeuron: test_set_r", {
  pop1 <- individual_pop()
  pop1[3, 3]$r <- 1.0
  pop1[4, 4]$r <- 1.0
  pop1[5, 5]$r <- 1.0
  expect_equal(c(pop1[3, 3]$r, pop1[4, 4]$r, pop1[5, 5]$r), c(1.0, 1.0, 1.0))
  expect_equal(sum(pop1$r), 3)
  expect_equal(pop1$r[c(19, 28, 37)], c(1, 1, 1))
})

test_that("test_IndividualNeuron: test_rank_assignment", {
  pop1 <- individual_pop()
  view <- pop1[3, 5]
  expect_equal(view$ranks, 21)   # ANNarchy: rank 20 (0-based)
})
