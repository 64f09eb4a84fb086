# Synapse models from R: hand-worked STDP and STP sequences, learning switch.

clock_neuron <- function(spike) Neuron(equations = "seen = g_exc", spike = spike, name = "clock")

stdp_pair <- function(learning = TRUE) {
  clear()
  setup(dt = 1, seed = 1)
  pre <- SpikeSourceArray(list(c(10, 30)))
  post <- Population(1, clock_neuron("(t > 14.5) and (t < 15.5)"))
  proj <- Projection(pre, post, "exc", synapse = STDP())
  proj$connect_all_to_all(weights = 0.5)
  if (!learning) disable_learning()
  m <- Monitor(post, "seen")
  compile()
  simulate(40)
  list(proj = proj, m = m)
}

test_that("STDP follows the hand-worked sequence", {
  r <- stdp_pair()
  x15 <- 0.01 * exp(-4 / 20)   # pre trace when the post neuron fires at 15
  y31 <- -0.01 * exp(-16 / 20) # post trace when the second pre spike arrives
  expect_equal(r$proj$get("w"), 0.5 + x15 + y31, tolerance = 1e-12)
  expect_equal(r$proj$get("x"), x15 * exp(-16 / 20) + 0.01, tolerance = 1e-12)
  expect_equal(as.numeric(r$m$get("seen")[12, 1]), 0.5)  # spike at 10 arrives at 11
})

test_that("disable_learning() freezes weights, synapses still transmit", {
  r <- stdp_pair(learning = FALSE)
  expect_equal(r$proj$get("w"), 0.5)
  seen <- as.numeric(r$m$get("seen")[, 1])
  expect_equal(seen[c(12, 32)], c(0.5, 0.5))
  r$proj$enable_learning()
  expect_true(r$proj$learning)
})

test_that("STP (Tsodyks-Markram) depresses the second of two close spikes", {
  clear()
  setup(dt = 1, seed = 1)
  pre <- SpikeSourceArray(list(c(10, 20)))
  post <- Population(1, clock_neuron("t < 0"))
  proj <- Projection(pre, post, "exc", synapse = STP())
  proj$connect_all_to_all(weights = 1)
  m <- Monitor(post, "seen")
  compile()
  simulate(30)
  seen <- as.numeric(m$get("seen")[, 1])
  x <- 1 - 0.5 * exp(-10 / 100)
  expect_equal(seen[12], 0.5)
  expect_equal(seen[22], 0.5 * x, tolerance = 1e-12)
})

test_that("synapse definitions are checked", {
  clear()
  expect_error(Synapse(pre_spike = "g_target += w\nz += 1"), "unknown variable 'z'")
  expect_error(Synapse(parameters = "a = 1", pre_spike = "a = 2"), "cannot assign to parameter 'a'")
  expect_error(Synapse(equations = "dx/dt = -x*x : event-driven"), "linear")
  expect_error(Projection(PoissonPopulation(2, 1), Population(2, Izhikevich), "exc", synapse = "STDP"),
               "`synapse` must be NULL")
  expect_error(STDP(tau_plus = NA), "`tau_plus` must be one finite number")
  expect_s3_class(STDP(), "annr_synapse")
  expect_true(STDP()$plastic)
})

test_that("STDP shapes weights in a network and copies inherit the synapse", {
  clear()
  setup(dt = 1, seed = 4)
  inp <- PoissonPopulation(50, rates = 20)
  out <- Population(5, Izhikevich)
  proj <- Projection(inp, out, "exc", synapse = STDP(w_max = 10, A_plus = 0.05))
  proj$connect_all_to_all(weights = 5)
  net <- Network(everything = TRUE, seed = 5)
  net$compile()
  net$simulate(500)
  w <- net[[proj]]$get("w")
  expect_true(all(w >= 0 & w <= 10))
  expect_gt(sd(w), 0)  # weights diverged from the uniform start
})

test_that("Oja's rule matches an R reference loop", {
  clear()
  setup(dt = 1, seed = 1)
  inp <- Population(3, LeakyIntegrator(tau = 10, B = 1))
  inp$B <- c(1, 0.5, 2)
  out <- Population(1, LeakyIntegrator(tau = 5))
  proj <- Projection(inp, out, "exc", synapse = Oja(eta = 0.01, alpha = 1))
  proj$connect_all_to_all(weights = 0.2)
  compile()
  simulate(50)
  # reference: sums from the previous step's rates, then neurons, then learning
  B <- c(1, 0.5, 2); v_in <- c(0, 0, 0); r_in <- c(0, 0, 0); v_out <- 0; r_out <- 0
  w <- rep(0.2, 3)
  for (n in 1:50) {
    s <- sum(w * r_in)
    v_in <- v_in + (1 - exp(-1 / 10)) * (B - v_in)
    v_out <- v_out + (1 - exp(-1 / 5)) * (s - v_out)
    r_in <- pmax(v_in, 0); r_out <- max(v_out, 0)
    w <- pmax(w + 0.01 * (r_in * r_out - r_out^2 * w), 0)
  }
  expect_equal(proj$get("w"), w, tolerance = 1e-12)
})

