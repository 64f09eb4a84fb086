# ANNarchy 4.7.3 tests/Neuron/test_PopulationView.py: views of rows and
# columns of an (8, 8) population (ranks row-major, 1-based here).

view_pop <- function() {
  ann_fresh()
  pop1 <- Population(c(8, 8), Neuron(parameters = "tau = 10", equations = "r += 1/tau * t"))
  compile()
  pop1
}

test_that("test_PopulationView: test_get_r", {
  pop1 <- view_pop()
  expect_equal(pop1[, 3]$r, numeric(8))
})

test_that("test_PopulationView: test_set_r", {
  pop1 <- view_pop()
  pop1[, 3]$r <- 1.0
  expect_equal(pop1[, 3]$r, rep(1, 8))
  expect_equal(which(pop1$r == 1), c(3, 11, 19, 27, 35, 43, 51, 59))
})

test_that("test_PopulationView: test_rank_assignment_column", {
  pop1 <- view_pop()
  expect_equal(pop1[, 5]$ranks, c(4, 12, 20, 28, 36, 44, 52, 60) + 1)
})

test_that("test_PopulationView: test_rank_assignment_row", {
  pop1 <- view_pop()
  expect_equal(pop1[3, ]$ranks, 17:24)
})

test_that("test_PopulationView: test_index_type", {
  pop1 <- view_pop()
  expect_true(is.integer(pop1[3, ]$ranks))
})
