# Flags naming parameters, `is` in conditions and user functions, against
# values printed by ANNarchy 4.7.3 for the same models (dt = 0.5 ms, the
# Monitor of each variable over the first 20 steps).

run20 <- function(neuron, n, set, vars, steps = 20) {
  clear()
  setup(dt = 0.5, seed = 1)
  pop <- Population(n, neuron)
  for (nm in names(set)) annr:::set_population_attribute(pop, NULL, nm, set[[nm]])
  m <- Monitor(pop, vars)
  compile()
  simulate(steps * 0.5)
  d <- m$get(vars)
  if (is.list(d)) lapply(d, unname) else unname(d)
}
test_that("min/max flags may name parameters or be expressions", {
  # y = 0.1 t - 1 : min = 2 * r_min, max = r_max + 1; dx/dt = 1 : max = x_max;
  # z = sin(t) : min = -r_max, max = y; r_min = (0.1, -0.2), x_max = (3, 5)
  n <- Neuron(parameters = "r_min = 0.1\nr_max = 0.5\nx_max = 3.0", equations = "
y = 0.1 * t - 1.0 : min = 2 * r_min, max = r_max + 1.0
dx/dt = 1.0 : max = x_max
z = sin(t) : min = -r_max, max = y
r = y")
  d <- run20(n, 2, list(x_max = c(3, 5), r_min = c(0.1, -0.2)), c("y", "x", "z"), steps = 40)
  expect_equal(d$y[, 1], c(0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.20000000000000007, 0.25000000000000006, 0.30000000000000004, 0.3500000000000001, 0.4000000000000001, 0.45000000000000007, 0.5000000000000001, 0.55, 0.6000000000000001, 0.6500000000000001, 0.7000000000000001, 0.7500000000000001, 0.8, 0.8500000000000001, 0.9000000000000001, 0.9500000000000001), tolerance = 1e-12)
  expect_equal(d$y[, 2], c(-0.4, -0.4, -0.4, -0.4, -0.4, -0.4, -0.4, -0.4, -0.4, -0.4, -0.4, -0.4, -0.39999999999999997, -0.35, -0.29999999999999993, -0.24999999999999994, -0.19999999999999996, -0.14999999999999997, -0.09999999999999995, -0.04999999999999995, 5.551115123125783e-17, 0.05000000000000006, 0.10000000000000006, 0.15000000000000008, 0.20000000000000007, 0.25000000000000006, 0.30000000000000004, 0.3500000000000001, 0.4000000000000001, 0.45000000000000007, 0.5000000000000001, 0.55, 0.6000000000000001, 0.6500000000000001, 0.7000000000000001, 0.7500000000000001, 0.8, 0.8500000000000001, 0.9000000000000001, 0.9500000000000001), tolerance = 1e-12)
  expect_equal(d$x[, 1], c(0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0), tolerance = 1e-12)
  expect_equal(d$x[, 2], c(0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0), tolerance = 1e-12)
  expect_equal(d$z[, 1], c(0.0, 0.2, 0.2, 0.2, 0.2, 0.2, 0.1411200080598672, -0.35078322768961984, -0.5, -0.5, -0.5, -0.5, -0.27941549819892586, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, -0.0751511204618093, -0.5, -0.5, -0.5, -0.5, -0.5, -0.06632189735120068, 0.30000000000000004, 0.3500000000000001, 0.4000000000000001, 0.45000000000000007, 0.5000000000000001, 0.2064674819377966, -0.2879033166650653, -0.5, -0.5, -0.5, -0.5, -0.34248061846961253, 0.14987720966295234, 0.605539869719601), tolerance = 1e-12)
  expect_equal(d$z[, 2], c(-0.4, -0.4, -0.4, -0.4, -0.4, -0.4, -0.4, -0.4, -0.5, -0.5, -0.5, -0.5, -0.39999999999999997, -0.35, -0.29999999999999993, -0.24999999999999994, -0.19999999999999996, -0.14999999999999997, -0.09999999999999995, -0.0751511204618093, -0.5, -0.5, -0.5, -0.5, -0.5, -0.06632189735120068, 0.30000000000000004, 0.3500000000000001, 0.4000000000000001, 0.45000000000000007, 0.5000000000000001, 0.2064674819377966, -0.2879033166650653, -0.5, -0.5, -0.5, -0.5, -0.34248061846961253, 0.14987720966295234, 0.605539869719601), tolerance = 1e-12)
})

test_that("flags naming parameters: clear errors where ANNarchy refuses", {
  expect_error(Neuron(parameters = "v0 = 0.5", equations = "dr/dt = 1 : init = v0"),
               "init takes a number")
  expect_error(Neuron(parameters = "lo = 0\np = 1 : min = lo", equations = "r = p"),
               "numbers only")
  expect_error(Neuron(equations = "r = t : min = r_low"), "unknown variable 'r_low'")
  # a population-wide variable needs population-wide bounds
  expect_error(Neuron(parameters = "lo = 0", equations = "x = t : population, min = lo\nr = x"),
               "population-wide")
  n <- Neuron(parameters = "lo = 0.5 : population", equations = "x = t : population, min = lo\nr = x")
  clear(); setup(dt = 1); p <- Population(1, n); m <- Monitor(p, "x"); compile(); simulate(3)
  expect_equal(as.numeric(m$get("x")), c(0.5, 1, 2))
})

test_that("is / is not / and / or / not in conditions, as ANNarchy 4.7.3", {
  # a = if t is 2: 1 else: if t is not 3: 5 else: 6
  # b = if (t > 1) and (t < 4): 1 else: 0
  # c = if ((t > 1) and (t < 4)) or not (t == 3): 1 else: 0
  # e = if (t > 4) or (t < 1.5): 1 else: 0
  n <- Neuron(equations = "
a = if t is 2.0: 1.0 else: if t is not 3.0: 5.0 else: 6.0
b = if (t > 1.0) and (t < 4.0): 1.0 else: 0.0
c = if ((t > 1.0) and (t < 4.0)) or not (t == 3.0): 1.0 else: 0.0
e = if (t > 4.0) or (t < 1.5): 1.0 else: 0.0
r = a")
  d <- run20(n, 1, list(), c("a", "b", "c", "e"))
  expect_equal(as.numeric(d$a), c(5.0, 5.0, 5.0, 5.0, 1.0, 5.0, 6.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0))
  expect_equal(as.numeric(d$b), c(0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0))
  expect_equal(as.numeric(d$c), c(1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0))
  expect_equal(as.numeric(d$e), c(1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0))
  # in spike conditions too; `x is True` compares with 1
  n2 <- Neuron(parameters = "tau = 10.0", equations = "tau * dv/dt = -v + 2\nflag = v > 0.5 : bool",
               spike = "(v > 1) is True and flag is not False", reset = "v = 0")
  expect_true(n2$spiking)
  expect_error(Neuron(equations = "r = is"), "unexpected 'is'")
})

test_that("add_function() and model functions: in equations and from R", {
  on.exit(clear_functions())
  add_function("logistic(x) = 1.0 / (1.0 + exp(-x))")
  add_function("sq2(x, y) = x^2 + y")
  # r = logistic(t / 2 - 1) + sq2(t, k) + h(t, k), h(x, y) = x y - tanh(x / 3)
  n <- Neuron(parameters = "k = 2.0", equations = "
r = logistic(t / 2.0 - 1.0) + sq2(t, k) + h(t, k)",
              functions = "h(x, y) = x * y - tanh(x / 3.0)")
  d <- run20(n, 2, list(k = c(2, -1.5)), "r")
  # clear() forgets the global functions (as ANNarchy's clear()), the model
  # keeps its copy
  expect_error(functions("logistic")(0), "no function 'logistic'")
  expect_equal(functions("logistic", n)(0), 0.5)
  add_function("logistic(x) = 1.0 / (1.0 + exp(-x))")
  add_function("sq2(x, y) = x^2 + y")
  clear(functions = FALSE)
  expect_equal(functions("sq2")(2, 1), 5)
  expect_equal(d[, 1], c(2.268941421369995, 3.405680887899978, 5.056027931266511, 7.225706341854192, 9.91721705465209, 13.129914710647629, 16.86086517524609, 21.10597805358951, 25.860996916887334, 31.122151607529826, 36.886464867526065, 43.15180165526254, 49.91676949790207, 57.180557990162285, 64.94277373866889, 73.20329905167456, 81.96218363259675, 91.219568015259, 100.97563301556191, 111.23056853927956), tolerance = 1e-12)
  expect_equal(d[, 2], c(-1.2310585786300048, -1.8443191121000222, -1.9439720687334887, -1.5242936581458078, -0.5827829453479101, 0.8799147106476286, 2.86086517524609, 5.35597805358951, 8.360996916887334, 11.872151607529824, 15.886464867526065, 20.40180165526254, 25.416769497902067, 30.93055799016228, 36.94277373866889, 43.45329905167456, 50.462183632596755, 57.969568015259, 65.97563301556191, 74.48056853927956), tolerance = 1e-12)
  # ANNarchy: functions('logistic')([0, 1, -2.5, 10]), functions('sq2')(...)
  expect_equal(functions("logistic")(c(0, 1, -2.5, 10)),
               c(0.5, 0.7310585786300049, 0.07585818002124355, 0.9999546021312976),
               tolerance = 1e-14)
  expect_equal(functions("sq2")(c(0, 1.5, -2.5), c(1, 2, 3)), c(1, 4.25, 9.25))
  # a model's own functions, vectorised with recycling; same numbers as in
  # the equations
  h <- functions("h", n)
  tt <- (0:19) * 0.5
  expect_equal(functions("logistic")(tt / 2 - 1) + functions("sq2")(tt, 2) + h(tt, 2), d[, 1],
               tolerance = 1e-15)
  expect_equal(functions("logistic", n)(0), 0.5)
  expect_error(functions("nope")(1), "no function 'nope'")
  expect_error(functions("sq2")(1), "takes 2 arguments")
  expect_error(functions("sq2")(1:2, 1:3), "length 1 or 3")
  expect_error(functions("sq2")("a", 1), "must be numeric")
  expect_error(add_function("bad(x) = x + y"), "unknown variable 'y'")
  # global functions reach synapse models too
  s <- Synapse(parameters = "eta = 0.1", equations = "dw/dt = eta * logistic(w)")
  expect_match(s$functions, "logistic")
})