test_that("rate-coded operation = max / mean combine the synapses", {
  clear()
  setup(dt = 1, seed = 1)
  inp <- Population(3, LeakyIntegrator(tau = 1, B = 1))
  inp$B <- c(1, 3, 2)
  out_max <- Population(1, Neuron(equations = "r = sum(exc)"))
  out_mean <- Population(1, Neuron(equations = "r = sum(exc)"))
  Projection(inp, out_max, "exc", synapse = Synapse(operation = "max"))$connect_all_to_all(weights = 1)
  Projection(inp, out_mean, "exc", synapse = Synapse(psp = "2 * w * pre.r", operation = "mean"))$connect_all_to_all(weights = 1)
  m1 <- Monitor(out_max, "r")
  m2 <- Monitor(out_mean, "r")
  compile()
  simulate(3)
  r_in <- c(1, 3, 2) * (1 - exp(-1))  # rates after the first step
  expect_equal(as.numeric(m1$get("r")[2, 1]), max(r_in), tolerance = 1e-12)
  expect_equal(as.numeric(m2$get("r")[2, 1]), mean(2 * r_in), tolerance = 1e-12)
  expect_error(Synapse(operation = "median"), "operation must be")
})

test_that("IBCM and Hebb build and learn", {
  clear()
  setup(dt = 1, seed = 1)
  inp <- Population(4, LeakyIntegrator(tau = 10, B = 1))
  out <- Population(1, LeakyIntegrator(tau = 10))
  h <- Projection(inp, out, "exc", synapse = Hebb(eta = 0.001))
  h$connect_all_to_all(weights = 0.1)
  compile()
  simulate(100)
  expect_true(all(h$get("w") > 0.1))
  expect_s3_class(IBCM(), "annr_synapse")
})

test_that("InputArray and TimedArray drive rate-coded networks", {
  clear()
  setup(dt = 1, seed = 1)
  ta <- TimedArray(rbind(c(1, 0), c(0, 2), c(3, 3)), schedule = 2)
  inp <- InputArray(2)
  inp$r <- c(0.5, 0.25)
  out <- Population(1, Neuron(equations = "r = sum(exc) + sum(inh)"))
  Projection(ta, out, "exc")$connect_all_to_all(weights = 1)
  Projection(inp, out, "inh")$connect_all_to_all(weights = 1)
  m_ta <- Monitor(ta, "r")
  m_out <- Monitor(out, "r")
  compile()
  simulate(8)
  r <- m_ta$get("r")
  expect_equal(unname(r[, 1]), c(1, 1, 0, 0, 3, 3, 3, 3))
  expect_equal(unname(r[, 2]), c(0, 0, 2, 2, 3, 3, 3, 3))
  # out sees the previous step's rates plus the constant input 0.75
  expect_equal(unname(m_out$get("r")[, 1]), c(0.75, 1.75, 1.75, 2.75, 2.75, 6.75, 6.75, 6.75))
  expect_error(TimedArray("a"), "numeric matrix")
})

test_that("enable_learning(period, offset) updates synapse equations every period", {
  run <- function(period = NULL, offset = NULL) {
    clear()
    setup(dt = 1, seed = 1)
    inp <- InputArray(1)
    inp$r <- 1
    out <- Population(1, Neuron(equations = "r = 1 + 0 * sum(exc)", name = "constant"))
    proj <- Projection(inp, out, "exc", synapse = Hebb(eta = 0.1))
    proj$connect_all_to_all(weights = 0)
    enable_learning(period = period, offset = offset)
    compile()
    simulate(10)
    proj$get("w")
  }
  expect_equal(run(), 10 * 0.1)             # every step: 10 updates of eta * 1 * 1
  expect_equal(run(period = 5), 2 * 0.1)    # steps 0 and 5
  expect_equal(run(period = 5, offset = 2), 2 * 0.1)  # steps 2 and 7
  expect_equal(run(period = 4), 3 * 0.1)    # steps 0, 4, 8
  expect_error(enable_learning(period = -1), "`period` must be NULL or one number")
})
