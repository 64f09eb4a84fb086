# parallel_run(backend = "future") on the future backends that start their
# own R processes: future.callr (one callr process per future) and
# future.mirai (mirai daemons, started by the plan or by the user with
# mirai::daemons()). Each must give the results of the sequential backend:
# the core's random numbers from each copy's seed, R's own draws from the
# stream of each idx. (Slurm through future.batchtools: make test-cluster.)
#
# Each sweep runs in a fresh R process started with system2(), so that the
# plans, daemons and worker processes of these backends never touch the R
# session that runs the rest of the suite. Not with callr::r(): processx,
# which callr runs on, installs its own SIGCHLD handler in the process that
# starts a child, in place of the one of the parallel package; with callr
# run here, the fork tests that follow still passed, but at exit parallel
# reported "Error while shutting down parallel: unable to terminate some
# child processes" (its record of the fork pool's workers had gone wrong).

run_backend <- function(plan_lines) {
  dir <- tempfile("future-backend-")
  dir.create(dir)
  on.exit(unlink(dir, recursive = TRUE), add = TRUE)
  script <- file.path(dir, "sweep.R")
  result <- file.path(dir, "result.rds")
  log <- file.path(dir, "log.txt")
  writeLines(c(
    "suppressPackageStartupMessages(library(annr))",
    "clear()",
    "setup(dt = 1, seed = 11)",
    "pop1 <- PoissonPopulation(50, rates = 10)",
    "pop2 <- Population(20, Izhikevich)",
    "proj <- Projection(pop1, pop2, 'exc')",
    "proj$connect_fixed_probability(weights = 5, probability = 0.3)",
    "m <- Monitor(pop2, 'spike')",
    "sim <- function(idx, net) {",
    "  net[[pop1]]$rates <- 10 * idx",
    "  net$simulate(200)",
    "  list(spikes = net[[m]]$get('spike'), draw = runif(2), pid = Sys.getpid())",
    "}",
    "set.seed(3)",
    "reference <- parallel_run(sim, number = 4, backend = 'sequential')",
    "cleanup <- function() NULL",
    plan_lines,
    "set.seed(3)",
    "one <- parallel_run(sim, number = 4, backend = 'future', chunk_size = 1)",
    "set.seed(3)",
    "two <- parallel_run(sim, number = 4, backend = 'future', chunk_size = 2)",
    "cleanup()",
    sprintf("saveRDS(list(reference = reference, one = one, two = two, pid = Sys.getpid()), '%s')",
            result)), script)
  # the library paths as absolute paths: the workers of the plan start in
  # other directories
  libs <- paste(normalizePath(.libPaths()), collapse = .Platform$path.sep)
  system2(file.path(R.home("bin"), "Rscript"), shQuote(script), stdout = log, stderr = log,
          env = paste0("R_LIBS=", shQuote(libs)), timeout = 300)
  if (!file.exists(result)) {
    stop("the sweep's R process gave no result:\n", paste(readLines(log), collapse = "\n"))
  }
  readRDS(result)
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
  skip_if_not_installed("future")
  skip_if_not_installed("future.callr")
  out <- run_backend("future::plan(future.callr::callr, workers = 2)")
  check_backend(out, "future.callr")
})

test_that("future.mirai daemons give the sequential backend's results", {
  skip_if_not_installed("future")
  skip_if_not_installed("future.mirai")
  out <- run_backend("future::plan(future.mirai::mirai_multisession, workers = 2)")
  check_backend(out, "future.mirai::mirai_multisession")
})

test_that("daemons started with mirai::daemons() serve parallel_run through future.mirai", {
  skip_if_not_installed("future")
  skip_if_not_installed("mirai")
  skip_if_not_installed("future.mirai")
  out <- run_backend(c(
    "mirai::daemons(2)",
    "future::plan(future.mirai::mirai_cluster)",
    "cleanup <- function() {",
    "  future::plan(future::sequential)",
    "  mirai::daemons(0)",
    "}"))
  check_backend(out, "mirai::daemons(2) + future.mirai::mirai_cluster")
})
