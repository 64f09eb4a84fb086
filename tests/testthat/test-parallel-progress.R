# Progress of parallel_run(): progressr on every backend, once per network,
# and the cli bar beside it (issue 12).

progress_network <- function() {
  clear()
  annr::setup(dt = 1, seed = 5)
  pop <- PoissonPopulation(10, rates = 20)
  list(pop = pop, m = Monitor(pop, "spike"))
}

# A progressr handler that records every update it receives: the step
# reached, the amount of the update and its message.
recorder <- function(on_update = function(message) NULL) {
  ticks <- data.frame(step = numeric(0), amount = numeric(0), message = character(0))
  handler <- progressr::make_progression_handler("annr_recorder", reporter = list(
    update = function(config, state, progression, ...) {
      message <- paste(progression$message, collapse = "")
      ticks[nrow(ticks) + 1, ] <<- list(state$step, progression$amount, message)
      on_update(message)
    }), enable = TRUE, times = Inf, interval = 0)
  list(handler = handler, ticks = function() ticks)
}

with_recorder <- function(expr, on_update = function(message) NULL) {
  rec <- recorder(on_update)
  # no buffering of output and messages: the tests read them as they come
  value <- progressr::with_progress(expr, handlers = rec$handler, enable = TRUE,
                                    delay_terminal = FALSE, delay_stdout = FALSE,
                                    delay_conditions = character(0))
  list(value = value, ticks = rec$ticks())
}

expect_one_tick_per_network <- function(ticks, n) {
  expect_equal(nrow(ticks), n)
  expect_equal(ticks$amount, rep(1, n))
  expect_equal(ticks$step, seq_len(n))
  expect_setequal(ticks$message, sprintf("network %d", seq_len(n)))
}

test_that("progressr gets one step per network on the sequential and fork backends", {
  skip_if_not_installed("progressr")
  progress_objs <<- progress_network()
  f <- function(idx, net) {
    net$simulate(50)
    nrow(net[[progress_objs$m]]$raster_plot())
  }
  reference <- parallel_run(f, number = 5, backend = "sequential")
  seq_run <- with_recorder(parallel_run(f, number = 5, backend = "sequential"))
  expect_identical(seq_run$value, reference)
  # (run_sequential() does not pass the index: steps without a message)
  expect_equal(nrow(seq_run$ticks), 5)
  expect_equal(seq_run$ticks$amount, rep(1, 5))
  expect_equal(seq_run$ticks$step, 1:5)
  for (size in c(1, 3)) {
    fork_run <- with_recorder(parallel_run(f, number = 5, backend = "fork", max_processes = 2,
                                           chunk_size = size))
    expect_identical(fork_run$value, reference)
    expect_one_tick_per_network(fork_run$ticks, 5)
  }
  # a network lost with its worker still counts (the bar reaches its end)
  g <- function(idx, net) {
    if (idx == 2) tools::pskill(Sys.getpid(), tools::SIGKILL)
    idx
  }
  lost <- with_recorder(parallel_run(g, number = 3, backend = "fork", max_processes = 1,
                                     on_error = "return"))
  expect_one_tick_per_network(lost$ticks, 3)
})

test_that("progressr gets one step per network from futures, while their chunk runs", {
  skip_if_not_installed("progressr")
  skip_if_not_installed("future")
  progress_objs <<- progress_network()
  f <- function(idx, net) idx
  # sequential plan: one chunk of 4, still one step per network
  fut <- with_recorder(parallel_run(f, number = 4, backend = "future"))
  expect_equal(unlist(fut$value), 1:4)
  expect_one_tick_per_network(fut$ticks, 4)

  old <- future::plan(future::multisession, workers = 2)
  on.exit(future::plan(old), add = TRUE)
  # Network 2 waits (at most 30 s) for a file that the handler, in this
  # process, writes when it receives network 1's step: it arrives only if
  # the worker's progress is relayed while the chunk (1, 2) still runs, not
  # when the chunk ends.
  go <- tempfile("go-")
  on.exit(unlink(go), add = TRUE)
  g <- function(idx, net) {
    if (idx == 2) {
      deadline <- Sys.time() + 30
      while (!file.exists(go) && Sys.time() < deadline) Sys.sleep(0.05)
      return(file.exists(go))
    }
    TRUE
  }
  live <- with_recorder(parallel_run(g, number = 4, backend = "future", chunk_size = 2),
                        on_update = function(message) {
                          if (message == "network 1") file.create(go)
                        })
  expect_equal(unlist(live$value), rep(TRUE, 4))
  expect_one_tick_per_network(live$ticks, 4)
  # the default chunks (one per worker) also tick per network
  fut <- with_recorder(parallel_run(f, number = 6, backend = "future"))
  expect_equal(unlist(fut$value), 1:6)
  expect_one_tick_per_network(fut$ticks, 6)
})

test_that("progressr decides the default of the cli bar, and both can run together", {
  skip_if_not_installed("progressr")
  skip_if_not_installed("cli")
  progress_objs <<- progress_network()
  expect_false(annr:::progressr_listening())
  expect_true(progressr::with_progress(annr:::progressr_listening(), enable = TRUE))
  f <- function(idx, net) idx
  # cli's logger handler prints a line when a bar is created and when it
  # ends, with its count: what cli draws in between depends on its timers.
  old <- options(cli.progress_handlers_only = "logger")
  on.exit(options(old), add = TRUE)
  for (backend in c("fork", "future", "sequential")) {
    if (backend == "future" && !requireNamespace("future", quietly = TRUE)) next
    shown <- capture.output(res <- parallel_run(f, number = 3, backend = backend,
                                                progress = TRUE))
    expect_equal(unlist(res), 1:3)
    expect_match(shown, " 0/3 created$", all = FALSE, info = backend)
    expect_match(shown, " 3/3 terminated \\(done\\)$", all = FALSE, info = backend)
    expect_length(capture.output(quiet <- parallel_run(f, number = 3, backend = backend,
                                                       progress = FALSE)), 0)
    # both at once
    shown <- capture.output(both <- with_recorder(
      parallel_run(f, number = 3, backend = backend, progress = TRUE)))
    expect_equal(unlist(both$value), 1:3)
    expect_match(shown, " 3/3 terminated \\(done\\)$", all = FALSE, info = backend)
    if (backend == "sequential") {
      expect_equal(both$ticks$step, 1:3)
    } else {
      expect_one_tick_per_network(both$ticks, 3)
    }
  }
})
