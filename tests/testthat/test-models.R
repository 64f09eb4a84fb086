# Built-in models against values worked out independently (short R loops of
# the same equations, closed forms).

run_model <- function(model, duration, dt, vars = "v", n = 1, set = list()) {
  clear()
  setup(dt = dt, seed = 1)
  pop <- Population(n, model)
  for (nm in names(set)) pop[[nm]] <- set[[nm]]
  spiking <- !identical(model$name, "LeakyIntegrator")
  m <- Monitor(pop, c(vars, if (spiking) "spike"))
  compile()
  simulate(duration)
  d <- m$get(c(vars, if (spiking) "spike"))
  list(values = if (length(vars) == 1) d[[vars]] else d[vars], spikes = d$spike)
}

test_that("Izhikevich matches an explicit Euler loop in R", {
  dt <- 0.5
  res <- run_model(Izhikevich(i_offset = 10), 200, dt, c("v", "u"))
  v <- -65; u <- -13; vs <- numeric(400); spikes <- numeric(0)
  for (n in 1:400) {
    dv <- 0.04 * v^2 + 5 * v + 140 - u + 10
    du <- 0.02 * (0.2 * v - u)
    v <- v + dt * dv; u <- u + dt * du
    if (v > 30) { spikes <- c(spikes, (n - 1) * dt); v <- -65; u <- u + 8 }
    vs[n] <- v
  }
  expect_equal(as.numeric(res$values$v[, 1]), vs, tolerance = 1e-9)
  expect_equal(res$spikes$time, spikes)
  expect_gt(length(spikes), 3)
})

test_that("IF_curr_exp integrates exactly (exponential method) and is refractory", {
  dt <- 0.1
  res <- run_model(IF_curr_exp(i_offset = 1, tau_refrac = 2), 100, dt)
  # v relaxes to v_rest + tau_m * i / cm = -45 > threshold -50
  v <- -65; vs <- numeric(1000); spikes <- numeric(0); refr <- 0
  for (n in 1:1000) {
    if (refr > 0) {
      refr <- refr - 1
    } else {
      v <- v + (1 - exp(-dt / 20)) * (-45 - v)
      if (v > -50) { spikes <- c(spikes, (n - 1) * dt); v <- -65; refr <- 20 }
    }
    vs[n] <- v
  }
  expect_equal(as.numeric(res$values[, 1]), vs, tolerance = 1e-9)
  expect_equal(res$spikes$time, spikes, tolerance = 1e-9)
  # the refractory period shows in the spike intervals: first passage + 2 ms
  expect_gt(length(spikes), 2)
})

test_that("IF_cond_exp receives a spike as a conductance jump that decays", {
  clear()
  setup(dt = 0.1, seed = 1)
  src <- SpikeSourceArray(list(c(1)))
  pop <- Population(1, IF_cond_exp())
  proj <- Projection(src, pop, "exc")
  proj$connect_all_to_all(weights = 0.5)
  m <- Monitor(pop, c("g_exc", "v"))
  compile()
  simulate(5)
  g <- as.numeric(m$get("g_exc")[, 1])
  # emitted at t = 1 ms (step 10), received at step 11 (recorded then, before
  # the update, as ANNarchy records conductances), decays from then on
  expect_equal(g[1:11], rep(0, 11))
  expect_equal(g[12], 0.5, tolerance = 1e-12)
  expect_equal(g[20], 0.5 * exp(-0.1 / 5)^8, tolerance = 1e-12)
})

test_that("LeakyIntegrator follows 1 - exp(-t/tau)", {
  res <- run_model(LeakyIntegrator(tau = 10, B = 2, T = 0.5), 30, 1, c("v", "r"))
  n <- 1:30
  expect_equal(as.numeric(res$values$v[, 1]), 2 * (1 - exp(-n / 10)), tolerance = 1e-12)
  expect_equal(as.numeric(res$values$r[, 1]), pmax(2 * (1 - exp(-n / 10)) - 0.5, 0),
               tolerance = 1e-12)
})

test_that("AdEx (EIF_cond_exp_isfa_ista) matches an R loop", {
  dt <- 0.1
  p <- list(v_rest = -70.6, cm = 0.281, tau_m = 9.3667, tau_w = 144, a = 4, b = 0.0805,
            delta_T = 2, v_thresh = -50.4, v_reset = -70.6, v_spike = -40, i = 1)
  res <- run_model(EIF_cond_exp_isfa_ista(i_offset = 1, tau_refrac = 0), 50, dt, c("v", "w"))
  v <- p$v_reset; w <- 0; vs <- numeric(500); ws <- numeric(500)
  for (n in 1:500) {
    dv <- ((p$v_rest - v + p$delta_T * exp((v - p$v_thresh) / p$delta_T)) +
             p$tau_m / p$cm * (p$i - w)) / p$tau_m
    dw <- (p$a * (v - p$v_rest) / 1000 - w) / p$tau_w
    v <- v + dt * dv; w <- w + dt * dw
    if (v > p$v_spike) { v <- p$v_reset; w <- w + p$b }
    vs[n] <- v; ws[n] <- w
  }
  expect_equal(as.numeric(res$values$v[, 1]), vs, tolerance = 1e-9)
  expect_equal(as.numeric(res$values$w[, 1]), ws, tolerance = 1e-9)
  expect_gt(nrow(res$spikes), 0)
})

