# Order of the step equations of a synapse, and pre.sum()/post.sum().
# Values printed by ANNarchy 4.7.3 for the same networks (dt = 1; pre
# populations of 2 neurons with r = 1, one post neuron, all-to-all, w = 0.5;
# ANNarchy's dendrite(0) is dendrite(1) here), after steps 0, 1, 2.

order_net <- function(syn) {
  clear()
  annr::setup(dt = 1)
  N <- Neuron(parameters = "c = 1.0", equations = "r = c")
  p <- Population(2, N)
  q <- Population(1, N)
  proj <- Projection(p, q, "a", syn)
  proj$connect_all_to_all(weights = 0.5)
  compile()
  proj
}

steps <- function(proj, names) {
  force(proj)  # builds and compiles the network
  out <- lapply(names, function(n) numeric(0))
  names(out) <- names
  for (s in 1:3) {
    simulate(1)
    d <- proj$dendrite(1)
    for (n in names) out[[n]] <- c(out[[n]], do.call(`$`, list(d, n))[1])
  }
  out
}

test_that("an assignment after an ODE reads the value the ODE just computed", {
  r <- steps(order_net(Synapse(parameters = "alpha = 2.0",
                               equations = "dw/dt = 0.1 * pre.r\n x = alpha * w")), c("w", "x"))
  expect_equal(r$w, c(0.6, 0.7, 0.8))
  expect_equal(r$x, c(1.2, 1.4, 1.6))
})

test_that("an assignment before an ODE reads the previous value", {
  r <- steps(order_net(Synapse(parameters = "alpha = 2.0",
                               equations = "x = alpha * w\n dw/dt = 0.1 * pre.r")), c("w", "x"))
  expect_equal(r$w, c(0.6, 0.7, 0.8))
  expect_equal(r$x, c(1.0, 1.2, 1.4))
})

test_that("consecutive ODEs are one block; an assignment between ODEs splits them", {
  r <- steps(order_net(Synapse(equations = "dw/dt = 0.1 * x\n dx/dt = 0.2")), c("w", "x"))
  expect_equal(r$w, c(0.5, 0.52, 0.56))
  expect_equal(r$x, c(0.2, 0.4, 0.6))
  r <- steps(order_net(Synapse(equations = "dx/dt = 0.2\n y = x\n dw/dt = 0.1 * y")), c("w", "x", "y"))
  expect_equal(r$w, c(0.52, 0.56, 0.62))
  expect_equal(r$y, c(0.2, 0.4, 0.6))
})

test_that("the order holds on the per-synapse path too (more synapses than one block)", {
  clear()
  annr::setup(dt = 1)
  N <- Neuron(parameters = "c = 1.0", equations = "r = c")
  p <- Population(200, N)
  q <- Population(3, N)
  proj <- Projection(p, q, "a", Synapse(parameters = "alpha = 2.0",
                                        equations = "dw/dt = 0.1 * pre.r\n x = alpha * w"))
  proj$connect_all_to_all(weights = 0.5)
  compile()
  simulate(1)
  expect_equal(proj$get("x"), rep(1.2, 600))
})

test_that("pre.sum(target) and post.sum(target) read this step's sums", {
  # ANNarchy 4.7.3: y = pre.sum(exc) + 10 * post.sum(exc) on ps (2) -> qs (1),
  # w = 0.5, and qs -> ps, w = 0.25, neurons r = sum(exc) + 1.
  clear()
  annr::setup(dt = 1)
  NS <- Neuron(equations = "r = sum(exc) + 1.0")
  SE <- Synapse(equations = "y = pre.sum(exc) + 10 * post.sum(exc)")
  ps <- Population(2, NS)
  qs <- Population(1, NS)
  pe1 <- Projection(ps, qs, "exc", SE)
  pe1$connect_all_to_all(weights = 0.5)
  pe2 <- Projection(qs, ps, "exc", SE)
  pe2$connect_all_to_all(weights = 0.25)
  compile()
  y1 <- y2 <- numeric(0)
  for (s in 1:3) {
    simulate(1)
    y1 <- c(y1, pe1$dendrite(1)$y[1])
    y2 <- c(y2, pe2$dendrite(2)$y)
  }
  expect_equal(y1, c(0, 10.25, 13))
  expect_equal(y2, c(0, 3.5, 6.25))
  expect_equal(ps$r, c(1.5, 1.5))
  expect_equal(qs$r, 2.25)
})

test_that("pre.sum() and post.sum() are checked", {
  clear()
  rate <- Neuron(equations = "r = sum(exc)")
  a <- Population(2, rate)
  Projection(a, a, "exc", Synapse(equations = "y = pre.sum(inh)"))$connect_all_to_all(weights = 1)
  expect_error(compile(), "does not read sum\\(inh\\)")
  expect_error(Synapse(equations = "y = post.sum(1)"), "name of a target")
  clear()
  a <- Population(2, rate)
  Projection(a, a, "exc", Synapse(equations = "y = post.sum(exc) : projection"))$connect_all_to_all(weights = 1)
  expect_error(compile(), "projection-wide")
})
