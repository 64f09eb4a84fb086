# parallel_run(), parallel_simulate() and Network save/load (issue 4).

simulation <- function(idx, net, rate) {
  net[[objs$pop1]]$rates <- rate
  net$simulate(1000)
  net[[objs$m]]$raster_plot()
}

test_that("the seed's sweep gives ANNarchy's spike counts, identically on every backend", {
  objs <<- seed_network()
  rates <- c(0, 10, 20)
  seq_res <- parallel_run(simulation, number = 3, rate = rates, backend = "sequential")
  counts <- vapply(seq_res, nrow, integer(1))
  expect_equal(counts[1], 0L)
  expect_true(counts[2] >= 150 && counts[2] <= 320)
  expect_true(counts[3] >= 550 && counts[3] <= 850)
  fork_res <- parallel_run(simulation, number = 3, rate = rates, backend = "fork",
                           max_processes = 2)
  expect_identical(fork_res, seq_res)
  one_worker <- parallel_run(simulation, number = 3, rate = rates, backend = "fork",
                             max_processes = 1)
  expect_identical(one_worker, seq_res)
  skip_if_not_installed("future")
  fut <- parallel_run(simulation, number = 3, rate = rates, backend = "future")
  expect_identical(fut, seq_res)
})

test_that("copies get different random connectivity unless seeds = 'same'", {
  objs <<- seed_network()
  syn <- function(idx, net) {
    net$compile()
    net[[objs$proj]]$synapses()
  }
  diff <- parallel_run(syn, number = 2, backend = "sequential")
  expect_false(identical(diff[[1]], diff[[2]]))
  same <- parallel_run(syn, number = 2, seeds = "same", backend = "sequential")
  expect_identical(same[[1]], same[[2]])
  given <- parallel_run(syn, number = 2, seeds = c(5, 5), backend = "sequential")
  expect_identical(given[[1]], given[[2]])
})

test_that("arguments are checked before anything runs", {
  objs <<- seed_network()
  expect_error(parallel_run(function(idx) 1, number = 2), "at least two arguments")
  expect_error(parallel_run(simulation, number = 3, rate = c(1, 2)),
               "`rate` must have one element per network \\(3\\), not 2")
  expect_error(parallel_run(simulation, number = 2, c(1, 2)), "must be named")
  expect_error(parallel_run(simulation), "exactly one of `number`")
  expect_error(parallel_run(simulation, number = 0), "positive whole number")
  expect_error(parallel_run(simulation, networks = list(1)), "list of Network objects")
  expect_error(parallel_run(simulation, number = 2, seeds = c(1, 2, 3)), "`seeds` must be")
})

test_that("an error in one network keeps the other results", {
  objs <<- seed_network()
  f <- function(idx, net) {
    if (idx == 2) stop("bad parameter")
    idx * 10
  }
  for (backend in c("sequential", "fork")) {
    err <- tryCatch(parallel_run(f, number = 3, backend = backend),
                    annr_parallel_error = function(e) e)
    expect_s3_class(err, "annr_parallel_error")
    expect_match(conditionMessage(err), "idx 2: bad parameter")
    expect_equal(err$results[[1]], 10)
    expect_equal(err$results[[3]], 30)
    res <- parallel_run(f, number = 3, backend = backend, on_error = "return")
    expect_s3_class(res[[2]], "annr_run_error")
    expect_equal(res[[2]]$idx, 2)
  }
})

test_that("a worker process that dies is reported, not waited for", {
  objs <<- seed_network()
  f <- function(idx, net) {
    if (idx == 1) tools::pskill(Sys.getpid(), tools::SIGKILL)
    idx
  }
  res <- parallel_run(f, number = 2, backend = "fork", on_error = "return")
  expect_s3_class(res[[1]], "annr_run_error")
  expect_match(conditionMessage(res[[1]]), "died")
  expect_equal(res[[2]], 2L)
  # the other workers go on; with one worker, what it had finished is kept
  f3 <- function(idx, net) {
    if (idx == 3) tools::pskill(Sys.getpid(), tools::SIGKILL)
    idx
  }
  res <- parallel_run(f3, number = 6, backend = "fork", max_processes = 2, on_error = "return")
  expect_equal(unlist(res[-3]), c(1L, 2L, 4L, 5L, 6L))
  expect_match(conditionMessage(res[[3]]), "died without returning a result")
  res <- parallel_run(f3, number = 5, backend = "fork", max_processes = 1, on_error = "return")
  expect_equal(unlist(res[1:2]), c(1L, 2L))
  expect_match(conditionMessage(res[[3]]), "the worker process died without returning a result")
  expect_match(conditionMessage(res[[4]]), "not run: every worker process died")
  expect_match(conditionMessage(res[[5]]), "not run: every worker process died")
})

