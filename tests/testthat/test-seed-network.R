# The user's document end to end: 100 Poisson inputs at 0, 10 and 20 Hz into
# 100 Izhikevich neurons (fixed probability 0.2, weights 5), dt = 1 ms,
# 1000 ms. ANNarchy gives about 0, 200-250 and 650-750 spikes.

izhikevich <- function() {
  if (exists("Izhikevich", mode = "function")) return(Izhikevich())
  Neuron(
    parameters = paste("noise = 0.0", "a = 0.02", "b = 0.2", "c = -65.0",
                       "d = 8.0", "v_thresh = 30.0", "i_offset = 0.0",
                       sep = "\n"),
    equations = paste(
      "I = g_exc - g_inh + noise * Normal(0.0, 1.0) + i_offset",
      "dv/dt = 0.04 * v^2 + 5.0 * v + 140.0 - u + I : init = -65.0",
      "du/dt = a * (b*v - u) : init = -13.0", sep = "\n"),
    spike = "v > v_thresh", reset = "v = c\nu += d", name = "Izhikevich")
}

seed_network_spikes <- function(rate, seed) {
  clear()
  setup(dt = 1, seed = seed)
  pop1 <- PoissonPopulation(100, rates = 10)
  pop2 <- Population(100, izhikevich)
  proj <- Projection(pop1, pop2, "exc")
  proj$connect_fixed_probability(weights = 5, probability = 0.2)
  m <- Monitor(pop2, "spike")
  net <- Network(everything = TRUE, seed = seed)
  net[[pop1]]$rates <- rate
  net$compile()
  net$simulate(1000)
  nrow(net$get(m)$get("spike"))
}

test_that("three runs of the seed network give ANNarchy's spike counts", {
  counts <- c(seed_network_spikes(0, 1), seed_network_spikes(10, 2),
              seed_network_spikes(20, 3))
  expect_equal(counts[1], 0)
  expect_gte(counts[2], 150)
  expect_lte(counts[2], 320)
  expect_gte(counts[3], 550)
  expect_lte(counts[3], 850)
})

test_that("the document's lines work on the default network", {
  clear()
  setup(dt = 1, seed = 42)
  pop1 <- PoissonPopulation(100, rates = 10)
  pop2 <- Population(100, izhikevich)
  proj <- Projection(pop1, pop2, "exc")
  proj$connect_fixed_probability(weights = 5, probability = 0.2)
  m <- Monitor(pop2, "spike")
  compile()
  simulate(1000)
  s <- m$get("spike", keep = TRUE)
  expect_gte(nrow(s), 150)
  expect_lte(nrow(s), 320)
  if (exists("raster_plot", mode = "function")) {
    r <- m$raster_plot()
    expect_equal(nrow(r), nrow(s))
  }
  reset()
  expect_equal(get_time(), 0)
  expect_equal(seed_network_spikes(10, 42), seed_network_spikes(10, 42))
})
