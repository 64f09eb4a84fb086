# ANNarchy 4.7.3 tests/Common/test_ITE.py: if-then-else statements and ite()
# in neuron equations (dt = 1).

test_that("test_ITE: test_works", {
  ann_fresh()
  SimpleITE <- Neuron(equations = "r = if (t is 1): 1.0 else: 0.0")
  NestedITE <- Neuron(parameters = "state = 1.0", equations = "
    r = if (t <= 5):
            0
        else:
            if (t >= 7):
                2
            else:
                1
  ")
  ITEinODE <- Neuron(equations = "dr/dt = if t > 5: 1 else: 0")
  SimpleITE2 <- Neuron(equations = "r = ite(t is 1, 1.0, 0.0)")
  NestedITE2 <- Neuron(parameters = "state = 2.0",
                       equations = "r = ite(state >= 2, 2, ite(state == 1, 1, 0))")
  ITEinODE2 <- Neuron(equations = "dr/dt = ite((t > 5) and (t <20), 1, 0)")
  pops <- lapply(list(SimpleITE, NestedITE, ITEinODE, SimpleITE2, NestedITE2, ITEinODE2),
                 function(n) Population(1, n))
  compile()
  simulate(10)
  expect_equal(pops[[1]]$r[1], 0.0)
  expect_equal(pops[[2]]$r[1], 2.0)
  expect_equal(pops[[3]]$r[1], 4.0)
  expect_equal(pops[[4]]$r[1], 0.0)
  expect_equal(pops[[5]]$r[1], 2.0)
  expect_equal(pops[[6]]$r[1], 4.0)
})
