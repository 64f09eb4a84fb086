# Constant(): global constants read by name in equations (issue 11).

# Rate-coded model of ANNarchy 4.7.3, dt = 1: Constant('tau', 20),
# Constant('eta', 0.1); neurons `tau*dr/dt + r = 1.0` (Rate), the same with a
# parameter `tau = 5.0` (Shadow), `x = tau * 2 : population; r = x + t`
# (Glob), a pre neuron with parameter r = 1 projecting all-to-all (w = 0.5)
# onto Rate with `dw/dt = eta * pre.r * post.r`. Five steps, then
# tau.set(10.0) and eta.set(0.2), five more steps. ANNarchy printed after
# each step: Rate r, Shadow r, Glob r, Glob x, w.
ann_rate_before <- rbind(
  c(0.05, 0.2, 40, 40, 0.505),
  c(0.0975, 0.36, 41, 40, 0.51475),
  c(0.142625, 0.488, 42, 40, 0.5290125),
  c(0.18549375, 0.5904, 43, 40, 0.547561875),
  c(0.2262190625, 0.67232, 44, 40, 0.57018378125))
ann_rate_after <- rbind(
  c(0.30359715625, 0.7378560000000001, 25, 20, 0.6309032125),
  c(0.37323744062499997, 0.7902848, 26, 20, 0.705550700625),
  c(0.4359136965625, 0.83222784, 27, 20, 0.7927334399375),
  c(0.49232232690625, 0.865782272, 28, 20, 0.89119790531875),
  c(0.543090094215625, 0.8926258176, 29, 20, 0.999815924161875))

constant_rate_net <- function() {
  clear()
  annr::setup(dt = 1)
  tau <- Constant("tau", 20)
  eta <- Constant("eta", 0.1)
  Rate <- Neuron(equations = "tau*dr/dt + r = 1.0")
  Shadow <- Neuron(parameters = "tau = 5.0", equations = "tau*dr/dt + r = 1.0")
  Glob <- Neuron(equations = "x = tau * 2 : population\nr = x + t")
  Pre <- Neuron(parameters = "r = 1.0")
  Learn <- Synapse(equations = "dw/dt = eta * pre.r * post.r")
  p1 <- Population(1, Rate)
  p2 <- Population(1, Shadow)
  p3 <- Population(1, Glob)
  p0 <- Population(1, Pre)
  proj <- Projection(p0, p1, "exc", Learn)
  proj$connect_all_to_all(weights = 0.5)
  list(tau = tau, eta = eta, p1 = p1, p2 = p2, p3 = p3, proj = proj)
}

run_steps <- function(n, k, net = default_network()) {
  t(vapply(seq_len(k), function(i) {
    net$simulate(1)
    c(net[[n$p1]]$r, net[[n$p2]]$r, net[[n$p3]]$r, net[[n$p3]]$x, net[[n$proj]]$w[1])
  }, numeric(5)))
}

test_that("constants in neuron and synapse equations give ANNarchy's values, also changed after compile", {
  n <- constant_rate_net()
  compile()
  expect_equal(run_steps(n, 5), ann_rate_before, tolerance = 1e-12)
  n$tau$value <- 10   # ANNarchy: tau.set(10.0)
  n$eta$set(0.2)
  expect_equal(run_steps(n, 5), ann_rate_after, tolerance = 1e-12)
  expect_equal(n$tau$value, 10)
  expect_equal(get_constant("eta")$value, 0.2)
})

test_that("set_constant() before compile is what the network starts with", {
  n <- constant_rate_net()
  set_constant("tau", 10)
  compile()
  simulate(1)
  expect_equal(n$p1$r, 0.1)
})

# Spiking model of ANNarchy 4.7.3, dt = 1: Constant tau = 5, E_c = 2,
# th = 1.5, v_r = 0.25, k_c = 3; neuron `tau*dv/dt = E_c - v`, spike
# `v > th`, reset `v = v_r`, projecting (w = 0.5, pre_spike
# `g_target += w * k_c`) onto `v = g_exc` (spike `v > 1000`). Twelve steps,
# then th.set(1.0), k_c.set(-1.0), v_r.set(0.5) and eight more steps.
test_that("constants in spike, reset and pre_spike give ANNarchy's values", {
  clear()
  annr::setup(dt = 1)
  Constant("tau", 5); Constant("E_c", 2); th <- Constant("th", 1.5)
  v_r <- Constant("v_r", 0.25); Constant("k_c", 3)
  Spk <- Neuron(equations = "tau*dv/dt = E_c - v", spike = "v > th", reset = "v = v_r")
  Post <- Neuron(equations = "v = g_exc", spike = "v > 1000")
  S <- Synapse(pre_spike = "g_target += w * k_c")
  p4 <- Population(1, Spk)
  p5 <- Population(1, Post)
  proj <- Projection(p4, p5, "exc", S)
  proj$connect_all_to_all(weights = 0.5)
  m <- Monitor(p4, "spike")
  compile()
  v <- g <- numeric(0)
  for (i in 1:12) { simulate(1); v <- c(v, p4$v); g <- c(g, p5$v) }
  expect_equal(v, c(0.4, 0.72, 0.976, 1.1808, 1.34464, 1.4757120000000001, 0.25, 0.6,
                    0.8799999999999999, 1.1039999999999999, 1.2832, 1.4265599999999998),
               tolerance = 1e-12)
  expect_equal(g, c(0, 0, 0, 0, 0, 0, 0, 1.5, 0, 0, 0, 0))
  th$set(1.0); set_constant("k_c", -1); v_r$value <- 0.5
  v <- g <- numeric(0)
  for (i in 1:8) { simulate(1); v <- c(v, p4$v); g <- c(g, p5$v) }
  expect_equal(v, rep(c(0.5, 0.8), 4), tolerance = 1e-12)
  expect_equal(g, rep(c(0, -0.5), 4))
  expect_equal(m$get("spike", keep = TRUE)$time, c(6, 12, 14, 16, 18))
})

