# ANNarchy 4.7.3 tests/Common/test_BuiltinFunctions.py: built-in functions
# modulo(), power(), clip() in neuron equations (dt = 1).

builtin_net <- function() {
  ann_fresh()
  BuiltinFuncs <- Neuron(
    parameters = "base = 2.0",
    equations = "
      r = modulo(t,3)
      pr = power(base,3)
      clip_below = clip(-2, -1, 1)
      clip_within = clip(0, -1, 1)
      clip_above = clip(2, -1, 1)
    ")
  pop1 <- Population(1, BuiltinFuncs)
  mon <- Monitor(pop1, c("r", "pr", "clip_below", "clip_within", "clip_above"))
  compile()
  mon
}

test_that("test_BuiltinFunctions: test_modulo", {
  mon <- builtin_net()
  simulate(10)
  expect_equal(ann_rec(mon, "r"), matrix(c(0, 1, 2, 0, 1, 2, 0, 1, 2, 0), ncol = 1))
})

test_that("test_BuiltinFunctions: test_integer_power", {
  mon <- builtin_net()
  simulate(1)
  expect_equal(ann_rec(mon, "pr"), matrix(8))
})

test_that("test_BuiltinFunctions: test_clip_below", {
  mon <- builtin_net()
  simulate(1)
  expect_equal(ann_rec(mon, "clip_below"), matrix(-1))
})

test_that("test_BuiltinFunctions: test_clip_within", {
  mon <- builtin_net()
  simulate(1)
  expect_equal(ann_rec(mon, "clip_within"), matrix(0))
})

test_that("test_BuiltinFunctions: test_clip_above", {
  mon <- builtin_net()
  simulate(1)
  expect_equal(ann_rec(mon, "clip_above"), matrix(1))
})
