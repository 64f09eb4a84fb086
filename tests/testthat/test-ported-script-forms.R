# Forms that ported ANNarchy scripts use: bounds that name parameters in
# synapses, monitors created after compile(), d[["w"]] on dendrites, and the
# refusal of a spiking model that defines its own r. Expected values were
# printed by ANNarchy 4.7.3 for the same model (dt = 1).

bounded_network <- function() {
  clear()
  annr::setup(dt = 1)
  p <- Population(2, Neuron(equations = "r = t"))
  p2 <- Population(2, Neuron(equations = "r = sum(exc)"))
  S <- Synapse(parameters = "m = 0.1\nM = 0.3 : projection",
               equations = "dw/dt = 0.1 : min = m, max = M")
  pr <- Projection(p, p2, "exc", S)
  pr$connect_all_to_all(0.2)
  list(p = p, pr = pr)
}

test_that("synapse bounds may name parameters, and follow them when they change", {
  n <- bounded_network()
  compile()
  simulate(9)
  # ANNarchy 4.7.3: w = 0.3 everywhere (0.2 + 0.1 per step, max = M = 0.3)
  expect_equal(as.matrix(n$pr$w), matrix(0.3, 2, 2), ignore_attr = TRUE)
  n$pr$m <- 0
  n$pr$M <- 0.35
  simulate(1)
  # ANNarchy 4.7.3 after pr.M = 0.35 and one more step: 0.35
  expect_equal(as.matrix(n$pr$w), matrix(0.35, 2, 2), ignore_attr = TRUE)
})

test_that("a per-synapse lower bound clamps each synapse to its own value", {
  clear()
  annr::setup(dt = 1)
  p <- Population(2, Neuron(equations = "r = 1"))
  p2 <- Population(1, Neuron(equations = "r = sum(exc)"))
  S <- Synapse(parameters = "lo = 0.0", equations = "w = w - 0.25 : min = lo")
  pr <- Projection(p, p2, "exc", S)
  pr$connect_all_to_all(1)
  compile()
  d <- pr$dendrite(1)
  d$lo <- c(0.1, 0.6)
  simulate(4)
  expect_equal(pr$dendrite(1)$w, c(0.1, 0.6))
})

test_that("a bound that names no parameter is refused with its line and column", {
  expect_error(Synapse(parameters = "m = 0.1", equations = "dw/dt = 1 : min = q"),
               "equations line 1, column 12: the min bound must be a number or the name of a parameter of this synapse \\(found 'q'\\)")
  expect_error(Synapse(equations = "x = 1 : init = m"),
               "init takes a number in a synapse \\(found 'm'\\)")
})

test_that("monitors created after compile() record from then on", {
  n <- bounded_network()
  compile()
  simulate(3)
  m <- Monitor(n$p, "r")
  m2 <- Monitor(n$p, "r", period = 2)
  mp <- Monitor(n$pr, "w")
  simulate(6)
  # ANNarchy 4.7.3, monitors created at t = 3 ms: r = 3..8, every 2 ms 3, 5, 7;
  # w = 0.3 at each of the 6 steps
  expect_equal(m$get("r")[, 1], c(3, 4, 5, 6, 7, 8), ignore_attr = TRUE)
  expect_equal(m2$get("r")[, 1], c(3, 5, 7), ignore_attr = TRUE)
  expect_equal(unname(mp$get("w")[, 1]), rep(0.3, 6))
})

test_that("a monitor created after compile() is part of the network's definition", {
  n <- bounded_network()
  net <- compile()
  simulate(2)
  m <- Monitor(n$p, "r")
  copy <- copy_network(net)
  copy$compile()
  copy$simulate(3)
  expect_equal(copy[[m]]$get("r")[, 1], c(0, 1, 2), ignore_attr = TRUE)
})

test_that("d[[name]] reads and writes a dendrite's attributes", {
  n <- bounded_network()
  compile()
  d <- n$pr$dendrite(1)
  expect_equal(d[["w"]], c(0.2, 0.2))
  d[["w"]] <- c(0.1, 0.25)
  expect_equal(n$pr$dendrite(1)$w, c(0.1, 0.25))
  expect_error(d[[1]], "indexed by the name of an attribute")
})

test_that("a spiking model may not define r (ANNarchy refuses it too)", {
  expect_error(Neuron(equations = "v = 0\nr = 5", spike = "v > 1", reset = "v = 0"),
               "equations line 2, column 1: spiking neurons use the variable 'r' for their firing rate")
  expect_error(Neuron(parameters = "r = 5", equations = "v = 0", spike = "v > 1", reset = "v = 0"),
               "parameters line 1, column 1: spiking neurons use the variable 'r'")
})