test_that("each network carries its own constants", {
  n <- constant_rate_net()
  net <- Network(everything = TRUE)
  expect_equal(list_constants(net), c("tau", "eta"))
  net[[n$tau]]$value <- 10   # or tau2 <- net$get(n$tau); tau2$value <- 10
  expect_equal(n$tau$value, 20)
  expect_equal(net$get(n$tau)$value, 10)
  compile(); net$compile()
  simulate(1); net$simulate(1)
  expect_equal(n$p1$r, 0.05)
  expect_equal(net[[n$p1]]$r, 0.1)
  # after compile too, a change reaches only its own network
  set_constant("tau", 5, net = net)
  simulate(1); net$simulate(1)
  expect_equal(n$p1$r, 0.05 + 0.95 / 20)
  expect_equal(net[[n$p1]]$r, 0.1 + 0.9 / 5)
  # net$add() copies a constant into a network that lacks it
  other <- Network()
  other$add(n$tau)
  expect_equal(other$get(n$tau)$value, 20)
})

test_that("constants survive saveRDS() and reach parallel_run() workers", {
  n <- constant_rate_net()
  compile()
  f <- tempfile(fileext = ".rds")
  saveRDS(n, f)
  m <- readRDS(f)
  expect_equal(m$tau$value, 20)
  expect_message(m$tau$network$simulate(1), "rebuilding")
  expect_equal(m$tau$network[[n$p1]]$r, 0.05)
  res <- parallel_run(function(idx, net, tau) {
    set_constant("tau", tau, net = net)
    net$simulate(1)
    net[[n$p1]]$r
  }, number = 2, tau = c(10, 20), backend = "sequential")
  expect_equal(unlist(res), c(0.1, 0.05))
  expect_equal(n$tau$value, 20)
})

test_that("a Constant behaves as its value in arithmetic", {
  clear()
  tau <- Constant("tau", 20)
  factor <- Constant("factor", 0.1)
  real_tau <- Constant("real_tau", tau * factor)
  expect_equal(real_tau$value, 2)
  expect_equal(tau + 1, 21)
  expect_equal(-tau, -20)
  expect_equal(2 / tau, 0.1)
  expect_equal(exp(-1 / tau), exp(-0.05))
  expect_equal(as.numeric(tau), 20)
  expect_true(tau > 10)
  tau$set(10)
  expect_equal(real_tau$value, 2)  # as in ANNarchy, not recomputed
  expect_output(print(tau), "tau = 10")
  expect_equal(list_constants(), c("tau", "factor", "real_tau"))
  expect_null(get_constant("nope"))
})

test_that("bad constants give errors naming the argument", {
  clear()
  expect_error(Constant(1, 2), "`name` must be one string")
  expect_error(Constant("2x", 2), "`name` '2x' is not a valid name")
  expect_error(Constant("dt", 2), "`name` 'dt' is reserved")
  expect_error(Constant("a", "b"), "`value` must be one finite number")
  expect_error(Constant("a", c(1, 2)), "`value` must be one finite number")
  expect_error(Constant("a", NA_real_), "`value` must be one finite number")
  a <- Constant("a", 1)
  expect_error(Constant("a", 2), "already defined")
  expect_error(a$value <- "x", "`value` must be one finite number")
  expect_error(a$set(Inf), "`value` must be one finite number")
  expect_error(set_constant("b", 1), "no constant 'b'")
  expect_error(set_constant("a", 1, net = 3), "`net` must be a Network")
  # a name that is neither an attribute nor a constant stays an error
  expect_error(Neuron(equations = "dr/dt = b"), "unknown variable 'b'")
  pop <- Population(1, Neuron(equations = "dr/dt = a"))
  compile()
  expect_error(Constant("c", 1), "already compiled")
})

