# parallel_run(backend = "threads"): the method cut into R phases around its
# top-level net$simulate() calls, the simulations on TBB threads (issue 12).

thr_network <- function(seed = 42) seed_network(seed)  # helper-seed-network.R

test_that("the seed network's simulation() runs unchanged on threads, as on every backend", {
  objs <- thr_network()
  pop1 <- objs$pop1
  m <- objs$m
  # demo/seed_network.R's function, word for word
  simulation <- function(idx, net) {
    net[[pop1]]$rates <- 10 * (idx - 1)   # R's idx is 1-based: 0, 10, 20 Hz
    net$simulate(1000)
    net[[m]]$get("spike")
  }
  thr <- parallel_run(method = simulation, number = 3, backend = "threads", max_processes = 2)
  seq_ <- parallel_run(method = simulation, number = 3, backend = "sequential")
  fork <- parallel_run(method = simulation, number = 3, backend = "fork", max_processes = 2)
  expect_identical(thr, seq_)
  expect_identical(thr, fork)
  counts <- vapply(thr, nrow, integer(1))
  # ANNarchy's figures for this network: about 0, 200-250 and 650-750 spikes
  expect_equal(counts[1], 0L)
  expect_true(counts[2] >= 150 && counts[2] <= 320)
  expect_true(counts[3] >= 550 && counts[3] <= 850)
  # the vignette's variant with R's random initial potentials
  pop2 <- objs$pop2
  simulation <- function(idx, net) {
    net[[pop1]]$rates <- 10 * (idx - 1)
    net[[pop2]]$v <- -60 + 10 * runif(100)
    net$simulate(1000)
    net[[m]]$raster_plot()
  }
  set.seed(8)
  thr <- parallel_run(method = simulation, number = 3, backend = "threads")
  set.seed(8)
  seq_ <- parallel_run(method = simulation, number = 3, backend = "sequential")
  expect_identical(thr, seq_)
  skip_if_not_installed("future")
  set.seed(8)
  expect_identical(parallel_run(method = simulation, number = 3, backend = "future"), thr)
})

test_that("several simulate() calls run in lockstep, with durations and variables per idx", {
  objs <- thr_network()
  f <- function(idx, net, rate, first = 100 * idx) {
    net[[objs$pop1]]$rates <- rate
    x <- runif(1)
    net$simulate(first)                 # a different duration for each idx
    n1 <- nrow(net[[objs$m]]$raster_plot())
    t1 <- net$get_time()
    net[[objs$pop1]]$rates <- 2 * rate
    y <- rnorm(1)
    again <- net$simulate(duration = 50)
    n2 <- nrow(net[[objs$m]]$raster_plot())
    net$simulate(25 * idx, measure_time = FALSE)
    list(x = x, y = y, n1 = n1, t1 = t1, n2 = n2, t = net$get_time(),
         same = identical(again, net), missing_first = missing(first))
  }
  rates <- c(20, 40, 60)
  set.seed(11)
  thr <- parallel_run(f, number = 3, rate = rates, backend = "threads", max_processes = 2)
  set.seed(11)
  seq_ <- parallel_run(f, number = 3, rate = rates, backend = "sequential")
  expect_identical(thr, seq_)
  expect_equal(vapply(thr, `[[`, 0, "t1"), c(100, 200, 300))
  expect_equal(vapply(thr, `[[`, 0, "t"), c(175, 300, 425))
  expect_true(all(vapply(thr, `[[`, TRUE, "same")))
  expect_true(all(vapply(thr, `[[`, TRUE, "missing_first")))
})

test_that("bodies without braces, without simulate() or ending on it work", {
  objs <- thr_network()
  only <- parallel_run(function(idx, net) net$simulate(10), number = 2, backend = "threads")
  expect_s3_class(only[[1]], "annr_network")
  expect_equal(only[[2]]$get_time(), 10)
  none <- parallel_run(function(idx, net) idx * 2, number = 3, backend = "threads")
  expect_equal(none, list(2, 4, 6))
  last <- parallel_run(function(idx, net) {
    net$simulate(5)
    done <- net$simulate(5)
  }, number = 2, backend = "threads")
  expect_equal(last[[1]]$get_time(), 10)
  empty <- parallel_run(function(idx, net) {}, number = 2, backend = "threads")
  expect_equal(empty, list(NULL, NULL))
})

