# parallel_run(chunk_size = ): several networks per job, and the fork pool
# built on parallel's mcparallel()/mccollect() (issue 12).

chunk_network <- function(seed = 42) seed_network(seed, n = 50)  # helper-seed-network.R

chunk_sim <- function(idx, net, rate) {
  net[[chunk_objs$pop1]]$rates <- rate
  net$simulate(300)
  net[[chunk_objs$m]]$raster_plot()
}

test_that("chunking changes neither the results nor their order, on fork and future", {
  chunk_objs <<- chunk_network()
  rates <- c(0, 10, 20, 30, 40)
  reference <- parallel_run(chunk_sim, number = 5, rate = rates, backend = "sequential")
  expect_gt(nrow(reference[[5]]), nrow(reference[[2]]))
  for (size in list(NULL, 1, 2, 3, 5, 100)) {
    fork <- parallel_run(chunk_sim, number = 5, rate = rates, backend = "fork",
                         max_processes = 2, chunk_size = size)
    expect_identical(fork, reference)
  }
  skip_if_not_installed("future")
  for (size in list(NULL, 1, 2, 5)) {
    fut <- parallel_run(chunk_sim, number = 5, rate = rates, backend = "future",
                        chunk_size = size)
    expect_identical(fut, reference)
  }
  # ignored (but checked) by the sequential backend
  expect_identical(parallel_run(chunk_sim, number = 5, rate = rates, backend = "sequential",
                                chunk_size = 2), reference)
})

test_that("chunk_size is checked before anything runs", {
  chunk_objs <<- chunk_network()
  f <- function(idx, net) stop("must not run")
  for (bad in list(0, -1, 1.5, NA, "2", c(1, 2))) {
    expect_error(parallel_run(f, number = 2, backend = "sequential", chunk_size = bad),
                 "`chunk_size` must be NULL or a single whole number >= 1")
  }
})

test_that("an error in one network keeps the others of its chunk, and times stay per network", {
  chunk_objs <<- chunk_network()
  f <- function(idx, net) {
    if (idx == 1) Sys.sleep(1)
    if (idx == 2) stop("bad parameter")
    idx * 10
  }
  backends <- c("fork", if (requireNamespace("future", quietly = TRUE)) "future")
  for (backend in backends) {
    res <- suppressMessages(parallel_run(f, number = 4, backend = backend, chunk_size = 4,
                                         max_processes = 1, on_error = "return",
                                         measure_time = TRUE))
    expect_equal(res[c(1, 3, 4)], list(10, 30, 40))
    expect_s3_class(res[[2]], "annr_run_error")
    expect_equal(res[[2]]$idx, 2)
    expect_match(conditionMessage(res[[2]]), "bad parameter")
    timing <- attr(res, "timing")
    expect_equal(timing$idx, 1:4)
    # each network's own time, not its chunk's
    expect_gte(timing$seconds[1], 1)
    expect_lt(max(timing$seconds[3:4]), timing$seconds[1])
  }
})

test_that("a killed fork worker loses only its network; the rest of its chunk is reported", {
  chunk_objs <<- chunk_network()
  f <- function(idx, net) {
    if (idx == 2) tools::pskill(Sys.getpid(), tools::SIGKILL)
    idx
  }
  res <- parallel_run(f, number = 6, backend = "fork", max_processes = 2, chunk_size = 3,
                      on_error = "return")
  expect_equal(res[[1]], 1L)
  expect_match(conditionMessage(res[[2]]), "the worker process died without returning a result")
  expect_match(conditionMessage(res[[3]]), "not run: the worker process running its chunk died")
  expect_equal(unlist(res[4:6]), 4:6)
  # on_error = "stop" names the dead network
  err <- tryCatch(parallel_run(f, number = 3, backend = "fork", max_processes = 2),
                  annr_parallel_error = function(e) e)
  expect_equal(err$failed, 2L)
  expect_match(conditionMessage(err), "idx 2: the worker process died")
  expect_equal(err$results[c(1, 3)], list(1L, 3L))
})

test_that("the fork pool runs at most max_processes networks at once", {
  chunk_objs <<- chunk_network()
  running <- tempfile("running-")
  dir.create(running)
  on.exit(unlink(running, recursive = TRUE), add = TRUE)
  f <- function(idx, net) {
    mark <- file.path(running, idx)
    file.create(mark)
    at_once <- length(list.files(running))
    Sys.sleep(0.2)
    unlink(mark)
    c(pid = Sys.getpid(), at_once = at_once)
  }
  for (size in c(1, 2)) {
    res <- do.call(rbind, parallel_run(f, number = 6, backend = "fork", max_processes = 2,
                                       chunk_size = size))
    expect_lte(max(res[, "at_once"]), 2)
    expect_lte(length(unique(res[, "pid"])), 2)
    expect_false(any(res[, "pid"] == Sys.getpid()))
  }
})

