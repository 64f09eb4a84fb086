# Neuron-model rules of ANNarchy 4.7.3, each checked against the values
# ANNarchy 4.7.3 itself printed for the same model (dt = 1).

test_that("an ODE-less conductance keeps what arrives while refractory; an ODE one is integrated", {
  # Model: a SpikeSourceArray spiking at t = 1, 3, 8 sends weight 0.1 to three
  # neurons that spike at t = 0 (v = 0 > T) and are refractory for 5 ms:
  # a: dv/dt = -v + g_exc (g_exc without ODE); b: the same plus
  # dg_exc/dt = -g_exc/10; c: like a, with `unless_refractory`.
  # ANNarchy 4.7.3 printed g_exc after each of 12 steps of simulate(1).
  clear()
  annr::setup(dt = 1)
  LIF <- Neuron(parameters = "T = -45", equations = "dv/dt = -v + g_exc : init = 0",
                spike = "v > T", reset = "v = -60", refractory = 5)
  LIF2 <- Neuron(parameters = "T = -45",
                 equations = "dv/dt = -v + g_exc : init = 0\n dg_exc/dt = -g_exc/10",
                 spike = "v > T", reset = "v = -60", refractory = 5)
  LIF3 <- Neuron(parameters = "T = -45", equations = "dv/dt = -v + g_exc : init = 0, unless_refractory",
                 spike = "v > T", reset = "v = -60", refractory = 5)
  src <- SpikeSourceArray(spike_times = list(c(1, 3, 8)))
  a <- Population(1, LIF)
  b <- Population(1, LIF2)
  c3 <- Population(1, LIF3)
  for (p in list(a, b, c3)) Projection(src, p, "exc")$connect_all_to_all(weights = 0.1)
  compile()
  ga <- gb <- gc <- v <- numeric(12)
  for (k in 1:12) {
    simulate(1)
    ga[k] <- a$g_exc
    gb[k] <- b$g_exc
    gc[k] <- c3$g_exc
    v[k] <- a$v
  }
  expect_equal(ga, c(0, 0, 0.1, 0.1, 0.2, 0.2, 0, 0, 0, 0.1, 0.1, 0.1))
  expect_equal(gc, ga)
  expect_equal(gb, c(0, 0, 0.09, 0.081, 0.1629, 0.14661, 0.131949, 0.1187541, 0.10687869,
                     0.186190821, 0.1675717389, 0.15081456501))
  expect_equal(v, rep(-60, 12))
})

test_that("the gaps.md reproducer: a spike arriving while refractory is kept", {
  # ANNarchy 4.7.3: b.g_exc = 0.1 after 2 steps and still after 6.
  clear()
  LIF <- Neuron(parameters = "T = -45", equations = "dv/dt = -v + g_exc : init = 0",
                spike = "v > T", reset = "v = -60", refractory = 5)
  a <- Population(1, LIF)
  b <- Population(1, LIF)
  Projection(a, b, "exc")$connect_all_to_all(weights = 0.1)
  compile()
  simulate(2)
  expect_equal(b$g_exc, 0.1)
  simulate(4)
  expect_equal(b$g_exc, 0.1)
})

test_that("spiking neurons have a settable firing rate r (0 by default)", {
  # ANNarchy 4.7.3: s.r = [0, 0]; after s.r = 1.0 and simulate(2), [1, 1];
  # s.variables = ['v', 'r'].
  clear()
  LIF <- Neuron(equations = "dv/dt = -v", spike = "v > 1", reset = "v = 0")
  s <- Population(2, LIF)
  expect_equal(s$r, c(0, 0))
  compile()
  expect_equal(s$r, c(0, 0))
  s$r <- 1.0
  simulate(2)
  expect_equal(s$r, c(1, 1))
  expect_true("r" %in% LIF$attributes$name)
})

test_that("bool parameters written True/False, and equations continued on the next line", {
  # ANNarchy 4.7.3 printed: a.flag = [True, True], a.off = [False, False];
  # b.r = 0.3 before simulate(); after simulate(2): a.r = 3.5, b.r = 1.5,
  # b.u = 3, c.r = 3.
  clear()
  N1 <- Neuron(parameters = "flag = True\n off = False\n baseline = 0.5",
               equations = "r = ite(flag, 1.0, 0.0) + baseline\n    + ite(off, 10.0, 0.0) + 2.0")
  N2 <- Neuron(parameters = "baseline = 0.5",
               equations = "dr/dt = -r + 1 +\n   baseline : init = 0.3\n  u = r * 2")
  N3 <- Neuron(parameters = "flag = True",
               equations = "r = if flag == True:\n     3.0\n   else:\n     4.0")
  a <- Population(2, N1)
  b <- Population(2, N2)
  c3 <- Population(1, N3)
  compile()
  expect_identical(a$flag, c(TRUE, TRUE))
  expect_identical(a$off, c(FALSE, FALSE))
  expect_equal(b$r, c(0.3, 0.3))
  simulate(2)
  expect_equal(a$r, c(3.5, 3.5))
  expect_equal(b$r, c(1.5, 1.5))
  expect_equal(b$u, c(3, 3))
  expect_equal(c3$r, 3)
})

test_that("pop$f() and proj$f() call the models' functions", {
  clear()
  n <- Neuron(equations = "r = sq(t)", functions = "sq(x) = x * x")
  s <- Synapse(equations = "w += prod2(pre.r, post.r)", functions = "prod2(x, y) = 2 * x * y")
  p <- Population(3, n)
  proj <- Projection(p, p, "exc", s)
  expect_equal(p$sq(1:3), c(1, 4, 9))
  expect_equal(p$sq(list(2, 3)), c(4, 9))
  expect_equal(proj$prod2(c(1, 2), 3), c(6, 12))
  expect_error(p$nosuch, "nosuch")
  # the arguments' internal names never clash with a function's name
  m <- Neuron(equations = "r = annr_argument_0(t)", functions = "annr_argument_0(x) = x + 1")
  expect_equal(Population(2, m)$annr_argument_0(c(1, 5)), c(2, 6))
})
