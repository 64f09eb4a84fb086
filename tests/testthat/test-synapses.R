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
  # As in ANNarchy 4.7.3, a pre event decays the traces to the step before
  # its delivery step: the spike at 30, delivered at 31, sees 15 steps of
  # decay since the post spike at 15.
  x15 <- 0.01 * exp(-4 / 20)   # pre trace when the post neuron fires at 15
  y31 <- -0.01 * exp(-15 / 20) # post trace when the second pre spike arrives
  expect_equal(r$proj$get("w"), 0.5 + x15 + y31, tolerance = 1e-12)
  expect_equal(r$proj$get("x"), x15 * exp(-15 / 20) + 0.01, tolerance = 1e-12)
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
  x <- 1 - 0.5 * exp(-9 / 100)  # delivered at 11 and 21: recovers from 11 to 20
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

# A rate-coded learning rule, in annr and in a plain R loop: LeakyIntegrator
# inputs (tau 10, B_in) project all-to-all onto LeakyIntegrator outputs
# (tau 5, B_out) with weights w0; each step the sums use the previous step's
# rates, then the neurons update, then `learn(W, r_in, r_out)` returns the
# new post x pre weight matrix. Returns both weight vectors, in synapses() order.
rate_rule_against_reference <- function(synapse, learn, B_in, B_out, w0, steps) {
  clear()
  setup(dt = 1, seed = 1)
  inp <- Population(length(B_in), LeakyIntegrator(tau = 10, B = 0))
  inp$B <- B_in
  out <- Population(length(B_out), LeakyIntegrator(tau = 5, B = 0))
  out$B <- B_out
  proj <- Projection(inp, out, "exc", synapse = synapse)
  proj$connect_all_to_all(weights = w0)
  compile()
  simulate(steps)
  v_in <- r_in <- rep(0, length(B_in)); v_out <- r_out <- rep(0, length(B_out))
  W <- matrix(w0, length(B_out), length(B_in))
  for (n in seq_len(steps)) {
    s <- as.numeric(W %*% r_in)
    v_in <- v_in + (1 - exp(-1 / 10)) * (B_in - v_in)
    v_out <- v_out + (1 - exp(-1 / 5)) * (s + B_out - v_out)
    r_in <- pmax(v_in, 0); r_out <- pmax(v_out, 0)
    W <- learn(W, r_in, r_out)
  }
  syn <- proj$synapses()
  list(annr = proj$get("w"), reference = W[cbind(syn$post, syn$pre)], proj = proj)
}