test_that("HH_cond_exp matches an exponential-Euler R loop and spikes on upward crossings", {
  hh_ref <- function(i, steps, dt) {
    v <- -65; n <- 0; m <- 0; h <- 1; vo <- -63; out <- numeric(steps)
    ex <- function(x, A, B) x + (1 - exp(dt * B)) * (-A / B - x)
    for (k in seq_len(steps)) {
      an <- 0.032 * (15 - v + vo) / (exp((15 - v + vo) / 5) - 1)
      am <- 0.32 * (13 - v + vo) / (exp((13 - v + vo) / 4) - 1)
      ah <- 0.128 * exp((17 - v + vo) / 18)
      bn <- 0.5 * exp((10 - v + vo) / 40)
      bm <- 0.28 * (v - vo - 40) / (exp((v - vo - 40) / 5) - 1)
      bh <- 4 / (1 + exp(10 - v + vo))
      g <- 0.01 + 6 * n^4 + 20 * m^3 * h
      s <- 0.01 * -65 + 6 * n^4 * -90 + 20 * m^3 * h * 50 + i
      # one block: every new value from the old ones
      v2 <- ex(v, s / 0.2, -g / 0.2)
      n <- ex(n, an, -(an + bn)); m <- ex(m, am, -(am + bm)); h <- ex(h, ah, -(ah + bh))
      v <- v2
      out[k] <- v
    }
    out
  }
  quiet <- run_model(HH_cond_exp(), 50, 0.01)
  expect_equal(nrow(quiet$spikes), 0)
  driven <- run_model(HH_cond_exp(i_offset = 5), 50, 0.01)
  v <- as.numeric(driven$values[, 1])
  expect_equal(v, hh_ref(5, 5000, 0.01), tolerance = 1e-9)
  crossings <- sum(v[-1] > 0 & v[-length(v)] <= 0)
  expect_gt(nrow(driven$spikes), 0)
  expect_equal(nrow(driven$spikes), crossings)
})

test_that("alpha synapses peak at the weight one tau_syn after the spike", {
  clear()
  setup(dt = 0.1, seed = 1)
  src <- SpikeSourceArray(list(c(1)))
  pop <- Population(1, IF_curr_alpha())
  proj <- Projection(src, pop, "exc")
  proj$connect_all_to_all(weights = 2)
  m <- Monitor(pop, "alpha_exc")
  compile()
  simulate(20)
  a <- as.numeric(m$get("alpha_exc")[, 1])
  peak <- which.max(a)
  expect_equal(max(a), 2, tolerance = 0.01)
  expect_equal((peak - 1) * 0.1, 1.1 + 5, tolerance = 0.21)
})

test_that("built-in model arguments are checked", {
  expect_error(Izhikevich(a = "x"), "`a` must be one finite number")
  expect_error(IF_cond_exp(tau_m = NA), "`tau_m` must be one finite number")
  expect_error(LeakyIntegrator(tau = c(1, 2)), "`tau` must be one finite number")
})

test_that("built-in models print as models and still build as before", {
  for (nm in c(list_standard_neurons(), list_standard_synapses())) {
    f <- get(nm, envir = asNamespace("annr"))
    expect_true(is.function(f), info = nm)
    expect_s3_class(f, "annr_model_constructor")
    out <- capture.output(print(f))
    expect_match(out[1], paste0("^<annr built-in model> ", nm, " \\("), info = nm)
    expect_true(any(grepl("^Defaults: ", out)), info = nm)
    expect_true(any(grepl("^Equations:", out)), info = nm)
    expect_false(any(grepl("function\\(|model_parameters|<bytecode", out)), info = nm)
  }
  out <- capture.output(print(Izhikevich))
  expect_match(out[1], "Izhikevich \\(spiking neuron\\)")
  expect_true(any(grepl("Defaults: Izhikevich\\(a = 0.02, b = 0.2, c = -65, d = 8", out)))
  expect_true(any(grepl("dv/dt = 0.04 \\* v\\^2", out)))
  expect_true(any(grepl("^Reset:", out)))
  out <- capture.output(print(STDP))
  expect_match(out[1], "STDP \\(plastic synapse\\)")
  expect_true(any(grepl("^Post-synaptic spike:", out)))
  expect_match(capture.output(print(LeakyIntegrator))[1], "rate-coded neuron")
  expect_match(capture.output(print(STP))[1], "STP \\(plastic synapse\\)")  # short-term plasticity
  # autoprinting goes through the same method
  expect_output(print(IF_cond_exp), "IF_cond_exp \\(spiking neuron\\)")

  # both uses keep working
  clear()
  annr::setup(dt = 1, seed = 1)
  a <- Population(5, Izhikevich)
  b <- Population(5, Izhikevich(a = 0.1))
  expect_equal(a$a, rep(0.02, 5))
  expect_equal(b$a, rep(0.1, 5))
  expect_s3_class(Izhikevich(a = 0.1), "annr_neuron")
  proj <- Projection(a, b, "exc", synapse = STDP)
  proj2 <- Projection(a, b, "inh", synapse = STDP(A_plus = 0.05))
  expect_equal(proj2$synapse$name, "STDP")
  expect_error(Izhikevich(a = "x"), "Izhikevich\\(\\): `a` must be one finite number")
})

test_that("stats::simulate and stats::step still work for fitted models", {
  fit <- stats::lm(mpg ~ wt + hp, data = datasets::mtcars)
  sims <- simulate(fit, nsim = 2, seed = 1)
  expect_equal(dim(sims), c(32L, 2L))
  expect_equal(sims, stats::simulate(fit, nsim = 2, seed = 1))
  chosen <- suppressMessages(capture.output(s <- step(fit, trace = 0)))
  expect_s3_class(s, "lm")
})
