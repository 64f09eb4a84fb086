# ANNarchy 4.7.3 tests/Interface/test_TimedArray.py: TimedArray with schedules
# and periods, and TimedArray$update() (dt = 1). Rows of `rates` are the
# successive inputs; neuron ranks are 1-based.

ta_inputs <- diag(10)

timed_net <- function() {
  ann_fresh()
  SimpleNeuron <- Neuron(equations = "
    r = sum(exc)
    r2 = sum(exc2)
    r3 = sum(exc3)
    r4 = sum(exc4)
  ")
  inp <- TimedArray(rates = ta_inputs)
  inp2 <- TimedArray(rates = ta_inputs, schedule = 10.0)
  inp3 <- TimedArray(rates = ta_inputs, period = 10.0)
  inp4 <- TimedArray(rates = ta_inputs, schedule = 2.0, period = 20.0)
  pop <- Population(10, SimpleNeuron)
  Projection(inp, pop, "exc")$connect_one_to_one(weights = 1.0)
  Projection(inp2, pop, "exc2")$connect_one_to_one(weights = 1.0)
  Projection(inp3, pop, "exc3")$connect_one_to_one(weights = 1.0)
  Projection(inp4, pop, "exc4")$connect_one_to_one(weights = 1.0)
  compile()
  pop
}

unit <- function(k, n = 10) replace(numeric(n), k, 1)

test_that("test_TimedArray: test_compile", {
  expect_s3_class(timed_net(), "annr_population")
})

test_that("test_TimedArray: test_run_one_loop", {
  out <- timed_net()
  simulate(11)
  expect_equal(out$r, unit(10))
})

test_that("test_TimedArray: test_more_steps", {
  out <- timed_net()
  simulate(12)
  expect_equal(out$r, unit(10))
})

test_that("test_TimedArray: test_run_one_schedule", {
  out <- timed_net()
  simulate(11)
  simulate(10)
  expect_equal(out$r2, unit(2))
})

test_that("test_TimedArray: test_run_one_period", {
  out <- timed_net()
  simulate(12)
  expect_equal(out$r3, unit(1))
})

test_that("test_TimedArray: test_run_one_period_one_schedule", {
  out <- timed_net()
  simulate(25)
  expect_equal(out$r4, unit(2))
})

ta_overwrite <- diag(10) + 2 * diag(10)[, 10:1]
ta_overwrite[cbind(5:6, 6:5)] <- 2
ta_overwrite[cbind(5:6, 5:6)] <- c(1, 1)

timed_update_net <- function() {
  ann_fresh()
  SimpleNeuron <- Neuron(equations = "r = sum(exc_1) + sum(exc_2)")
  inp <- TimedArray(rates = ta_inputs)
  inp2 <- TimedArray(rates = ta_inputs, schedule = 2.0)
  pop <- Population(10, SimpleNeuron)
  Projection(inp, pop, "exc_1")$connect_one_to_one(weights = 1.0)
  Projection(inp2, pop, "exc_2")$connect_one_to_one(weights = 1.0)
  m <- Monitor(pop, c("sum(exc_1)", "sum(exc_2)"))   # ANNarchy reads pop.sum(target)
  compile()
  list(input = inp, input2 = inp2, output = pop, m = m)
}

test_that("test_TimedArrayUpdate: test_compile", {
  n <- timed_update_net()
  expect_s3_class(n$output, "annr_population")
})

test_that("test_TimedArrayUpdate: test_run_one_loop", {
  n <- timed_update_net()
  simulate(5)
  n$input$update(ta_overwrite)
  simulate(6)
  expect_equal(ann_last(n$m, "sum(exc_1)"), c(2, 0, 0, 0, 0, 0, 0, 0, 0, 1))
})

test_that("test_TimedArrayUpdate: test_run_one_loop_and_period", {
  n <- timed_update_net()
  simulate(5)
  n$input2$update(ta_overwrite, schedule = 2.0)
  simulate(6)
  expect_equal(ann_last(n$m, "sum(exc_2)"), c(0, 0, 0, 0, 1, 2, 0, 0, 0, 0))
})