test_that("future chunks: one per worker by default, or chunk_size networks each", {
  skip_if_not_installed("future")
  chunk_objs <<- chunk_network()
  old <- future::plan(future::multisession, workers = 2)
  on.exit(future::plan(old), add = TRUE)
  pid <- function(idx, net) Sys.getpid()
  # the networks of one chunk run in one future, on one worker process
  by_default <- unlist(parallel_run(pid, number = 5, backend = "future"))
  expect_equal(length(unique(by_default[1:3])), 1)
  expect_equal(length(unique(by_default[4:5])), 1)
  by_two <- unlist(parallel_run(pid, number = 5, backend = "future", chunk_size = 2))
  expect_equal(by_two[1], by_two[2])
  expect_equal(by_two[3], by_two[4])
  expect_false(any(c(by_default, by_two) == Sys.getpid()))
})

test_that("Ctrl-C stops a fork sweep and leaves no worker behind", {
  skip_on_os("windows")
  # In a separate R process, which a forked helper sends SIGINT (as Ctrl-C
  # does) once both workers have started a network that would take 60 s.
  # The script prints whether the interrupt reached it, how long the sweep
  # took, and whether the workers' processes still exist afterwards.
  script <- tempfile(fileext = ".R")
  writeLines(c(
    "suppressPackageStartupMessages(library(annr))",
    "annr::setup(dt = 1, seed = 1)",
    "pop <- Population(2, LeakyIntegrator)",
    "pids <- tempfile(); dir.create(pids)",
    "parent <- Sys.getpid()",
    "helper <- parallel::mcparallel({",
    "  deadline <- Sys.time() + 60",
    "  while (length(list.files(pids)) < 2 && Sys.time() < deadline) Sys.sleep(0.02)",
    "  tools::pskill(parent, tools::SIGINT)",
    "})",
    "f <- function(idx, net) {",
    "  file.create(file.path(pids, Sys.getpid()))",
    "  Sys.sleep(60)",
    "  idx",
    "}",
    "started <- Sys.time()",
    "got <- tryCatch(parallel_run(f, number = 4, backend = 'fork', max_processes = 2),",
    "                interrupt = function(e) 'INTERRUPTED')",
    "elapsed <- as.numeric(difftime(Sys.time(), started, units = 'secs'))",
    "invisible(parallel::mccollect(helper))",
    "workers <- as.integer(list.files(pids))",
    "cat('GOT:', got[[1]], '\\n')",
    "cat('WORKERS:', length(workers), '\\n')",
    "cat('ALIVE:', any(tools::pskill(workers, 0L)), '\\n')",
    "cat('ELAPSED:', elapsed, '\\n')"), script)
  out <- system2(file.path(R.home("bin"), "Rscript"), script, stdout = TRUE, stderr = TRUE,
                 env = paste0("R_LIBS=", paste(.libPaths(), collapse = .Platform$path.sep)),
                 timeout = 180)
  info <- paste(out, collapse = "\n")
  expect_true("GOT: INTERRUPTED " %in% out, info = info)
  expect_true("WORKERS: 2 " %in% out, info = info)
  expect_true("ALIVE: FALSE " %in% out, info = info)
  elapsed <- as.numeric(sub("^ELAPSED: ", "", grep("^ELAPSED:", out, value = TRUE)))
  expect_lt(elapsed, 50)
})

test_that("TBB never starts in a forked worker: parallel_simulate() there runs sequentially", {
  skip_on_os("windows")
  # TBB started in the parent and used again after a fork can deadlock, so
  # this runs in a separate R process with a time limit: the parent starts
  # TBB's threads first, then the workers call parallel_simulate().
  script <- tempfile(fileext = ".R")
  writeLines(c(
    "suppressPackageStartupMessages(library(annr))",
    "annr::setup(dt = 1, seed = 3)",
    "inp <- PoissonPopulation(20, rates = 50)",
    "m <- Monitor(inp, 'spike')",
    "nets <- lapply(1:2, function(i) Network(everything = TRUE, seed = i))",
    "parallel_simulate(nets, 100, threads = 2)",
    "f <- function(idx, net) {",
    "  more <- list(net, Network(everything = TRUE, seed = 10 + idx))",
    "  parallel_simulate(more, 100, threads = 2)",
    "  sapply(more, function(x) nrow(x[[m]]$raster_plot()))",
    "}",
    "a <- parallel_run(f, number = 2, backend = 'fork', max_processes = 2)",
    "b <- parallel_run(f, number = 2, backend = 'sequential')",
    "cat('SAME:', identical(a, b), '\\n')"), script)
  out <- system2(file.path(R.home("bin"), "Rscript"), script, stdout = TRUE, stderr = TRUE,
                 env = paste0("R_LIBS=", paste(.libPaths(), collapse = .Platform$path.sep)),
                 timeout = 180)
  expect_true("SAME: TRUE " %in% out, info = paste(out, collapse = "\n"))
})