test_that("Oja's rule matches an R reference loop", {
  res <- rate_rule_against_reference(
    Oja(eta = 0.01, alpha = 1), B_in = c(1, 0.5, 2), B_out = 0, w0 = 0.2, steps = 50,
    learn = function(W, r_in, r_out) pmax(W + 0.01 * (outer(r_out, r_in) - r_out^2 * W), 0))
  expect_equal(res$annr, res$reference, tolerance = 1e-12)
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

test_that("Hebb's rule matches an R reference loop", {
  res <- rate_rule_against_reference(
    Hebb(eta = 0.002), B_in = c(1, 0.5, 2), B_out = c(0, 0.3), w0 = 0.1, steps = 40,
    learn = function(W, r_in, r_out) pmax(W + 0.002 * outer(r_out, r_in), 0))
  expect_equal(res$annr, res$reference, tolerance = 1e-12)
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

test_that("synapse models take per-synapse delays: each synapse gets its spike at its own delay", {
  clear()
  setup(dt = 1, seed = 1)
  src <- SpikeSourceArray(list(c(10)))
  post <- Population(3, Neuron(equations = "seen = g_exc", spike = "seen > 100", name = "probe"))
  counting <- Synapse(parameters = "", equations = "",
                      pre_spike = "g_target += w\nw += 1", name = "counting")
  proj <- Projection(src, post, "exc", synapse = counting)
  proj$connect_from_matrix(weights = matrix(c(1, 2, 3), 3, 1), delays = matrix(c(1, 3, 6), 3, 1))
  m <- Monitor(post, "seen")
  compile()
  simulate(15)
  seen <- m$get("seen")
  t <- attr(seen, "times")
  # emitted at 10, delivered at 10 + delay ms, as static synapses do
  expect_equal(t[seen[, 1] != 0], 11)
  expect_equal(t[seen[, 2] != 0], 13)
  expect_equal(sum(seen[, 3]), 0)  # due at 16: not yet
  expect_equal(c(seen[t == 11, 1], seen[t == 13, 2]), c(1, 2))
  # w was updated at arrival for the two synapses reached so far
  expect_equal(proj$get("w"), c(2, 3, 3))
  simulate(2)
  expect_equal(proj$get("w"), c(2, 3, 4))
})

test_that("a synapse model with per-synapse delays transmits as static synapses do", {
  clear()
  setup(dt = 0.5, seed = 7)
  src <- PoissonPopulation(20, rates = 40)
  lif <- Neuron(parameters = "tau = 5", equations = "tau * dv/dt = -v + g_exc",
                spike = "v > 1", reset = "v = 0", name = "lif")
  post_static <- Population(10, lif)
  post_model <- Population(10, lif)
  set.seed(2)
  W <- matrix(runif(200, 0, 6), 10, 20)
  D <- matrix(sample(c(0.5, 1, 2.5, 4), 200, replace = TRUE), 10, 20)
  Projection(src, post_static, "exc")$connect_from_matrix(W, delays = D)
  Projection(src, post_model, "exc", synapse = Synapse(pre_spike = "g_target += w"))$
    connect_from_matrix(W, delays = D)
  m1 <- Monitor(post_static, c("spike", "v"))
  m2 <- Monitor(post_model, c("spike", "v"))
  compile()
  simulate(200)
  s1 <- m1$get("spike")  # fetched once: an analysis of m1 would use them up
  expect_gt(nrow(s1), 20)
  expect_equal(m2$get("v"), m1$get("v"), tolerance = 1e-12)
  expect_equal(m2$raster_plot(), raster_plot(s1))
})

test_that("IBCM's postsynaptic threshold is one value per post neuron, matching an R reference loop", {
  # theta (one per post neuron) is learned first, then w with the new theta
  theta <- c(0, 0)
  res <- rate_rule_against_reference(
    IBCM(eta = 0.05, tau = 20), B_in = c(1, 2, 0.5, 1.5), B_out = c(0.2, 0.4), w0 = 0.3, steps = 60,
    learn = function(W, r_in, r_out) {
      theta <<- theta + (1 - exp(-1 / 20)) * (r_out^2 - theta)
      pmax(W + 0.05 * outer(r_out * (r_out - theta), r_in), 0)
    })
  expect_equal(res$annr, res$reference, tolerance = 1e-12)
  expect_equal(res$proj$get("theta"), theta, tolerance = 1e-12)
})

test_that("postsynaptic and projection-wide variables run once per neuron / per projection", {
  clear()
  setup(dt = 1, seed = 1)
  inp <- InputArray(3)
  inp$r <- c(1, 2, 3)
  out <- Population(2, Neuron(equations = "r = sum(exc)", name = "readout"))
  counter <- Synapse(equations = paste("n_proj = n_proj + 1 : projection",
                                       "n_post = n_post + 1 : postsynaptic",
                                       "seen = n_post", sep = "\n"), name = "counter")
  proj <- Projection(inp, out, "exc", synapse = counter)
  proj$connect_all_to_all(weights = 1)
  compile()
  simulate(7)
  expect_equal(proj$get("n_proj"), 7)           # not 7 x 6 synapses
  expect_equal(proj$get("n_post"), c(7, 7))     # one per post neuron
  expect_equal(proj$get("seen"), rep(7, 6))     # synapses see this step's value
  proj$set(n_post = c(100, 200), seen = 0)
  simulate(1)
  expect_equal(proj$get("n_post"), c(101, 201))
  expect_equal(proj$get("seen"), rep(c(101, 201), each = 3))
  expect_error(proj$set(n_post = c(1, 2, 3)), "'n_post' needs 1 or 2 values")
  expect_error(proj$set(nothing = 1), "no synaptic variable 'nothing'")
  expect_error(proj$set(1), "named values")
})

test_that("locality rules are checked when the synapse is defined", {
  expect_error(Synapse(equations = "x = w : postsynaptic"),
               "'x' is postsynaptic \\(one value per post-synaptic neuron\\): its equation cannot use w")
  expect_error(Synapse(equations = "y = 1\nx = y : postsynaptic"),
               "cannot use the synaptic variable 'y'")
  expect_error(Synapse(equations = "x = t_post : projection"), "projection-wide .* cannot use t_post")
  expect_error(Synapse(equations = "x = 0 : postsynaptic", post_spike = "x += 1"),
               "'x' is postsynaptic: post_spike would change it once per synapse")
  expect_error(Synapse(equations = "tau * dx/dt = -x : postsynaptic, event-driven", parameters = "tau = 1"),
               "event-driven integration is for synaptic variables")
  expect_error(Synapse(parameters = "a = 1 : projection, postsynaptic"),
               "cannot be both projection-wide and postsynaptic")
  # reading post.x in a postsynaptic equation is fine; pre.x is not
  expect_error({
    clear()
    a <- Population(2, LeakyIntegrator())
    b <- Population(2, LeakyIntegrator())
    Projection(a, b, "exc", synapse = Synapse(equations = "x = pre.r : postsynaptic"))$
      connect_all_to_all(weights = 1)
    compile()
  }, "cannot use pre.r")
})

test_that("net$save() keeps learned synaptic variables", {
  clear()
  setup(dt = 1, seed = 1)
  inp <- Population(3, LeakyIntegrator(tau = 10, B = 1))
  out <- Population(2, LeakyIntegrator(tau = 5))
  proj <- Projection(inp, out, "exc", synapse = IBCM(eta = 0.05, tau = 20))
  proj$connect_all_to_all(weights = 0.3)
  net <- Network(everything = TRUE)
  net$compile()
  net$simulate(30)
  theta <- net[[proj]]$get("theta")
  w <- net[[proj]]$get("w")
  expect_true(all(theta > 0))
  f <- tempfile(fileext = ".rds")
  net$save(f)
  net$reset(projections = TRUE)
  expect_equal(net[[proj]]$get("theta"), c(0, 0))
  net$load(f)
  expect_equal(net[[proj]]$get("theta"), theta)
  expect_equal(net[[proj]]$get("w"), w)
})

test_that("a rate rule with conditions, clips, powers and functions matches an R reference loop", {
  # exercises the block evaluator of per-synapse equations (ite, clip, ^3,
  # ^2, abs, max, comparisons, a synaptic variable, w clamps)
  rule <- Synapse(parameters = "a = 0.4 : projection",
                  equations = paste0(
                    "x = ite(pre.r > post.r, clip(pre.r - post.r, 0, 0.3), -abs(pre.r - post.r)^3) + max(pre.r, a)^2\n",
                    "dw/dt = 0.05 * x - 0.02 * w : min = -0.2, max = 0.6"),
                  name = "synthetic")
  res <- rate_rule_against_reference(
    rule, B_in = seq(0.1, 1.5, length.out = 70), B_out = c(0.2, 0.9, 1.4), w0 = 0.01, steps = 30,
    learn = function(W, r_in, r_out) {
      R_in <- matrix(r_in, nrow(W), ncol(W), byrow = TRUE)
      R_out <- matrix(r_out, nrow(W), ncol(W))
      x <- ifelse(R_in > R_out, pmin(pmax(R_in - R_out, 0), 0.3), -abs(R_in - R_out)^3) + pmax(R_in, 0.4)^2
      pmin(pmax(W + 0.05 * x - 0.02 * W, -0.2), 0.6)
    })
  expect_equal(res$annr, res$reference, tolerance = 1e-12)
  expect_true(any(res$annr == 0.6) && any(res$annr < 0.6))  # both sides of the clamp are used
})

test_that("dendrite(post) lists one post neuron's synapses with their variables", {
  clear()
  setup(dt = 1, seed = 1)
  src <- SpikeSourceArray(list(5, numeric(0), 7))
  post <- Population(2, Neuron(equations = "seen = g_exc - g_inh", spike = "seen > 100", name = "probe2"))
  proj <- Projection(src, post, "exc", synapse = STDP())
  proj$connect_from_matrix(weights = rbind(c(0.1, NA, 0.3), c(0.4, 0.5, NA)),
                           delays = rbind(c(1, NA, 2), c(3, 1, NA)))
  static <- Projection(src, post, "inh")
  static$connect_all_to_all(weights = 1)
  compile()
  simulate(10)
  d <- as.data.frame(proj$dendrite(1))
  expect_equal(d$pre, c(1, 3))
  expect_equal(d$delay, c(1, 2))
  expect_setequal(names(d), c("pre", "w", "delay", "x", "y"))
  s <- proj$synapses()
  expect_equal(d$x, proj$get("x")[s$post == 1])
  expect_gt(d$x[1], 0)     # the pre trace of neuron 1 after its spike at 5 ms
  expect_equal(names(as.data.frame(static$dendrite(2))), c("pre", "w", "delay"))
  expect_error(proj$dendrite(3), "`post` must be the rank \\(1..2\\)")
})
