# save_parameters()/load_parameters() (a JSON file of the global parameters,
# in ANNarchy's layout) and proj$save()/proj$load() of one projection.

skip_if_not_installed("jsonlite")

# The model and settings of the ANNarchy 4.7.3 script that gave the values
# below: pop1 (3 neurons) and pop2 (2) of this neuron, pop2$tau <- 30 before
# compile(); a Hebb projection pop1 -> pop2 ("p", all-to-all, weight 1);
# after compile() pop1$tau <- 20 and p$eta <- 0.5, then save_parameters().
io_model <- function() {
  Neuron(parameters = "tau = 10.0 : population\nbaseline = 1.0\nk = 2 : population, int",
         equations = "tau*dr/dt + r = baseline + sum(exc)\nm = mean(r) : population")
}
io_net <- function() {
  clear()
  pop1 <- Population(3, io_model(), name = "pop1")
  pop2 <- Population(2, io_model(), name = "pop2")
  pop2$tau <- 30
  p <- Projection(pop1, pop2, "exc", synapse = Hebb(), name = "p")
  p$connect_all_to_all(1.0)
  compile()
  pop1$tau <- 20
  p$eta <- 0.5
  list(pop1 = pop1, pop2 = pop2, p = p)
}

test_that("save_parameters() writes what ANNarchy writes: the values the network starts from", {
  n <- io_net()
  f <- tempfile(fileext = ".json")
  expect_identical(save_parameters(f), f)
  d <- jsonlite::fromJSON(f, simplifyVector = FALSE)
  # ANNarchy 4.7.3 wrote: {"populations": {"pop1": {"tau": 10.0, "k": 2, "m": 0.0},
  # "pop2": {"tau": 30.0, "k": 2, "m": 0.0}}, "projections": {"p": {"eta": 0.01}},
  # "network": {}, "constants": {}}
  expect_named(d, c("populations", "projections", "network", "constants"))
  expect_equal(d$populations, list(pop1 = list(tau = 10, k = 2L, m = 0),
                                   pop2 = list(tau = 30, k = 2L, m = 0)))
  expect_equal(d$projections, list(p = list(eta = 0.01)))
  expect_length(d$network, 0)
  expect_length(d$constants, 0)
  expect_true(any(grepl('"network": {}', readLines(f), fixed = TRUE)))
  # ANNarchy 4.7.3: after reset(), pop1.tau = 10 again, pop2.tau = 30, proj.eta = 0.5
  reset()
  expect_equal(c(n$pop1$tau, n$pop2$tau, n$p$eta), c(10, 30, 0.5))
})

test_that("save_parameters() before compile() writes the definitions' values", {
  clear()
  pop <- Population(2, io_model(), name = "a")
  pop$tau <- 4
  f <- tempfile(fileext = ".json")
  save_parameters(f)
  expect_equal(jsonlite::fromJSON(f)$populations$a$tau, 4)
})

test_that("load_parameters() reads ANNarchy's file and skips what ANNarchy skips", {
  n <- io_net()
  f <- tempfile(fileext = ".json")
  # the file ANNarchy 4.7.3 wrote, with pop1's tau and baseline edited and a
  # network value added
  writeLines('{
    "populations": {
        "pop1": {"tau": 5.0, "k": 2, "m": 0.0, "baseline": 7},
        "pop2": {"tau": 30.0, "k": 2, "m": 0.0}
    },
    "projections": {"p": {"eta": 0.01}},
    "network": {"x": 1},
    "constants": {}
}', f)
  # ANNarchy 4.7.3: returns {'x': 1.0}; pop1.tau = 5.0, baseline stays [1, 1, 1]
  # (not global: skipped), m skipped (a variable); eta back to 0.01
  expect_message(out <- load_parameters(f), "baseline \\(not a global parameter\\)")
  expect_equal(out, list(x = 1))
  expect_equal(n$pop1$tau, 5)
  expect_equal(n$pop1$baseline, c(1, 1, 1))
  expect_equal(n$p$eta, 0.01)
  # ANNarchy 4.7.3, global_only = False: baseline = [7, 7, 7]
  suppressMessages(load_parameters(f, global_only = FALSE))
  expect_equal(n$pop1$baseline, c(7, 7, 7))
  msgs <- capture_messages(load_parameters(f, verbose = TRUE))
  expect_true("populations/pop1/tau: 5 -> 5\n" %in% msgs)
})