test_that("return() and errors end one idx; the others go on", {
  objs <- thr_network()
  f <- function(idx, net) {
    if (idx == 2) return("early")
    net$simulate(10)
    if (idx == 3) stop("bad network ", idx)
    net$simulate(10)
    if (idx == 4) return(-1)
    net$get_time()
  }
  res <- parallel_run(f, number = 5, backend = "threads", on_error = "return")
  expect_equal(res[[1]], 20)
  expect_equal(res[[2]], "early")
  expect_s3_class(res[[3]], "annr_run_error")
  expect_match(conditionMessage(res[[3]]), "bad network 3")
  expect_equal(res[[4]], -1)
  expect_equal(res[[5]], 20)
  seq_ <- parallel_run(f, number = 5, backend = "sequential", on_error = "return")
  expect_identical(lapply(res, class), lapply(seq_, class))
  expect_equal(conditionMessage(res[[3]]), conditionMessage(seq_[[3]]))
  err <- tryCatch(parallel_run(f, number = 5, backend = "threads"),
                  annr_parallel_error = function(e) e)
  expect_match(conditionMessage(err), "idx 3: bad network 3")
  # a bad duration fails that idx with simulate()'s own message
  g <- function(idx, net) {
    net$simulate(if (idx == 1) -5 else 10)
    net$get_time()
  }
  res <- parallel_run(g, number = 2, backend = "threads", on_error = "return")
  expect_match(conditionMessage(res[[1]]), "`duration` must be one non-negative number")
  expect_equal(res[[2]], 10)
})

test_that("a simulate() inside a loop, a condition or a call is refused, naming the line", {
  objs <- thr_network()
  loop <- function(idx, net) {
    net[[objs$pop1]]$rates <- 5
    for (i in 1:3) net$simulate(10)
    idx
  }
  expect_error(parallel_run(loop, number = 2, backend = "threads"),
               "(line|statement) [0-9]+ .*for \\(i in 1:3\\).*inside a loop.*backend = \"fork\"")
  cond <- function(idx, net) {
    if (idx > 1) {
      net$simulate(10)
    }
  }
  expect_error(parallel_run(cond, number = 2, backend = "threads"), "inside a condition")
  wrapped <- function(idx, net) {
    x <- tryCatch(net$simulate(10), error = function(e) NULL)
  }
  expect_error(parallel_run(wrapped, number = 2, backend = "threads"),
               "inside a call to tryCatch\\(\\)")
  exits <- function(idx, net) {
    on.exit(cat("bye"))
    net$simulate(1)
  }
  expect_error(parallel_run(exits, number = 2, backend = "threads"), "on.exit")
  expect_error(parallel_run(function(idx, ...) 1, number = 2, backend = "threads"),
               "second argument")
  # the same method runs on the other backends
  expect_equal(parallel_run(loop, number = 2, backend = "sequential"), list(1L, 2L))
})

test_that("networks given by the user run on threads; the same one twice is refused", {
  objs <- thr_network()
  nets <- lapply(1:2, function(i) Network(everything = TRUE, seed = i))
  f <- function(idx, net) {
    net$simulate(200)
    nrow(net[[objs$m]]$raster_plot())
  }
  thr <- parallel_run(f, networks = nets, backend = "threads")
  nets2 <- lapply(1:2, function(i) Network(everything = TRUE, seed = i))
  expect_identical(thr, parallel_run(f, networks = nets2, backend = "sequential"))
  expect_error(parallel_run(f, networks = list(nets[[1]], nets[[1]]), backend = "threads"),
               "networks\\[\\[1\\]\\] and networks\\[\\[2\\]\\] are the same")
})

test_that("measure_time and bad backends", {
  objs <- thr_network()
  f <- function(idx, net) {
    net$simulate(10, measure_time = TRUE)
    idx
  }
  expect_message(res <- parallel_run(f, number = 2, backend = "threads", measure_time = TRUE),
                 "Simulating 10 ms took")
  expect_equal(nrow(attr(res, "timing")), 2)
  expect_error(parallel_run(f, number = 2, backend = "cluster"),
               "`backend` must be one of \"fork\", \"future\", \"threads\", \"sequential\"")
})

test_that("a long sweep runs in batches with the same results", {
  objs <- thr_network()
  f <- function(idx, net) {
    net[[objs$pop1]]$rates <- 50 + runif(1)
    net$simulate(20)
    nrow(net[[objs$m]]$raster_plot())
  }
  set.seed(21)
  thr <- parallel_run(f, number = 35, backend = "threads", max_processes = 1)  # batches of 16
  set.seed(21)
  expect_identical(thr, parallel_run(f, number = 35, backend = "sequential"))
})
