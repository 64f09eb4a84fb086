# Rate-coded projections: delays (uniform and per synapse) and the dense
# (BLAS) path of all-to-all projections. Expected values are worked by hand:
# a pre neuron with `r = a * t` has r = a * s after step s (t = s * dt), and
# a projection with a delay of d steps reads pre.r as it was after step s - d
# (the initial r, 0, before the first step).

ramp <- function() Neuron(parameters = "a = 1", equations = "r = a * t", name = "ramp")
readout <- function() Neuron(equations = "r = sum(exc)", name = "readout")

test_that("a uniform rate-coded delay of d steps reads pre.r from d steps ago", {
  for (d in c(1, 3, 7)) {
    clear()
    setup(dt = 1, seed = 1)
    inp <- Population(1, ramp())
    out <- Population(1, readout())
    Projection(inp, out, "exc")$connect_all_to_all(weights = 2, delays = d)
    m <- Monitor(out, "r")
    compile()
    simulate(20)
    s <- 0:19
    expect_equal(unname(m$get("r")[, 1]), 2 * pmax(s - d, 0), info = paste("delay", d))
  }
})

test_that("delays are converted with dt and survive reset()", {
  clear()
  setup(dt = 0.5, seed = 1)
  inp <- Population(1, ramp())
  out <- Population(1, readout())
  Projection(inp, out, "exc")$connect_all_to_all(weights = 1, delays = 2)  # 4 steps
  m <- Monitor(out, "r")
  compile()
  simulate(10)
  s <- 0:19
  expected <- 0.5 * pmax(s - 4, 0)
  expect_equal(unname(m$get("r")[, 1]), expected)
  reset()
  simulate(10)
  expect_equal(unname(m$get("r")[, 1]), expected)
})

test_that("per-synapse rate-coded delays read each pre neuron at its own delay", {
  clear()
  setup(dt = 1, seed = 1)
  inp <- Population(2, ramp())
  inp$a <- c(1, 10)
  out <- Population(1, readout())
  proj <- Projection(inp, out, "exc")
  proj$connect_from_matrix(weights = matrix(c(1, 0.5), 1, 2), delays = matrix(c(2, 5), 1, 2))
  m <- Monitor(out, "r")
  compile()
  simulate(15)
  s <- 0:14
  expect_equal(unname(m$get("r")[, 1]), 1 * pmax(s - 2, 0) + 0.5 * 10 * pmax(s - 5, 0))
  expect_equal(sort(proj$delay@x), c(2, 5))
})

test_that("psp and operation see the delayed pre.r", {
  clear()
  setup(dt = 1, seed = 1)
  inp <- Population(3, ramp())
  inp$a <- c(1, 2, 3)
  out_sum <- Population(1, readout())
  out_max <- Population(1, readout())
  Projection(inp, out_sum, "exc", synapse = Synapse(psp = "w * pre.r * pre.r"))$
    connect_all_to_all(weights = 1, delays = 3)
  Projection(inp, out_max, "exc", synapse = Synapse(operation = "max"))$
    connect_from_matrix(weights = matrix(1, 1, 3), delays = matrix(c(1, 4, 6), 1, 3))
  m_sum <- Monitor(out_sum, "r")
  m_max <- Monitor(out_max, "r")
  compile()
  simulate(12)
  s <- 0:11
  late <- pmax(s - 3, 0)
  expect_equal(unname(m_sum$get("r")[, 1]), (1 + 4 + 9) * late^2)
  expect_equal(unname(m_max$get("r")[, 1]),
               pmax(1 * pmax(s - 1, 0), 2 * pmax(s - 4, 0), 3 * pmax(s - 6, 0)))
})

test_that("a longer rate-coded delay set after compile() reads remembered rates, then the current r", {
  clear()
  setup(dt = 1, seed = 1)
  inp <- Population(1, ramp())
  out <- Population(1, readout())
  proj <- Projection(inp, out, "exc")
  proj$connect_all_to_all(weights = 1, delays = 2)
  m <- Monitor(out, "r")
  compile()
  simulate(10)
  proj$delay <- 4  # from step 10 on, read r from 4 steps back
  simulate(5)
  s <- 0:14
  expected <- ifelse(s < 10, pmax(s - 2, 0), s - 4)
  # the rates of steps 6 and 7 were not kept (the delay was 2): the current
  # r (9, after step 9) stands in for them
  expected[s == 10 | s == 11] <- 9
  expect_equal(unname(m$get("r")[, 1]), expected)
})

