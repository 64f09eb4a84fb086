# ANNarchy 4.7.3 tests/Neuron/test_GlobalOperations.py: mean(), max(), min(),
# norm1(), norm2() of a population variable in neuron equations (dt = 1).

global_ops_pop <- function(geometry) {
  ann_fresh()
  neuron <- Neuron(parameters = "r=0", equations = "
    mean_r = mean(r)
    max_r = max(r)
    min_r = min(r)
    l1 = norm1(r)
    l2 = norm2(r)
  ")
  pop <- Population(geometry, neuron)
  compile()
  pop
}

# ANNarchy's setUp: r set, then 2 steps.
global_ops_1d <- function() {
  pop <- global_ops_pop(6)
  pop$r <- c(2.0, 1.0, 0.0, -5.0, -3.0, -1.0)
  simulate(2)
  pop
}

test_that("test_GlobalOps_1D: test_get_mean_r", {
  expect_equal(global_ops_1d()$mean_r, rep(-1.0, 6))
})

test_that("test_GlobalOps_1D: test_get_max_r", {
  expect_equal(global_ops_1d()$max_r, rep(2.0, 6))
})

test_that("test_GlobalOps_1D: test_get_min_r", {
  expect_equal(global_ops_1d()$min_r, rep(-5.0, 6))
})

test_that("test_GlobalOps_1D: test_get_l1_norm", {
  expect_equal(global_ops_1d()$l1, rep(12.0, 6))
})

test_that("test_GlobalOps_1D: test_get_l2_norm", {
  pop <- global_ops_1d()
  expect_equal(pop$l2, rep(sqrt(sum(pop$r^2)), 6))
})

global_ops_large <- function(what) {
  pop <- global_ops_pop(500)
  rand_val <- stats::runif(500)
  pop$r <- rand_val
  simulate(2)
  expect_equal(pop[[paste0(what, "_r")]], rep(get(what)(rand_val), 500))
}

test_that("test_GlobalOps_1D_Large: test_mean_r", {
  global_ops_large("mean")
})
test_that("test_GlobalOps_1D_Large: test_min_r", {
  global_ops_large("min")
})
test_that("test_GlobalOps_1D_Large: test_max_r", {
  global_ops_large("max")
})

# ANNarchy sets r = [[2, 1, 0], [-5, -3, -1]] on the (2, 3) grid: in rank
# (row-major) order that is 2, 1, 0, -5, -3, -1.
global_ops_2d <- function() {
  pop <- global_ops_pop(c(2, 3))
  pop$r <- c(2.0, 1.0, 0.0, -5.0, -3.0, -1.0)
  simulate(2)
  pop
}

test_that("test_GlobalOps_2D: test_get_mean_r", {
  expect_equal(global_ops_2d()$mean_r, rep(-1.0, 6))
})

test_that("test_GlobalOps_2D: test_get_max_r", {
  expect_equal(global_ops_2d()$max_r, rep(2.0, 6))
})

test_that("test_GlobalOps_2D: test_get_min_r", {
  expect_equal(global_ops_2d()$min_r, rep(-5.0, 6))
})

test_that("test_GlobalOps_2D: test_get_l1_norm", {
  expect_equal(global_ops_2d()$l1, rep(12.0, 6))
})
