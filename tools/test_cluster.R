# Runs on the one-node Slurm cluster that tools/test_cluster.sh starts (it
# sets SLURM_CONF, USER and ANNR_CLUSTER_DIR): the seed network's sweep through
# future.batchtools with annr's template, checked against the sequential
# backend, then the chunk_size effect on 8 tiny networks. Prints the times
# (the README quotes them) and ends with "test-cluster: N passed, 0 failed".
#   bash tools/test_cluster.sh
suppressPackageStartupMessages({
  library(annr)
  library(future)
})
dir <- Sys.getenv("ANNR_CLUSTER_DIR")
if (!nzchar(dir) || !nzchar(Sys.getenv("SLURM_CONF"))) {
  stop("run through tools/test_cluster.sh (it starts the cluster)")
}
# future.batchtools keeps its registries under ./.future
setwd(dir)
passed <- 0L
check <- function(ok, what) {
  if (!isTRUE(ok)) stop("test-cluster: FAILED: ", what, call. = FALSE)
  passed <<- passed + 1L
  cat("ok:", what, "\n")
}
elapsed <- function(expr) {
  t0 <- proc.time()[["elapsed"]]
  force(expr)
  proc.time()[["elapsed"]] - t0
}

template <- system.file("batchtools", "slurm.tmpl", package = "annr")
check(nzchar(template), "annr ships inst/batchtools/slurm.tmpl")

# The seed network (demo/seed_network.R): 100 Poisson inputs at 0, 10 and
# 20 Hz onto 100 Izhikevich neurons, 1000 ms. The method also draws from
# R's RNG (its own stream per idx) and says which Slurm job ran it.
clear()
setup(dt = 1, seed = 42)
pop1 <- PoissonPopulation(100, rates = 10)
pop2 <- Population(100, Izhikevich)
proj <- Projection(pop1, pop2, "exc")
proj$connect_fixed_probability(weights = 5, probability = 0.2)
m <- Monitor(pop2, "spike")
simulation <- function(idx, net) {
  net[[pop1]]$rates <- 10 * (idx - 1)
  net$simulate(1000)
  list(spikes = net[[m]]$get("spike"), draw = runif(2),
       job = Sys.getenv("SLURM_JOB_ID"))
}
set.seed(1)
sequential <- parallel_run(simulation, number = 3, backend = "sequential")

plan(future.batchtools::batchtools_slurm, template = template,
     resources = list(walltime = 600, ncpus = 1))
cat("plan: batchtools_slurm with", nbrOfWorkers(), "workers; future.batchtools",
    format(packageVersion("future.batchtools")), "\n")
set.seed(1)
seconds <- elapsed(slurm <- parallel_run(simulation, number = 3, backend = "future"))
cat(sprintf("seed sweep (3 networks x 1000 ms) on Slurm: %.1f s\n", seconds))
jobs <- vapply(slurm, `[[`, "", "job")
cat("Slurm jobs:", jobs, "\n")
check(all(nzchar(jobs)), "every network ran inside a Slurm job")
check(all(!nzchar(vapply(sequential, `[[`, "", "job"))), "the sequential run is not in a job")
strip <- function(x) lapply(x, function(r) r[c("spikes", "draw")])
check(identical(strip(slurm), strip(sequential)),
      "spikes and R draws on Slurm are identical to the sequential backend's")
counts <- vapply(slurm, function(r) nrow(r$spikes), 0)
cat("spikes at 0, 10, 20 Hz:", counts, "\n")
check(counts[1] == 0 && counts[2] > 150 && counts[3] > counts[2],
      "the seed network's spike counts (0, ~200, ~700)")

# chunk_size: 8 tiny networks (10 Poisson neurons, 10 ms), each job costs
# the start of an R process on the node; chunks share one.
clear()
setup(dt = 1, seed = 7)
tiny <- PoissonPopulation(10, rates = 50)
tm <- Monitor(tiny, "spike")
tiny_sim <- function(idx, net) {
  net$simulate(10)
  nrow(net[[tm]]$get("spike"))
}
reference <- parallel_run(tiny_sim, number = 8, backend = "sequential")
timing <- list()
for (cs in list(1L, NULL, 8L)) {
  label <- if (is.null(cs)) "default" else as.character(cs)
  timing[[label]] <- elapsed(res <- parallel_run(tiny_sim, number = 8, backend = "future",
                                                 chunk_size = cs))
  check(identical(res, reference), sprintf("8 tiny networks, chunk_size = %s: results as sequential", label))
}
plan(future.batchtools::batchtools_slurm, template = template, workers = 2,
     resources = list(walltime = 600, ncpus = 1))
timing[["default, workers = 2"]] <- elapsed(res <- parallel_run(tiny_sim, number = 8,
                                                                 backend = "future"))
check(identical(res, reference), "8 tiny networks, default chunks with workers = 2: results as sequential")
for (label in names(timing)) {
  cat(sprintf("8 tiny networks on Slurm, chunk_size %-22s %5.1f s\n",
              paste0(label, ":"), timing[[label]]))
}
plan(future::sequential)
cat(sprintf("test-cluster: %d passed, 0 failed\n", passed))
