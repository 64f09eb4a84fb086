# R's own random numbers inside parallel_run()'s method: one L'Ecuyer-CMRG
# stream per idx (issue 12), the same on every backend.

rng_network <- function() {
  clear()
  annr::setup(dt = 1, seed = 42)
  pop1 <- PoissonPopulation(20, rates = 50)
  pop2 <- Population(20, Izhikevich)
  proj <- Projection(pop1, pop2, "exc")
  proj$connect_fixed_probability(weights = 5, probability = 0.2)
  m <- Monitor(pop2, "spike")
  list(pop1 = pop1, pop2 = pop2, m = m)
}

# R draws before and after the simulation, and one that shapes it.
draws <- function(idx, net) {
  a <- runif(3)
  net[[rng_objs$pop2]]$v <- -65 + 10 * runif(20)
  net$simulate(50)
  list(a = a, b = rnorm(2), c = sample(100, 3), spikes = net[[rng_objs$m]]$raster_plot())
}

# Every backend after the same set.seed(): each call moves R's state on.
all_backends <- function(f, n = 4, seed = 123, ...) {
  run <- function(...) {
    set.seed(seed)
    parallel_run(f, number = n, ...)
  }
  out <- list(
    sequential = run(backend = "sequential", ...),
    fork2 = run(backend = "fork", max_processes = 2, ...),
    fork1 = run(backend = "fork", max_processes = 1, ...),
    threads = run(backend = "threads", max_processes = 2, ...))
  if (requireNamespace("future", quietly = TRUE)) {
    out$future <- run(backend = "future", ...)
    old <- future::plan(future::multicore, workers = 2)
    on.exit(future::plan(old), add = TRUE)
    out$future_multicore <- run(backend = "future", ...)
  }
  out
}

with_seed_of <- function(seed, expr) {
  old <- get0(".Random.seed", envir = globalenv())
  assign(".Random.seed", seed, envir = globalenv())
  on.exit(assign(".Random.seed", old, envir = globalenv()))
  expr
}

test_that("every backend gives idx the same R draws, different for each idx", {
  rng_objs <<- rng_network()
  res <- all_backends(draws)
  for (b in names(res)[-1]) expect_identical(res[[b]], res$sequential, label = b)
  a <- lapply(res$sequential, `[[`, "a")
  expect_equal(length(unique(a)), 4)
  b <- lapply(res$sequential, `[[`, "b")
  expect_equal(length(unique(b)), 4)
  # the initial potentials drawn in R changed the simulations
  expect_false(identical(res$sequential[[1]]$spikes, res$sequential[[2]]$spikes))
})

test_that("set.seed() makes a sweep's R draws reproducible; r_seed fixes them", {
  rng_objs <<- rng_network()
  set.seed(1)
  r1 <- parallel_run(draws, number = 3, backend = "fork", max_processes = 2)
  set.seed(1)
  r2 <- parallel_run(draws, number = 3, backend = "fork", max_processes = 2)
  expect_identical(r1, r2)
  set.seed(2)
  r3 <- parallel_run(draws, number = 3, backend = "fork", max_processes = 2)
  expect_false(identical(r1[[1]]$a, r3[[1]]$a))
  # r_seed: whatever the caller's state
  set.seed(5)
  s1 <- parallel_run(draws, number = 3, backend = "sequential", r_seed = 99)
  set.seed(6)
  s2 <- parallel_run(draws, number = 3, backend = "threads", r_seed = 99)
  expect_identical(s1, s2)
})

test_that("the streams are future.apply's: substream of the idx-th stream of the master seed", {
  rng_objs <<- rng_network()
  f <- function(idx, net) runif(4)
  res <- parallel_run(f, number = 3, backend = "sequential", r_seed = 7)
  old <- RNGkind("L'Ecuyer-CMRG")
  set.seed(7)
  s <- .Random.seed
  RNGkind(old[1])
  expected <- list()
  for (i in 1:3) {
    expected[[i]] <- with_seed_of(parallel::nextRNGSubStream(s), runif(4))
    s <- parallel::nextRNGStream(s)
  }
  expect_identical(res, expected)
  skip_if_not_installed("future.apply")
  set.seed(3)
  fa <- future.apply::future_lapply(1:3, function(i) runif(4), future.seed = TRUE)
  set.seed(3)
  expect_identical(parallel_run(f, number = 3, backend = "sequential"), fa)
})

test_that("the caller's RNG state advances by one draw (r_seed = NULL) or stays (r_seed given)", {
  rng_objs <<- rng_network()
  for (backend in c("sequential", "fork", "threads",
                    if (requireNamespace("future", quietly = TRUE)) "future")) {
    set.seed(10)
    parallel_run(draws, number = 3, backend = backend)
    after <- .Random.seed
    set.seed(10)
    invisible(sample.int(1L))
    expect_identical(after, .Random.seed, label = backend)
    expect_identical(RNGkind()[1], "Mersenne-Twister")
    set.seed(10)
    before <- .Random.seed
    parallel_run(draws, number = 3, backend = backend, r_seed = 1)
    expect_identical(.Random.seed, before, label = backend)
  }
  # also when a network fails
  set.seed(10)
  res <- parallel_run(function(idx, net) {
    runif(1)
    if (idx == 2) stop("no")
    idx
  }, number = 3, backend = "sequential", on_error = "return")
  expect_s3_class(res[[2]], "annr_run_error")
  after <- .Random.seed
  set.seed(10)
  invisible(sample.int(1L))
  expect_identical(after, .Random.seed)
})

test_that("r_seed = FALSE leaves R's RNG alone; bad r_seed is an error", {
  rng_objs <<- rng_network()
  f <- function(idx, net) runif(2)
  set.seed(4)
  res <- parallel_run(f, number = 3, backend = "sequential", r_seed = FALSE)
  set.seed(4)
  expect_identical(res, lapply(1:3, function(i) runif(2)))
  expect_error(parallel_run(f, number = 2, r_seed = "a"), "`r_seed` must be")
  expect_error(parallel_run(f, number = 2, r_seed = 1.5), "`r_seed` must be")
  expect_error(parallel_run(f, number = 2, r_seed = c(1, 2)), "`r_seed` must be")
})
