# Network objects: copies, independence, get/[[ ]], serialisation.

lif_model <- function() {
  Neuron(parameters = "tau = 10.0",
         equations = "tau * dv/dt = -v + g_exc",
         spike = "v > 1.0", reset = "v = 0.0", name = "LIF")
}

test_that("a copy is independent of the original", {
  clear()
  setup(seed = 5)
  inp <- PoissonPopulation(50, rates = 10, name = "inp")
  out <- Population(20, lif_model, name = "out")
  proj <- Projection(inp, out, "exc", name = "proj")
  proj$connect_fixed_probability(probability = 0.5, weights = 0.5)
  m <- Monitor(inp, "spike")
  net <- Network(everything = TRUE)
  expect_s3_class(net, "annr_network")
  expect_length(net$populations, 2)
  net[[inp]]$rates <- 100
  expect_equal(inp$rates, rep(10, 50))
  expect_equal(net[[inp]]$rates, rep(100, 50))
  copy <- net$get(inp)
  copy$rates <- 50
  expect_equal(inp$rates, rep(10, 50))
  expect_identical(net$get_population("inp"), copy)
  expect_equal(net$get_projection("proj")$id, proj$id)
  expect_equal(net$get(inp[1:3])$ranks, 1:3)
  net$set_seed(7)
  net$compile()
  compile()
  net$simulate(100)
  simulate(100)
  n_copy <- nrow(net$get(m)$get("spike"))
  n_orig <- nrow(m$get("spike"))
  expect_gt(n_copy, 2 * n_orig)
  expect_equal(net$get_time(), 100)
  expect_equal(get_time(), 100)
  # random connectivity is drawn again from the copy's own seed
  expect_false(identical(net[[proj]]$synapses(), proj$synapses()))
  expect_error(net$get(Population(2, lif_model)), "no copy|compiled")
})

test_that("Network$new() and add() build a network piece by piece", {
  clear()
  inp <- PoissonPopulation(10, rates = 10)
  m <- Monitor(inp, "spike")
  net <- Network$new()
  net$add(list(inp, m))
  expect_length(net$monitors, 1)
  net$add(inp)  # already there: no duplicate
  expect_length(net$populations, 1)
  net$compile()
  net$step()
  expect_equal(net$get_current_step(), 1)
  net$set_current_step(10)
  expect_equal(net$get_time(), 10)
  expect_error(net$get_population("nope"), "no population named 'nope'")
})

test_that("same seed gives identical results; copies get their own seed", {
  run <- function(seed) {
    clear()
    inp <- PoissonPopulation(30, rates = 50)
    m <- Monitor(inp, "spike")
    net <- Network(everything = TRUE, seed = seed)
    net$compile()
    net$simulate(100)
    net$get(m)$get("spike")
  }
  expect_identical(run(11), run(11))
  expect_false(identical(run(11), run(12)))
})

test_that("a saved network definition is rebuilt after readRDS", {
  clear()
  setup(seed = 9)
  inp <- PoissonPopulation(20, rates = 40)
  inp$rates <- 30
  m <- Monitor(inp, "spike")
  net <- Network(everything = TRUE)
  net$compile()
  net$simulate(50)
  path <- tempfile(fileext = ".rds")
  saveRDS(net, path)
  back <- readRDS(path)
  expect_message(back$simulate(100), "not saved")
  expect_equal(back$get_time(), 100)
  expect_equal(back$get(inp)$rates, rep(30, 20))
  expect_gt(nrow(back$get(m)$get("spike")), 0)
  # a never-compiled definition compiles after a round trip too
  clear()
  inp2 <- PoissonPopulation(5, rates = 10)
  fresh <- Network(everything = TRUE)
  saveRDS(fresh, path)
  again <- readRDS(path)
  again$compile()
  again$simulate(10)
  expect_equal(again$get_time(), 10)
})

test_that("network_info reports connectivity", {
  clear()
  a <- Population(10, lif_model)
  pr <- Projection(a, a, "exc", name = "rec")
  pr$connect_all_to_all(weights = 1)
  compile()
  info <- annr:::network_info()
  expect_equal(unname(info$nb_synapses), 90)
  expect_gt(info$connectivity_bytes, 0)
})
