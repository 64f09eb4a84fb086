# parallel_run(backend = "future") on the future backends that start their
# own R processes: future.callr (one callr process per future) and
# future.mirai (mirai daemons, started by the plan or by the user with
# mirai::daemons()). Each must give the results of the sequential backend:
# the core's random numbers from each copy's seed, R's own draws from the
# stream of each idx. (Slurm through future.batchtools: make test-cluster.)
#
# Each sweep runs in a fresh R process (callr::r()), so that the plans,
# daemons and worker processes of these backends never touch the R session
# that runs the rest of the suite (in the full suite, the session's
# tempdir() vanished after these backends had run in it).

run_backend <- function(setup_plan) {
  callr::r(function(setup_plan) {
    suppressPackageStartupMessages(library(annr))
    clear()
    setup(dt = 1, seed = 11)
    pop1 <- PoissonPopulation(50, rates = 10)
    pop2 <- Population(20, Izhikevich)
    proj <- Projection(pop1, pop2, "exc")
    proj$connect_fixed_probability(weights = 5, probability = 0.3)
    m <- Monitor(pop2, "spike")
    sim <- function(idx, net) {
      net[[pop1]]$rates <- 10 * idx
      net$simulate(200)
      list(spikes = net[[m]]$get("spike"), draw = runif(2), pid = Sys.getpid())
    }
    set.seed(3)
    reference <- parallel_run(sim, number = 4, backend = "sequential")
    cleanup <- setup_plan()
    on.exit(cleanup(), add = TRUE)
    set.seed(3)
    one <- parallel_run(sim, number = 4, backend = "future", chunk_size = 1)
    set.seed(3)
    two <- parallel_run(sim, number = 4, backend = "future", chunk_size = 2)
    list(reference = reference, one = one, two = two, pid = Sys.getpid())
  }, list(setup_plan = setup_plan), env = c(callr::rcmd_safe_env(), R_LIBS = Sys.getenv("R_LIBS")))
}

check_backend <- function(out, label) {
  strip <- function(x) lapply(x, function(r) r[c("spikes", "draw")])
  expect_identical(strip(out$one), strip(out$reference), label = label)
  expect_identical(strip(out$two), strip(out$reference), label = label)
  # the networks ran in other R processes than the one that called parallel_run()
  pids <- vapply(c(out$one, out$two), `[[`, numeric(1), "pid")
  expect_false(any(pids == out$pid), label = label)
  expect_gt(sum(vapply(out$one, function(r) nrow(r$spikes), 0)), 0)
}

test_that("future.callr workers give the sequential backend's results", {
  skip_if_not_installed("callr")
  skip_if_not_installed("future")
  skip_if_not_installed("future.callr")
  out <- run_backend(function() {
    old <- future::plan(future.callr::callr, workers = 2)
    function() future::plan(old)
  })
  check_backend(out, "future.callr")
})

test_that("future.mirai daemons give the sequential backend's results", {
  skip_if_not_installed("callr")
  skip_if_not_installed("future")
  skip_if_not_installed("future.mirai")
  out <- run_backend(function() {
    old <- future::plan(future.mirai::mirai_multisession, workers = 2)
    function() future::plan(old)
  })
  check_backend(out, "future.mirai::mirai_multisession")
})

test_that("daemons started with mirai::daemons() serve parallel_run through future.mirai", {
  skip_if_not_installed("callr")
  skip_if_not_installed("future")
  skip_if_not_installed("mirai")
  skip_if_not_installed("future.mirai")
  out <- run_backend(function() {
    mirai::daemons(2)
    old <- future::plan(future.mirai::mirai_cluster)
    function() {
      future::plan(old)
      mirai::daemons(0)
    }
  })
  check_backend(out, "mirai::daemons(2) + future.mirai::mirai_cluster")
})
