# Populations: attribute read/write, validation, views, distributions.

lif_model <- function() {
  Neuron(parameters = "tau = 10.0\nv_rest = -65.0 : population",
         equations = "tau * dv/dt = v_rest - v + g_exc : init = -65.0",
         spike = "v > -50.0", reset = "v = v_rest", name = "LIF")
}

test_that("attributes can be read and written before and after compile", {
  clear()
  pop <- Population(10, lif_model, name = "lif")
  expect_s3_class(pop, "annr_population")
  expect_equal(pop$size, 10L)
  expect_equal(pop$name, "lif")
  expect_true(all(c("tau", "v") %in% pop$attributes))
  expect_equal(pop$v, rep(-65, 10))
  pop$v <- -60
  expect_equal(pop$v, rep(-60, 10))
  pop$v <- seq(-70, -61)
  expect_equal(pop$v, seq(-70, -61))
  pop[1:3]$v <- -80
  expect_equal(pop$v[1:4], c(-80, -80, -80, -67))
  pop$v_rest <- -70
  expect_equal(pop$v_rest, -70)
  compile()
  expect_equal(pop$v[1:4], c(-80, -80, -80, -67))
  pop$tau <- 20
  expect_equal(pop$tau, rep(20, 10))
  pop[rep(c(TRUE, FALSE), 5)]$v <- 0
  expect_equal(pop$v[1:2], c(0, -80))
  expect_equal(pop[5:6]$v, c(0, -65))
})

test_that("bad attribute writes give clear errors", {
  clear()
  pop <- Population(10, lif_model(), name = "lif")
  expect_error(pop$vv, "population 'lif' has no attribute 'vv'")
  expect_error(pop$vv <- 1, "population 'lif' has no attribute 'vv'")
  expect_error(pop$v <- 1:3, "length 1 or 10")
  expect_error(pop$v <- NA, "finite")
  expect_error(pop$v_rest <- 1:10, "global")
  expect_error(pop[0:2], "1..10")
  expect_error(pop[11], "1..10")
  expect_error(pop$size <- 3, "cannot be changed")
  expect_error(Population(0, lif_model), "geometry")
  expect_error(Population(10, "LIF"), "Neuron")
})

test_that("geometry and views", {
  clear()
  pop <- Population(c(4, 5), lif_model)
  expect_equal(pop$size, 20L)
  expect_equal(pop$geometry, c(4L, 5L))
  v <- pop[3:7]
  expect_s3_class(v, "annr_view")
  expect_equal(v$size, 5L)
  expect_equal(v$ranks, 3:7)
  v$v <- -1
  expect_equal(pop$v[2:8], c(-65, rep(-1, 5), -65))
  expect_equal(v[2:3]$ranks, 4:5)
})

test_that("distributions are drawn in the core, differently per seed", {
  skip_if_not(exists("Uniform", mode = "function"))
  draw <- function(seed) {
    clear()
    setup(seed = seed)
    pop <- Population(50, lif_model)
    pop$v <- Uniform(-70, -50)
    expect_true(all(is.na(pop$v)))  # not drawn before compile
    compile()
    pop$v
  }
  a <- draw(1)
  b <- draw(1)
  c <- draw(2)
  expect_true(all(a >= -70 & a <= -50))
  expect_equal(a, b)
  expect_false(isTRUE(all.equal(a, c)))
  expect_gt(length(unique(a)), 40)
})

test_that("PoissonPopulation takes a number, a vector or an equation", {
  clear()
  p1 <- PoissonPopulation(5, rates = 10)
  expect_equal(p1$rates, rep(10, 5))
  p2 <- PoissonPopulation(3, rates = c(1, 2, 3))
  expect_equal(p2$rates, c(1, 2, 3))
  p3 <- PoissonPopulation(3, rates = "10 + 0 * t")
  expect_true("rates" %in% p3$attributes)
  expect_error(PoissonPopulation(3, rates = 1:2), "length 1 or 3")
  p1$rates <- 20
  expect_equal(p1$rates, rep(20, 5))
})

test_that("SpikeSourceArray keeps and validates spike times", {
  clear()
  src <- SpikeSourceArray(list(c(20, 10), 5, numeric(0)))
  expect_equal(src$size, 3L)
  expect_equal(src$spike_times, list(c(10, 20), 5, numeric(0)))
  src$spike_times <- list(1, 2, 3)
  expect_equal(src$spike_times, list(1, 2, 3))
  expect_error(src$spike_times <- list(1, 2), "one element per neuron")
  expect_error(SpikeSourceArray(list(-1)), "non-negative")
  one <- SpikeSourceArray(c(1, 2, 3))
  expect_equal(one$size, 1L)
})

test_that("pop$get(), pop$set(), pop$parameters and pop$variables (ANNarchy's API)", {
  clear()
  Node <- Neuron(parameters = "tau = 10.0\ntau_g = 5.0",
                 equations = "tau_g * dg_exc/dt = -g_exc\ntau * dv/dt = -v + g_exc",
                 spike = "v > 100", reset = "v = 0")
  pop <- Population(c(4, 5), Node)
  src <- SpikeSourceArray(list(1, 2))
  # ANNarchy 4.7.3: parameters ['tau', 'tau_g'], variables ['g_exc', 'v', 'r']
  expect_equal(pop$parameters, c("tau", "tau_g"))
  expect_equal(pop$variables, c("g_exc", "v", "r"))
  expect_equal(pop[1:3]$parameters, c("tau", "tau_g"))
  expect_equal(pop[2, ]$variables, c("g_exc", "v", "r"))
  pop$set(list(tau = 20, v = seq(0, 1.9, by = 0.1)))
  expect_equal(pop$get("tau"), rep(20, 20))
  expect_equal(pop$get("v")[20], 1.9)
  compile()
  pop$set(list(tau_g = 3))
  expect_equal(pop$get("tau_g"), rep(3, 20))
  pop[1:2]$set(list(v = c(7, 8)))
  expect_equal(pop$get("v")[1:3], c(7, 8, 0.2))
  expect_equal(pop[1:2]$get("v"), c(7, 8))
  expect_error(pop$set(list(5)), "named list")
  expect_error(pop$set(list(nope = 1)), "no attribute 'nope'")
  expect_error(pop$get("nope"), "no attribute 'nope'")
  expect_error(pop$get(1), "one attribute name")
  expect_error(pop$get <- 1, "cannot be changed")
  expect_equal(src$parameters, "spike_times")
  expect_equal(src$get("spike_times"), list(1, 2))
})