test_that("a model using a constant is refused by a network that lacks it", {
  clear()
  Constant("k", 2)
  model <- Neuron(equations = "r = k")
  net <- Network()
  clear()
  Population(1, model)
  expect_error(compile(), "unknown variable 'k'")
})

# ANNarchy 4.7.3 after the rate-coded run above (tau.set(10.0),
# eta.set(0.2)) wrote `"constants": {"tau": 10.0, "eta": 0.2}` in
# save_parameters(): the current values. Its load_parameters() of a file
# with tau = 40 made tau.value 40, yet the next step still used tau = 10
# (r: 0.543090094215625 -> 0.5887810847940625); annr uses the loaded value.
test_that("save_parameters() writes the current constants and load_parameters() sets them", {
  skip_if_not_installed("jsonlite")
  n <- constant_rate_net()
  compile()
  run_steps(n, 5)
  n$tau$set(10); n$eta$set(0.2)
  run_steps(n, 5)
  f <- tempfile(fileext = ".json")
  save_parameters(f)
  d <- jsonlite::fromJSON(f, simplifyVector = FALSE)
  expect_equal(d$constants, list(tau = 10, eta = 0.2))
  d$constants$tau <- 40
  writeLines(jsonlite::toJSON(d, auto_unbox = TRUE, digits = NA), f)
  expect_message(load_parameters(f), "skipped populations/pop3/x")
  expect_equal(n$tau$value, 40)
  simulate(1)
  expect_equal(n$p1$r, 0.543090094215625 + (1 - 0.543090094215625) / 40, tolerance = 1e-12)
  # a compiled network cannot take a new constant; nothing is changed then
  d$constants$mu <- 1
  d$constants$tau <- 7
  writeLines(jsonlite::toJSON(d, auto_unbox = TRUE, digits = NA), f)
  expect_error(suppressMessages(load_parameters(f)),
               "'constants/mu': the network has no constant 'mu'")
  expect_equal(n$tau$value, 40)
  # one not yet compiled gets it, as in ANNarchy
  clear()
  Constant("tau", 1)
  writeLines('{"constants": {"tau": 7, "eta": 0.2, "mu": 1}}', f)
  load_parameters(f)
  expect_equal(list_constants(), c("tau", "eta", "mu"))
  expect_equal(get_constant("mu")$value, 1)
  expect_equal(get_constant("tau")$value, 7)
  writeLines('{"constants": {"tau": "slow"}}', f)
  expect_error(load_parameters(f), "'constants/tau' must be one number")
})

test_that("report() lists the constants with their current values", {
  clear()
  tau <- Constant("tau", 20)
  Constant("k_c", 0.5)
  Population(1, Neuron(equations = "tau*dr/dt + r = 1"))
  tau$value <- 15
  f <- tempfile(fileext = ".md")
  report(f)
  x <- readLines(f)
  i <- match("## Constants", x)
  expect_false(is.na(i))
  expect_equal(trimws(x[i + 4:5]), c("| tau      | 15        |", "| k_c      | 0.5       |"))
  expect_lt(i, match("## Population parameters", x))
  f <- tempfile(fileext = ".tex")
  report(f)
  expect_true(all(c("tau & 15 \\\\", "k\\_c & 0.5 \\\\") %in% readLines(f)))
  clear()
  Population(1, Neuron(equations = "r = 1"))
  report(f)
  expect_false(any(grepl("Constants", readLines(f))))
})

test_that("a stop condition may read a constant", {
  clear()
  limit <- Constant("limit", 5)
  Clock <- Neuron(equations = "r = t")
  pop <- Population(1, Clock, stop_condition = "r > limit")
  compile()
  expect_equal(simulate_until(100, pop), 7)
  limit$value <- 10
  expect_equal(simulate_until(100, pop), 5)
})

test_that("net$add() takes constants beside populations and views", {
  clear()
  tau <- Constant("tau", 3)
  pop <- Population(4, Neuron(equations = "r = tau"))
  net <- Network()
  net$add(list(pop[1:2], tau))
  expect_equal(list_constants(net), "tau")
  net2 <- Network()
  net2$add(pop[1:2])
  net2$add(tau)
  expect_equal(net2$get(tau)$value, 3)
  net2$compile()
  net2$simulate(1)
  expect_equal(net2[[pop]]$r, rep(3, 4))
  expect_error(net2$add(Constant("u", 1, net = Network())), "already compiled")
})

test_that("a model may use a constant of a network other than the default one", {
  clear()
  net <- Network()
  Constant("k", 4, net = net)
  expect_equal(list_constants(), character(0))
  model <- Neuron(equations = "r = k")
  pop <- Population(1, model)
  net$add(pop)
  net$compile()
  net$simulate(1)
  expect_equal(net[[pop]]$r, 4)
  expect_error(compile(), "unknown variable 'k'")
  clear()
  expect_error(Neuron(equations = "r = k"), "unknown variable 'k'")
})
