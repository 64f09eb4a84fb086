# The step-order rules of the reference semantics, seen from R.

watch_neuron <- function() {
  Neuron(equations = "seen = g_exc\ndv/dt = 1 : init = 0", spike = "v > 2.5",
         reset = "v = 0", refractory = 3, name = "watch")
}

test_that("a spike emitted at step n arrives at n + 1 + delay steps, as a one-step pulse", {
  clear()
  setup(dt = 1, seed = 1)
  src <- SpikeSourceArray(list(c(10)))
  post <- Population(2, Neuron(equations = "seen = g_exc", spike = "seen > 100", name = "probe"))
  Projection(src, post[1], "exc")$connect_all_to_all(weights = 2)           # default delay
  Projection(src, post[2], "exc")$connect_all_to_all(weights = 3, delays = 4)
  m <- Monitor(post, c("seen", "g_exc"))
  compile()
  simulate(20)
  d <- m$get()
  t <- attr(d$seen, "times")
  expect_equal(t[d$seen[, 1] != 0], 11)
  expect_equal(t[d$seen[, 2] != 0], 14)
  # g_exc is recorded before the neuron update (ANNarchy's order), so the
  # one-step pulse shows at the arrival step only
  expect_equal(t[d$g_exc[, 1] != 0], 11)
  expect_equal(t[d$g_exc[, 2] != 0], 14)
})

test_that("refractory neurons are frozen for int(refractory / dt) steps, then reset applies", {
  clear()
  setup(dt = 1, seed = 1)
  pop <- Population(1, watch_neuron())
  m <- Monitor(pop, c("v", "spike"))
  compile()
  simulate(14)
  d <- m$get()
  # v: 1 2 3(spike, reset to 0) 0 0 0 (refractory 3 steps) 1 2 3(spike) ...
  expect_equal(as.numeric(d$v[1:10, 1]), c(1, 2, 0, 0, 0, 0, 1, 2, 0, 0))
  expect_equal(d$spike$time, c(2, 8))
})

test_that("reset() restores the state after compile", {
  clear()
  setup(dt = 1, seed = 1)
  pop <- Population(1, watch_neuron())
  m <- Monitor(pop, "v")
  compile()
  simulate(5)
  first <- m$get("v")
  reset()
  expect_equal(get_time(), 0)
  simulate(5)
  expect_equal(m$get("v"), first)
})
