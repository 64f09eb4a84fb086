# Rate-coded inputs: TimedArray$update() and simulate_until() over several
# populations, with the values ANNarchy 4.7.3 printed.

eye10 <- diag(10)
overwrite <- rbind(
  c(1, 0, 0, 0, 0, 0, 0, 0, 0, 2), c(0, 1, 0, 0, 0, 0, 0, 0, 2, 0),
  c(0, 0, 1, 0, 0, 0, 0, 2, 0, 0), c(0, 0, 0, 1, 0, 0, 2, 0, 0, 0),
  c(0, 0, 0, 0, 1, 2, 0, 0, 0, 0), c(0, 0, 0, 0, 2, 1, 0, 0, 0, 0),
  c(0, 0, 0, 2, 0, 0, 1, 0, 0, 0), c(0, 0, 2, 0, 0, 0, 0, 1, 0, 0),
  c(0, 2, 0, 0, 0, 0, 0, 0, 1, 0), c(2, 0, 0, 0, 0, 0, 0, 0, 0, 1))

test_that("TimedArray$update() goes on from the array's position (ANNarchy 4.7.3)", {
  # ANNarchy's test_TimedArrayUpdate, dt = 1: inp = TimedArray(eye(10)),
  # inp2 = TimedArray(eye(10), schedule = 2), inp3 the same as inp2; both
  # one_to_one (w = 1) onto r = sum(exc_1) + sum(exc_2). simulate(5);
  # inp.update(O); inp2.update(O, schedule = 2); inp3.update(O, schedule = 3);
  # simulate(6).
  clear()
  setup(dt = 1)
  inp <- TimedArray(eye10)
  inp2 <- TimedArray(eye10, schedule = 2)
  inp3 <- TimedArray(eye10, schedule = 2)
  pop <- Population(10, Neuron(equations = "r = sum(exc_1) + sum(exc_2)"))
  Projection(inp, pop, "exc_1")$connect_one_to_one(1)
  Projection(inp2, pop, "exc_2")$connect_one_to_one(1)
  m <- Monitor(inp, "r")
  m2 <- Monitor(inp2, "r")
  m3 <- Monitor(inp3, "r")
  mp <- Monitor(pop, c("sum(exc_1)", "sum(exc_2)"))
  compile()
  simulate(5)
  inp$update(overwrite)
  inp2$update(overwrite, schedule = 2)
  inp3$update(overwrite, schedule = 3)
  # r right after update: inp [0,0,0,0,2,1,0,0,0,0], inp2 and inp3
  # [0,0,0,1,0,0,2,0,0,0] (the row under the cursor, set at once)
  expect_equal(inp$r, overwrite[6, ])
  expect_equal(inp2$r, overwrite[4, ])
  expect_equal(inp3$r, overwrite[4, ])
  simulate(6)
  # ANNarchy: sum('exc_1') [2,0,...,0,1]; sum('exc_2') [0,0,0,0,1,2,0,0,0,0]
  expect_equal(mp$get("sum(exc_1)")[11, ], setNames(c(2, 0, 0, 0, 0, 0, 0, 0, 0, 1), 1:10))
  expect_equal(unname(mp$get("sum(exc_2)")[11, ]), c(0, 0, 0, 0, 1, 2, 0, 0, 0, 0))
  # Recorded r, rows of O (1-based) at steps 5..10: inp 6, 7, 8, 9, 10, 10;
  # inp2 4, 4, 4, 5, 5, 6; inp3 (schedule now 0, 3, 6, 9, ...: the row 4
  # under the cursor is due at 9) 4 at every step.
  row_of <- function(r) apply(r, 1, function(x) {
    w <- which(apply(overwrite, 1, function(o) all(o == x)))
    if (length(w)) w[1] else NA
  })
  expect_equal(unname(row_of(m$get("r")[6:11, ])), c(6, 7, 8, 9, 10, 10))
  expect_equal(unname(row_of(m2$get("r")[6:11, ])), c(4, 4, 4, 5, 5, 6))
  expect_equal(unname(row_of(m3$get("r")[6:11, ])), rep(4, 6))
})

test_that("TimedArray$update() after the end of the table, and checks", {
  # ANNarchy, dt = 1: TimedArray(eye(10)) simulated 11 ms, then update(O):
  # r becomes O's first row at once (the cursor is back on row 1) and stays.
  clear()
  setup(dt = 1)
  inp <- TimedArray(eye10)
  m <- Monitor(inp, "r")
  inp$update(overwrite)  # before compile: just a new table
  expect_error(InputArray(2)$update, "no attribute .update.")
  compile()
  simulate(11)
  expect_equal(unname(m$get("r")[11, ]), overwrite[10, ])
  inp$update(eye10)
  expect_equal(inp$r, eye10[1, ])
  simulate(5)
  expect_equal(unname(m$get("r")), matrix(eye10[1, ], 5, 10, byrow = TRUE), ignore_attr = TRUE)
  expect_error(inp$update(diag(3)), "one column per neuron")
  expect_error(inp$update(eye10, schedule = c(1, 2)), "2 start times for 10 rows")
  expect_equal(inp$r, eye10[1, ])  # a refused update changes nothing
  reset()
  simulate(3)
  expect_equal(inp$r, eye10[3, ])  # reset(): the table from its start
})

test_that("simulate_until() combines populations with and by default (ANNarchy 4.7.3)", {
  # ANNarchy, dt = 1: r = t, stop conditions r > 5 and r > 10:
  # simulate_until(100, [pa, pb]) -> 12 (and), operator = 'or' -> 7, pb alone 12.
  clear()
  setup(dt = 1)
  Clock <- Neuron(equations = "r = t")
  pa <- Population(1, Clock, stop_condition = "r > 5")
  pb <- Population(1, Clock, stop_condition = "r > 10")
  compile()
  expect_equal(simulate_until(100, list(pa, pb)), 12)
  expect_equal(get_time(), 12)
  reset()
  expect_equal(simulate_until(100, list(pa, pb), operator = "and"), 12)
  reset()
  expect_equal(simulate_until(100, list(pa, pb), operator = "or"), 7)
  reset()
  expect_equal(simulate_until(100, pb), 12)
  expect_error(simulate_until(100, pa, operator = "xor"), "should be one of")
})