test_that("parallel_simulate on threads equals sequential simulation", {
  objs <<- seed_network()
  make <- function() {
    nets <- lapply(1:3, function(i) Network(everything = TRUE, seed = i))
    for (i in 1:3) nets[[i]][[objs$pop1]]$rates <- 10 * i
    nets
  }
  threaded <- make()
  parallel_simulate(threaded, 500, threads = 2)
  sequential <- make()
  for (n in sequential) {
    n$compile()
    n$simulate(500)
  }
  for (i in 1:3) {
    expect_identical(threaded[[i]][[objs$m]]$raster_plot(),
                     sequential[[i]][[objs$m]]$raster_plot())
  }
  expect_error(parallel_simulate(list(1), 10), "list of Network objects")
  expect_error(parallel_simulate(threaded, c(1, 2)), "`duration`")
})

test_that("bind_rasters gives a tidy data frame", {
  r <- list(data.frame(time = c(1, 2), neuron = c(3L, 4L)), data.frame(time = 5, neuron = 1L))
  b <- bind_rasters(r, rate = c(10, 20))
  expect_equal(names(b), c("idx", "rate", "time", "neuron"))
  expect_equal(b$rate, c(10, 10, 20))
  expect_error(bind_rasters(r, rate = 1), "one value per result")
})

test_that("measure_time reports per-network times", {
  objs <<- seed_network()
  expect_message(res <- parallel_run(function(idx, net) idx, number = 2,
                                     backend = "sequential", measure_time = TRUE),
                 "network 1")
  expect_equal(nrow(attr(res, "timing")), 2)
})

test_that("net$save() and net$load() restore variables, weights and time", {
  objs <<- seed_network()
  net <- Network(everything = TRUE, seed = 7)
  net$compile()
  net$simulate(200)
  w <- net[[objs$proj]]$synapses()$w
  net[[objs$proj]]$w <- w * 2
  v <- net[[objs$pop2]]$v
  f <- tempfile(fileext = ".rds")
  net$save(f)
  net$simulate(300)
  expect_false(identical(net[[objs$pop2]]$v, v))
  net$load(f)
  expect_equal(net[[objs$pop2]]$v, v)
  expect_equal(net[[objs$proj]]$synapses()$w, w * 2)
  expect_equal(net$get_time(), 200)
  other <- Network(everything = TRUE, seed = 8)
  other$compile()
  expect_error(other$load(f), "other synapses than the saved one")
})

test_that("learning switches are kept in the definition and in copies", {
  objs <<- seed_network()
  disable_learning()
  expect_false(objs$proj$learning)
  net <- Network(everything = TRUE)
  expect_false(net[[objs$proj]]$learning)
  net$enable_learning(objs$proj)
  expect_true(net[[objs$proj]]$learning)
  expect_false(objs$proj$learning)
  enable_learning()
})

test_that("future multisession workers rebuild the network from its definition", {
  skip_if_not_installed("future")
  objs <<- seed_network()
  pop1 <- objs$pop1
  m <- objs$m
  helper_rate <- function(idx) 10 * (idx - 1)
  sim <- function(idx, net) {
    net[[pop1]]$rates <- helper_rate(idx)
    net$simulate(1000)
    nrow(net[[m]]$raster_plot())
  }
  # as a user would write it at top level
  environment(sim) <- globalenv()
  environment(helper_rate) <- globalenv()
  assign("pop1", pop1, globalenv()); assign("m", m, globalenv())
  assign("helper_rate", helper_rate, globalenv())
  on.exit(rm(list = c("pop1", "m", "helper_rate"), envir = globalenv()), add = TRUE)
  old <- future::plan(future::multisession, workers = 2)
  on.exit(future::plan(old), add = TRUE)
  fut <- unlist(parallel_run(sim, number = 3, backend = "future"))
  seq <- unlist(parallel_run(sim, number = 3, backend = "sequential"))
  expect_identical(fut, seq)
  expect_equal(fut[1], 0L)
})
