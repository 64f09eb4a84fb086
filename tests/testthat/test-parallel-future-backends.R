# parallel_run(backend = "future") on the future backends that start their
# own R processes: future.callr (one callr process per future) and
# future.mirai (mirai daemons, started by the plan or by the user with
# mirai::daemons()). Each must give the results of the sequential backend:
# the core's random numbers from each copy's seed, R's own draws from the
# stream of each idx. (Slurm through future.batchtools: make test-cluster.)

backend_sweep <- function() {
  clear()
  setup(dt = 1, seed = 11)
  pop1 <- PoissonPopulation(50, rates = 10)
  pop2 <- Population(20, Izhikevich)
  proj <- Projection(pop1, pop2, "exc")
  proj$connect_fixed_probability(weights = 5, probability = 0.3)
  m <- Monitor(pop2, "spike")
  function(idx, net) {
    net[[pop1]]$rates <- 10 * idx
    net$simulate(200)
    list(spikes = net[[m]]$get("spike"), draw = runif(2), pid = Sys.getpid())
  }
}

compare_backend <- function(sim, label) {
  set.seed(3)
  reference <- parallel_run(sim, number = 4, backend = "sequential")
  set.seed(3)
  got <- parallel_run(sim, number = 4, backend = "future", chunk_size = 1)
  strip <- function(x) lapply(x, function(r) r[c("spikes", "draw")])
  expect_identical(strip(got), strip(reference), label = label)
  pids <- vapply(got, `[[`, numeric(1), "pid")
  # the networks ran in other R processes than this one
  expect_false(any(pids == Sys.getpid()), label = label)
  expect_gt(sum(vapply(got, function(r) nrow(r$spikes), 0)), 0)
  # chunks of two networks: the same results again
  set.seed(3)
  expect_identical(strip(parallel_run(sim, number = 4, backend = "future", chunk_size = 2)),
                   strip(reference), label = label)
}

test_that("future.callr workers give the sequential backend's results", {
  skip_if_not_installed("future")
  skip_if_not_installed("future.callr")
  sim <- backend_sweep()
  old <- future::plan(future.callr::callr, workers = 2)
  on.exit(future::plan(old), add = TRUE)
  compare_backend(sim, "future.callr")
})

test_that("future.mirai daemons give the sequential backend's results", {
  skip_if_not_installed("future")
  skip_if_not_installed("future.mirai")
  sim <- backend_sweep()
  old <- future::plan(future.mirai::mirai_multisession, workers = 2)
  on.exit(future::plan(old), add = TRUE)
  compare_backend(sim, "future.mirai::mirai_multisession")
})

test_that("daemons started with mirai::daemons() serve parallel_run through future.mirai", {
  skip_if_not_installed("future")
  skip_if_not_installed("mirai")
  skip_if_not_installed("future.mirai")
  sim <- backend_sweep()
  mirai::daemons(2)
  on.exit(mirai::daemons(0), add = TRUE)
  old <- future::plan(future.mirai::mirai_cluster)
  on.exit(future::plan(old), add = TRUE, after = FALSE)
  compare_backend(sim, "mirai::daemons(2) + future.mirai::mirai_cluster")
})