test_that("all-to-all rate-coded projections (dense path) give W %*% r", {
  clear()
  setup(dt = 1, seed = 3)
  n_pre <- 40; n_post <- 25
  inp <- Population(n_pre, Neuron(parameters = "a = 0", equations = "r = a", name = "constant"))
  a <- seq(-1, 2, length.out = n_pre)
  inp$a <- a
  set.seed(1)
  W <- matrix(runif(n_post * n_pre, -1, 1), n_post, n_pre)
  W_missing <- W
  W_missing[3, 7] <- NA  # one synapse fewer: the sparse path
  outs <- lapply(1:3, function(i) Population(n_post, readout()))
  full <- Projection(inp, outs[[1]], "exc")
  full$connect_from_matrix(weights = W)
  holed <- Projection(inp, outs[[2]], "exc")
  holed$connect_from_matrix(weights = W_missing)
  drawn <- Projection(inp, outs[[3]], "exc")
  drawn$connect_all_to_all(weights = Uniform(-1, 1))
  mons <- lapply(outs, Monitor, variables = "r")
  compile()
  simulate(3)
  r <- lapply(mons, function(m) m$get("r"))
  # step 0 reads the initial r (0); from step 1 on, r = a
  expect_equal(unname(r[[1]][1, ]), rep(0, n_post))
  expect_equal(unname(r[[1]][3, ]), as.numeric(W %*% a), tolerance = 1e-12)
  W0 <- W
  W0[3, 7] <- 0
  expect_equal(unname(r[[2]][3, ]), as.numeric(W0 %*% a), tolerance = 1e-12)
  expect_equal(unname(r[[3]][3, ]), as.numeric(as.matrix(drawn$w) %*% a), tolerance = 1e-12)
})

test_that("an all-to-all projection of a population onto itself skips self-connections", {
  clear()
  setup(dt = 1, seed = 3)
  pop <- Population(5, Neuron(parameters = "a = 0", equations = "x = sum(exc)\nr = a", name = "self_sum"))
  pop$a <- 1:5
  Projection(pop, pop, "exc")$connect_all_to_all(weights = 1)  # allow_self_connections = FALSE
  m <- Monitor(pop, "x")
  compile()
  simulate(3)
  expect_equal(unname(m$get("x")[3, ]), sum(1:5) - 1:5)
})

test_that("monitors record sum(target) of rate-coded populations", {
  clear()
  setup(dt = 1, seed = 1)
  inp <- Population(2, ramp())
  inp$a <- c(1, 3)
  out <- Population(1, Neuron(equations = "r = sum(exc) - sum(inh)", name = "diff"))
  Projection(inp, out, "exc")$connect_all_to_all(weights = 2)
  Projection(inp[1], out, "inh")$connect_all_to_all(weights = 1, delays = 2)
  m <- Monitor(out, c("sum(exc)", "sum(inh)", "r"))
  compile()
  simulate(6)
  d <- m$get()
  s <- 0:5
  expect_equal(unname(d[["sum(exc)"]][, 1]), 2 * 4 * pmax(s - 1, 0))
  expect_equal(unname(d[["sum(inh)"]][, 1]), pmax(s - 2, 0))
  expect_equal(d$r, d[["sum(exc)"]] - d[["sum(inh)"]])
  # a target nobody sends is found at compile() (one the model does not read
  # but a projection sends is recorded, as in ANNarchy)
  clear()
  out <- Population(1, Neuron(equations = "r = 1", name = "one"))
  Monitor(out, "sum(dopamine)")
  expect_error(compile(), "sum\\(dopamine\\) is not an input of its rate-coded model \\(no projection onto it has target 'dopamine'\\)")
  clear()
  spiking <- Population(1, Izhikevich)
  expect_error(Monitor(spiking, "sum(exc)"), "spiking neurons receive g_exc")
})