test_that("load_parameters() checks the whole file first and changes nothing on error", {
  n <- io_net()
  f <- tempfile(fileext = ".json")
  bad <- function(json, msg) {
    writeLines(json, f)
    expect_error(load_parameters(f), msg, fixed = TRUE)
    expect_equal(c(n$pop1$tau, n$pop2$tau, n$p$eta), c(20, 30, 0.5))
  }
  bad('{"populations": {"pop1": {"tau": 1}, "pop9": {"tau": 2}}}',
      "'populations/pop9': this network has no population named 'pop9'")
  bad('{"populations": {"pop1": {"tau": 1, "zz": 2}}}',
      "'populations/pop1/zz': population 'pop1' has no attribute 'zz'")
  bad('{"populations": {"pop1": {"tau": 1}}, "projections": {"p": {"eta": [1, 2]}}}',
      "'projections/p/eta' must be one number")
  bad('{"populations": {"pop1": {"tau": "fast"}}}', "'populations/pop1/tau' must be one number")
  bad('{"populations": {"pop1": {"tau": 1}}, "network": {"x": "a"}}', "'network/x' must be one number")
  bad('{"populations": {"pop1": {"tau": 1}}, "constants": {"mu": 0.2}}', "'constants/mu'")
  bad('{"populations": {"pop1": {"tau": 1}}, "extra": 1}', "unknown member 'extra'")
  bad('not json', "is not a JSON file")
  expect_error(load_parameters(tempfile()), "does not exist")
  expect_error(load_parameters(1), "`filename` must be one file name")
  expect_error(load_parameters(f, global_only = NA), "`global_only` must be TRUE or FALSE")
  expect_error(save_parameters(file.path(tempfile(), "no", "x.json")), "cannot write")
  expect_error(save_parameters(f, net = 1), "`net` must be a Network")
})

test_that("bool parameters are written as JSON booleans and read back", {
  clear()
  m <- Neuron(parameters = "on = 1 : population, bool\ng = 2 : population",
              equations = "r = if on: g else: 0")
  pop <- Population(1, m, name = "b")
  compile()
  f <- tempfile(fileext = ".json")
  save_parameters(f)
  expect_true(any(grepl('"on": true', readLines(f), fixed = TRUE)))
  writeLines('{"populations": {"b": {"on": false, "g": 3}}}', f)
  load_parameters(f)
  expect_false(pop$on)
  expect_equal(pop$g, 3)
})

test_that("load_parameters() acts on the network given", {
  n <- io_net()
  net <- Network(everything = TRUE)
  net$compile()
  f <- tempfile(fileext = ".json")
  writeLines('{"populations": {"pop1": {"tau": 2}}}', f)
  load_parameters(f, net = net)
  expect_equal(net$get(n$pop1)$tau, 2)
  expect_equal(n$pop1$tau, 20)
})

test_that("proj$save()/proj$load() restore weights and synaptic variables", {
  clear()
  setup(seed = 3)
  inp <- PoissonPopulation(20, rates = 50)
  out <- Population(5, IF_curr_exp(), name = "out")
  proj <- Projection(inp, out, "exc", synapse = STDP())
  proj$connect_fixed_probability(0.5, weights = 0.5)
  other <- Projection(inp, out, "inh")
  other$connect_all_to_all(weights = 0.1)
  expect_error(proj$save(tempfile()), "not compiled yet")
  compile()
  simulate(200)
  f <- tempfile(fileext = ".rds")
  proj$save(f)
  w <- proj$get("w"); x <- proj$get("x"); y <- proj$get("y")
  expect_false(all(w == 0.5))
  simulate(200)
  proj$tau_plus <- 5
  proj$load(f)
  expect_equal(proj$get("w"), w)
  expect_equal(proj$get("x"), x)
  expect_equal(proj$get("y"), y)
  expect_equal(proj$tau_plus, 20)
  # another projection's file: other synapses, nothing changed
  g <- tempfile(fileext = ".rds")
  other$save(g)
  expect_error(proj$load(g), "other synapses than the saved one")
  expect_equal(proj$get("w"), w)
  saveRDS(list(1), g)
  expect_error(proj$load(g), "was not written by proj$save()", fixed = TRUE)
  expect_error(proj$load(tempfile()), "does not exist")
})

test_that("save_parameters() lists input populations with their global parameters only", {
  clear()
  src <- SpikeSourceArray(list(c(1, 2), 3), name = "src")
  poi <- PoissonPopulation(2, rates = 5, name = "poi")
  compile()
  f <- tempfile(fileext = ".json")
  save_parameters(f)
  d <- jsonlite::fromJSON(f, simplifyVector = FALSE)
  expect_named(d$populations, c("src", "poi"))
  expect_length(d$populations$src, 0)
  writeLines('{"populations": {"src": {"rates": 1}}}', f)
  expect_error(load_parameters(f), "'populations/src/rates': population 'src' has no attribute 'rates'",
               fixed = TRUE)
})
