# parallel_run(): one function applied to many independent copies of a
# network, on forked processes, future workers, threads or sequentially.
#
# Why the design looks like this:
# * A network definition is plain R data, so a copy can be built anywhere
#   (a forked child, a future worker on another machine) and compiled there
#   without a C++ compiler.
# * Every copy's seed derives from the master seed and its index only, so a
#   sweep gives identical results whatever the backend, the number of workers
#   or the order in which copies finish.
# * TBB (RcppParallel) must never run inside a forked child, so the fork
#   backend only ever calls the single-threaded simulation loop.

#' Run a function on many independent copies of a network
#'
#' `parallel_run()` calls `method(idx, net, ...)` for `idx` in `1..n`, either
#' on `number` fresh copies of the default network (everything defined at top
#' level, as `Network(everything = TRUE)` would copy it) or on the given
#' `networks`, and returns the results in `idx` order. It is the R version of
#' ANNarchy's `parallel_run()`.
#'
#' @param method A function whose first two arguments receive the index of the
#'   network (`1..n`) and the `Network` object; further arguments receive the
#'   element `idx` of each extra argument given in `...`.
#' @param number Number of copies of the default network to simulate.
#' @param networks A list of `Network` objects (instead of `number`).
#' @param ... Named extra arguments: vectors or lists with one element per
#'   network; call `idx` receives element `idx` of each. Unnamed ones are an
#'   error (they come before the named options so that a forgotten name is
#'   caught).
#' @param max_processes Maximum number of processes (or threads) used at once;
#'   default: the number of cores, at most `n`.
#' @param seeds `NULL` (default: each copy's seed derives from the master seed
#'   of `setup(seed = )` and its index), `"same"` (every copy uses the master
#'   seed) or a numeric vector of `n` seeds. Only used with `number`; networks
#'   given with `networks` keep their own seeds.
#' @param r_seed The master seed of R's own random numbers (`runif()`,
#'   `rnorm()`, `sample()`, ... inside `method`): every `idx` draws from its own
#'   L'Ecuyer-CMRG stream derived from it (see "R's random numbers" below).
#'   `NULL` (default): derived from R's current RNG state, so `set.seed()`
#'   before the call makes the sweep's draws reproducible; `parallel_run()`
#'   then advances the caller's RNG state by exactly one draw (as
#'   `future.apply` does). One whole number: the streams of
#'   `set.seed(r_seed, kind = "L'Ecuyer-CMRG")`; the caller's RNG state is left
#'   untouched. `FALSE`: no streams; `method` draws from whatever RNG state
#'   the process that runs it has (not reproducible on fork or future workers).
#' @param backend `"fork"` (a pool of `max_processes` worker processes
#'   forked with \code{\link[parallel]{mcparallel}}, the default on Unix and macOS; each
#'   worker takes the next chunk of networks as it finishes one, and a worker
#'   that dies, killed by a signal or for want of memory, loses only the
#'   network it was running: that one becomes an `annr_run_error` saying the
#'   worker died, the other results come back; Ctrl-C stops the sweep and
#'   kills the workers),
#'   `"future"` (the workers of the user's `future::plan()`: multisession on
#'   Windows, cluster schedulers through `future.batchtools`),
#'   `"threads"` (one R process; the simulations run at once on up to
#'   `max_processes` threads, see "The threads backend" below),
#'   or `"sequential"` (in this R process; the default on Windows).
#' @param measure_time If `TRUE`, prints the time each network took and
#'   stores them in the attribute `"timing"` of the result (a data frame).
#' @param on_error `"stop"` (default): after every network has run, signal an
#'   error of class `annr_parallel_error` naming the failed indices; the
#'   condition's `results` field holds every result, with the error objects in
#'   the failed slots. `"return"`: return that list without signalling.
#' @param progress Show a \pkg{cli} progress bar: `TRUE` or `FALSE`; default
#'   (`NULL`): in interactive sessions when several networks run, unless
#'   \pkg{progressr} handlers listen (see "Progress"). It moves once per
#'   finished network on every backend.
#' @param chunk_size Number of networks per job: a forked worker claims
#'   `chunk_size` consecutive networks at a time, and the `"future"` backend
#'   makes one future (one cluster job with `future.batchtools`) per chunk.
#'   Default (`NULL`): 1 with `"fork"` (a worker is forked only once anyway,
#'   and single networks balance the load best); with `"future"`, one chunk
#'   per worker of the plan, `ceiling(n / future::nbrOfWorkers())` (one
#'   network per future if the plan has no limit). Ignored by
#'   `"sequential"`. Results, their order, `measure_time`'s per-network times
#'   and the handling of errors do not depend on it: an error in one network
#'   keeps the other results of its chunk. Larger chunks save the overhead of
#'   a job (seconds per job on a cluster scheduler); smaller ones balance
#'   networks of unequal cost. With `"future"`, a worker that dies loses its
#'   whole chunk (future returns nothing of it).
#' @section Progress:
#' Progress is reported once per finished network, in this R process, on
#' every backend (with `"future"`, the workers of multisession and cluster
#' plans report each network while their chunk still runs; other plans, such
#' as `future.batchtools`, when the chunk ends). Two channels:
#' \itemize{
#' \item the \pkg{cli} bar, set by `progress`;
#' \item \pkg{progressr}, when it is installed: `parallel_run()` signals one
#'   progressr step per network, which shows only where the user asks for it,
#'   with `progressr::with_progress(parallel_run(...))` or
#'   `progressr::handlers(global = TRUE)`, through the user's handlers. Then
#'   the cli bar is off by default (`progress = TRUE` shows both).
#' }
#' @return A list of length `n` with the value returned by each call, in
#'   `idx` order.
#'
#' @section R's random numbers:
#' The core's random numbers (Poisson spikes, noise, random connectivity and
#' initial values) come from each network's seed (argument `seeds`). R's own
#' random numbers drawn inside `method` come from a stream of R's
#' `"L'Ecuyer-CMRG"` generator that belongs to `idx`: before the call for
#' `idx`, `.Random.seed` is set to that stream, and afterwards the caller's
#' `.Random.seed` is put back. Stream `idx` is
#' `parallel::nextRNGSubStream()` of the `idx`-th
#' `parallel::nextRNGStream()` of the master seed, exactly as
#' `future.apply::future_lapply(future.seed = TRUE)` derives the stream of
#' element `idx`. So a sweep draws the same R numbers on every backend, with
#' any number of workers and in any order, different numbers for different
#' `idx`, and the same again after the same `set.seed()` (or with the same
#' `r_seed`).
#'
#' @section The threads backend:
#' R code cannot run on worker threads, so `backend = "threads"` cuts the
#' body of `method` at its top-level `net$simulate(duration)` statements
#' (`net` being the name of `method`'s second argument; `x <- net$simulate(d)`
#' counts too). The statements before the first one run in R for every
#' `idx`, one after the other; then every network simulates at once on up to
#' `max_processes` threads (as [parallel_simulate()] does); then the
#' statements up to the next `net$simulate()` run in R for every `idx`, and
#' so on until the end of the body. Each `idx` evaluates its statements in
#' one environment (a call frame of `method` holding its arguments), so the
#' variables set before a simulation are there after it, and with its own R
#' random stream, so the results are identical to those of the other
#' backends. Durations may differ between the networks. An `idx` whose code
#' calls `return()` or fails leaves the sweep there; the others go on.
#'
#' A `net$simulate()` inside a loop, a condition, a function or another call
#' cannot be reached that way: `parallel_run()` stops before running anything
#' and names the line; use another backend for such a method (so too for a
#' method that calls `on.exit()`). `net$step()`, `net$simulate_until()`, and
#' simulations in helper functions that `method` calls run in the R phases,
#' one network after the other. Side effects on R objects outside the
#' network (global variables, files) happen phase by phase rather than
#' network by network. `measure_time` counts, for each network, its R phases
#' plus the wall time of the simulations it was part of.
#' @examples
#' \donttest{
#' clear()
#' setup(dt = 1, seed = 1)
#' pop1 <- PoissonPopulation(100, rates = 10)
#' pop2 <- Population(100, Izhikevich)
#' proj <- Projection(pop1, pop2, "exc")
#' proj$connect_fixed_probability(weights = 5, probability = 0.2)
#' m <- Monitor(pop2, "spike")
#' simulation <- function(idx, net) {
#'   net[[pop1]]$rates <- 10 * (idx - 1)
#'   net$simulate(1000)
#'   net[[m]]$raster_plot()
#' }
#' results <- parallel_run(simulation, number = 3, backend = "sequential")
#' sapply(results, nrow)
#' # the same sweep, the three simulations at once on two threads
#' threaded <- parallel_run(simulation, number = 3, backend = "threads",
#'                          max_processes = 2)
#' identical(threaded, results)
#' # progress through progressr's handlers
#' if (requireNamespace("progressr", quietly = TRUE)) {
#'   results <- progressr::with_progress(
#'     parallel_run(simulation, number = 3, backend = "sequential"))
#' }
#' }
#' @export
parallel_run <- function(method, ..., number = NULL, networks = NULL,
                         max_processes = NULL, seeds = NULL, r_seed = NULL,
                         backend = NULL, measure_time = FALSE,
                         on_error = c("stop", "return"), progress = NULL,
                         chunk_size = NULL) {
  on_error <- match.arg(on_error)
  check_parallel_method(method)
  n <- parallel_count(number, networks)
  extra <- parallel_extra_arguments(list(...), n)
  backend <- parallel_backend(backend)
  max_processes <- parallel_max_processes(max_processes, n)
  if (is.null(progress)) progress <- interactive() && n > 1 && !progressr_listening()
  chunk_size <- parallel_chunk_size(chunk_size)
  # Before anything else that may draw from R's RNG (a default network
  # without a seed draws its master seed once), so that set.seed(s) before
  # the call always gives the same R streams.
  r_streams <- parallel_r_streams(r_seed, n)
  seeds <- parallel_seeds(seeds, n, use_copies = is.null(networks))
  plan <- if (backend == "threads") threads_plan(method) else NULL
  if (backend == "threads" && !is.null(networks)) threads_distinct_networks(networks)

  # What each job needs, as plain R data: a job rebuilds its network itself.
  template <- if (is.null(networks)) default_network() else NULL
  if (backend == "future") method <- capture_globals(method)
  prepare <- function(idx) {
    net <- if (is.null(networks)) {
      copy_network(template, seed = seeds[[idx]])
    } else {
      networks[[idx]]
    }
    net$ensure_compiled()
  }
  args_of <- function(idx, net) c(list(idx, net), lapply(extra, `[[`, idx))
  job <- function(idx) {
    started <- proc.time()[["elapsed"]]
    # one bar for the sweep (if any), none per simulate() inside it
    old <- options(annr.progress = FALSE)
    on.exit(options(old), add = TRUE)
    # idx's own R stream around all of its R code (a network without a seed
    # draws one when compiled), and the caller's state back afterwards.
    value <- with_r_stream(r_streams[[idx]], tryCatch(
      do.call(method, args_of(idx, prepare(idx))),
      error = function(e) parallel_failure(idx, e)))
    list(value = value, seconds = proc.time()[["elapsed"]] - started)
  }

  # Whatever a backend draws for itself (future(seed = TRUE) draws a seed
  # per future) does not move the caller's RNG state any further.
  caller_rng <- r_rng_get()
  runs <- switch(backend,
    sequential = run_sequential(job, n, progress),
    fork = run_forked(job, n, max_processes, progress, chunk_size),
    future = run_future(job, n, progress, chunk_size),
    threads = run_threads(plan, method, prepare, args_of, r_streams, n, max_processes,
                          progress)
  )
  if (!isFALSE(r_seed)) r_rng_set(caller_rng)

  results <- lapply(runs, `[[`, "value")
  timing <- data.frame(idx = seq_len(n),
                       seconds = vapply(runs, `[[`, numeric(1), "seconds"))
  if (measure_time) {
    for (i in seq_len(n)) {
      message(sprintf("network %d: %.3f s", i, timing$seconds[i]))
    }
    attr(results, "timing") <- timing
  }
  failed <- which(vapply(results, inherits, logical(1), "annr_run_error"))
  if (length(failed) && on_error == "stop") {
    details <- vapply(results[failed], conditionMessage, character(1))
    cond <- structure(
      class = c("annr_parallel_error", "error", "condition"),
      list(message = paste0(
             sprintf("%d of %d networks failed in parallel_run():\n", length(failed), n),
             paste0("  idx ", failed, ": ", details, collapse = "\n"),
             "\nThe other results are in the `results` field of this condition ",
             "(tryCatch(..., annr_parallel_error = function(e) e$results)), ",
             "or use on_error = \"return\"."),
           call = NULL, results = results, failed = failed))
    stop(cond)
  }
  results
}

# An error inside one network's job: kept as a value so the others survive.
parallel_failure <- function(idx, error) {
  structure(class = c("annr_run_error", "error", "condition"),
            list(message = conditionMessage(error), call = NULL, idx = idx))
}

#' @export
print.annr_run_error <- function(x, ...) {
  cat(sprintf("<error in network %d: %s>\n", x$idx, conditionMessage(x)))
  invisible(x)
}

check_parallel_method <- function(method) {
  if (!is.function(method)) {
    stop("`method` must be a function(idx, net, ...), not ",
         class(method)[1], ".", call. = FALSE)
  }
  formals_ <- names(formals(method))
  if (length(setdiff(formals_, "...")) < 2 && !("..." %in% formals_)) {
    stop("`method` must take at least two arguments (idx, net); it takes ",
         length(formals_), ".", call. = FALSE)
  }
}

max_sweep_size <- 100000L

parallel_count <- function(number, networks) {
  if (is.null(number) == is.null(networks)) {
    stop("give exactly one of `number` (copies of the default network) and ",
         "`networks` (a list of Network objects).", call. = FALSE)
  }
  if (!is.null(networks)) {
    if (inherits(networks, "annr_network")) networks <- list(networks)
    ok <- vapply(networks, inherits, logical(1), "annr_network")
    if (!is.list(networks) || length(networks) == 0 || !all(ok)) {
      stop("`networks` must be a non-empty list of Network objects",
           if (length(networks) && !all(ok))
             paste0(" (element ", which(!ok)[1], " is not)"), ".", call. = FALSE)
    }
    return(length(networks))
  }
  if (!is.numeric(number) || length(number) != 1 || is.na(number) ||
      number < 1 || number != round(number)) {
    stop("`number` must be a single positive whole number.", call. = FALSE)
  }
  # Per-network seeds, R streams and results are allocated up front.
  if (number > max_sweep_size) {
    stop(sprintf("`number` = %.4g is more than the %d networks one parallel_run() runs; ",
                 number, max_sweep_size),
         "split the sweep into several calls.", call. = FALSE)
  }
  as.integer(number)
}

parallel_extra_arguments <- function(extra, n) {
  if (!length(extra)) return(list())
  nms <- names(extra)
  if (is.null(nms) || any(nms == "")) {
    stop("extra arguments of parallel_run() must be named (argument ",
         which(if (is.null(nms)) rep(TRUE, length(extra)) else nms == "")[1],
         " is not), e.g. parallel_run(f, number = 3, rates = c(0, 10, 20)).",
         call. = FALSE)
  }
  for (nm in nms) {
    if (length(extra[[nm]]) != n) {
      stop(sprintf("extra argument `%s` must have one element per network (%d), not %d.",
                   nm, n, length(extra[[nm]])), call. = FALSE)
    }
  }
  extra
}

parallel_backend <- function(backend) {
  if (is.null(backend)) {
    return(if (.Platform$OS.type == "windows") "sequential" else "fork")
  }
  choices <- c("fork", "future", "threads", "sequential")
  # pmatch(), as match.arg() did, but an error that names the argument
  hit <- if (is.character(backend) && length(backend) == 1 && !is.na(backend)) {
    pmatch(backend, choices)
  } else NA_integer_
  if (is.na(hit)) {
    stop("`backend` must be one of ", paste0("\"", choices, "\"", collapse = ", "),
         " (or NULL for the platform's default), not ",
         if (is.character(backend) && length(backend) == 1) paste0("\"", backend, "\"")
         else deparse(backend)[1], ".", call. = FALSE)
  }
  backend <- choices[hit]
  if (backend == "fork" && .Platform$OS.type == "windows") {
    stop("backend = \"fork\" is not available on Windows; use \"future\" ",
         "(with future::plan(multisession)) or \"sequential\".", call. = FALSE)
  }
  if (backend == "future" && !requireNamespace("future", quietly = TRUE)) {
    stop("backend = \"future\" needs the 'future' package: install.packages(\"future\").",
         call. = FALSE)
  }
  backend
}

parallel_max_processes <- function(max_processes, n) {
  if (is.null(max_processes)) {
    return(max(1L, min(n, parallel::detectCores(logical = FALSE) %||% 1L, na.rm = TRUE)))
  }
  if (!is.numeric(max_processes) || length(max_processes) != 1 ||
      is.na(max_processes) || max_processes < 1) {
    stop("`max_processes` must be a single number >= 1.", call. = FALSE)
  }
  as.integer(min(max_processes, n))
}

parallel_seeds <- function(seeds, n, use_copies) {
  if (!use_copies) {
    if (!is.null(seeds)) {
      warning("`seeds` is ignored with `networks`: each network keeps its own seed.",
              call. = FALSE)
    }
    return(rep(list(NULL), n))
  }
  master <- default_network()$master_seed()
  if (is.null(seeds)) return(as.list(derive_copy_seeds(master, seq_len(n))))
  if (identical(seeds, "same")) return(rep(list(master), n))
  if (!is.numeric(seeds) || length(seeds) != n || anyNA(seeds) ||
      any(seeds < 0) || any(seeds != round(seeds))) {
    stop(sprintf("`seeds` must be NULL, \"same\" or %d non-negative whole numbers.", n),
         call. = FALSE)
  }
  as.list(seeds)
}

`%||%` <- function(a, b) if (is.null(a)) b else a

# Seeds of copies 1..n: derived in the core from (master seed, idx), so they
# do not depend on the backend or on the order in which copies run.
derive_copy_seeds <- function(master, idx) {
  .annr_derive_copy_seeds(as.numeric(master), as.integer(idx))
}

#' Simulate several networks at once on threads
#'
#' When the R side only configures networks (sets rates, weights, initial
#' values) and the C++ simulations are the expensive part, `parallel_simulate()`
#' runs `networks[[i]]$simulate(duration[i])` for every network on up to
#' `threads` threads (RcppParallel/TBB), in one R process. Each network keeps
#' its own seed and random streams, so the results are identical to running
#' them one after the other. Inside a forked child (e.g. in a
#' `parallel_run(backend = "fork")` worker) it runs them sequentially, since
#' TBB must not start after a fork.
#'
#' @param networks A list of `Network` objects (compiled on demand).
#' @param duration Duration in ms: one number, or one per network.
#' @param threads Number of threads (default: `RcppParallel::defaultNumThreads()`).
#' @return The list of networks, invisibly (they now hold the simulated state).
#' @examples
#' \donttest{
#' clear()
#' pop <- PoissonPopulation(10, rates = 20)
#' m <- Monitor(pop, "spike")
#' nets <- lapply(1:2, function(i) Network(everything = TRUE))
#' parallel_simulate(nets, 100, threads = 2)
#' sapply(nets, function(n) nrow(n[[m]]$raster_plot()))
#' }
#' @importFrom RcppParallel defaultNumThreads
#' @export
parallel_simulate <- function(networks, duration, threads = NULL) {
  if (inherits(networks, "annr_network")) networks <- list(networks)
  ok <- is.list(networks) && length(networks) > 0 &&
    all(vapply(networks, inherits, logical(1), "annr_network"))
  if (!ok) stop("`networks` must be a non-empty list of Network objects.", call. = FALSE)
  n <- length(networks)
  if (!is.numeric(duration) || !(length(duration) %in% c(1, n)) || anyNA(duration) ||
      any(duration < 0)) {
    stop(sprintf("`duration` must be one number >= 0 (ms) or %d of them.", n), call. = FALSE)
  }
  duration <- rep_len(duration, n)
  if (is.null(threads)) threads <- RcppParallel::defaultNumThreads()
  if (!is.numeric(threads) || length(threads) != 1 || is.na(threads) || threads < 1) {
    stop("`threads` must be one number >= 1.", call. = FALSE)
  }
  ptrs <- lapply(networks, function(net) {
    net$ensure_compiled()
    net$live()
  })
  steps <- vapply(seq_len(n), function(i) {
    duration_steps(duration[i], networks[[i]]$dt, now = networks[[i]]$get_current_step())
  }, numeric(1))
  errors <- .annr_simulate_parallel(ptrs, steps, as.integer(threads))
  failed <- which(errors != "")
  if (length(failed)) {
    stop(paste0("parallel_simulate(): ", paste0("network ", failed, ": ", errors[failed],
                                                collapse = "; ")), call. = FALSE)
  }
  invisible(networks)
}

.onLoad <- function(libname, pkgname) {
  # The threads backend must know whether it runs in a forked child.
  .annr_remember_process()
}

run_sequential <- function(job, n, progress) {
  bar <- progress_start(n, progress)
  out <- vector("list", n)
  for (i in seq_len(n)) {
    out[[i]] <- job(i)
    progress_tick(bar, i)
  }
  progress_done(bar)
  out
}

# A pool of max_processes forked workers. The processes are parallel's:
# mcparallel() forks each worker once, mccollect() reports when one ends, and
# a worker that ends without delivering its value (killed by a signal, by the
# kernel's out-of-memory killer, or crashed) is known to have died from that
# alone, on every Unix (no /proc, which macOS lacks). The networks travel
# through a scratch directory: the networks are cut into chunks of
# `chunk_size` consecutive indices; each worker claims the next unclaimed
# chunk with an atomic dir.create(), marks each network as started, runs it
# and leaves its result as an .rds file (written under another name, then
# renamed, so it is never read half written). Results come back one network
# at a time, not at the end of a worker or of a chunk, so that
# * a worker that dies loses only the network it was running (what it had
#   finished is already on disk; the chunks it had not claimed go to the
#   other workers),
# * the progress bar moves once per network.
# Forking once per worker instead of once per network saves the fork and the
# copy-on-write of R's heap for every network (~25 ms each for a COBA copy);
# claiming one network at a time (chunk_size = 1, the default) keeps the load
# balanced at the cost of one dir.create() per network.
run_forked <- function(job, n, max_processes, progress, chunk_size = NULL) {
  chunks <- parallel_chunks(n, chunk_size %||% 1L)
  bar <- progress_start(n, progress)
  scratch <- tempfile("annr-parallel-")
  dir.create(scratch)
  claim_path <- function(k) file.path(scratch, paste0("chunk-", k))
  start_path <- function(idx) file.path(scratch, paste0("started-", idx))
  result_file <- function(idx) paste0("result-", idx, ".rds")
  out <- vector("list", n)
  collected <- logical(n)
  workers <- integer(0)  # pids of the workers not yet seen to end
  on.exit({
    # On an error or Ctrl-C in this loop: leave no worker behind (and reap
    # them, so that no zombie stays).
    if (length(workers)) {
      tools::pskill(workers, tools::SIGKILL)
      suppressWarnings(parallel::mccollect(workers, wait = TRUE))
    }
    unlink(scratch, recursive = TRUE)
  }, add = TRUE)

  # Runs in the forked child. TBB must not start there: job() only ever
  # uses the single-threaded simulation loop (and parallel_simulate() knows
  # it is in a child).
  worker <- function() {
    for (k in seq_along(chunks)) {
      if (!dir.create(claim_path(k), showWarnings = FALSE)) next
      for (idx in chunks[[k]]) {
        file.create(start_path(idx))
        partial <- file.path(scratch, paste0(result_file(idx), ".partial"))
        saveRDS(job(idx), partial, compress = FALSE)
        file.rename(partial, file.path(scratch, result_file(idx)))
      }
    }
    TRUE
  }
  for (w in seq_len(min(max_processes, length(chunks)))) {
    workers <- c(workers, parallel::mcparallel(worker(), silent = FALSE, mc.set.seed = TRUE)$pid)
  }
  collect <- function() {
    ready <- list.files(scratch, pattern = "^result-[0-9]+\\.rds$")
    for (idx in sort(as.integer(gsub("[^0-9]", "", ready)))) {
      if (collected[idx]) next
      f <- file.path(scratch, result_file(idx))
      out[[idx]] <<- readRDS(f)
      unlink(f)
      collected[idx] <<- TRUE
      progress_tick(bar, idx)
    }
  }
  while (length(workers)) {
    # Waits up to 50 ms for a worker to end. A worker that ended comes back
    # by its pid: with TRUE if it ran out of chunks, with NULL if it died
    # (mccollect() then warns that it delivered no result: its lost network
    # is reported below instead).
    ended <- suppressWarnings(parallel::mccollect(workers, wait = FALSE, timeout = 0.05))
    collect()
    workers <- setdiff(workers, as.integer(names(ended)))
  }
  collect()
  for (idx in which(!collected)) {
    why <- if (file.exists(start_path(idx))) {
      "the worker process died without returning a result"
    } else if (dir.exists(claim_path(chunk_of(chunks, idx)))) {
      "not run: the worker process running its chunk died before reaching it"
    } else {
      "not run: every worker process died before reaching it"
    }
    out[[idx]] <- list(value = parallel_failure(idx, simpleError(why)), seconds = NA_real_)
    progress_tick(bar, idx)
  }
  progress_done(bar)
  out
}

# chunk_size: NULL (the backend's default) or one whole number >= 1.
parallel_chunk_size <- function(chunk_size) {
  if (is.null(chunk_size)) return(NULL)
  if (!is.numeric(chunk_size) || length(chunk_size) != 1 || is.na(chunk_size) ||
      chunk_size < 1 || chunk_size != round(chunk_size)) {
    stop("`chunk_size` must be NULL or a single whole number >= 1 (networks per job).",
         call. = FALSE)
  }
  as.integer(min(chunk_size, .Machine$integer.max))
}

# 1..n cut into consecutive chunks of chunk_size indices (the last may be
# shorter): consecutive, so that results and progress come roughly in order.
parallel_chunks <- function(n, chunk_size) {
  unname(split(seq_len(n), (seq_len(n) - 1L) %/% chunk_size))
}

chunk_of <- function(chunks, idx) {
  which(vapply(chunks, function(ch) idx %in% ch, logical(1)))[1]
}

# A function defined at top level refers to its globals (populations,
# monitors, helper functions) by name in the global environment, which is
# not sent to another R process. Give it an environment holding copies of
# the globals it uses, so that it travels with them.
capture_globals <- function(fun, seen = character(0)) {
  if (!is.function(fun) || is.primitive(fun) || !identical(environment(fun), globalenv())) {
    return(fun)
  }
  names <- setdiff(all.names(body(fun)), c(names(formals(fun)), seen))
  names <- names[vapply(names, exists, logical(1), envir = globalenv(), inherits = FALSE)]
  env <- new.env(parent = globalenv())
  for (nm in names) {
    value <- get(nm, envir = globalenv())
    if (is.function(value)) value <- capture_globals(value, c(seen, names))
    assign(nm, value, envir = env)
  }
  environment(fun) <- env
  fun
}

# One future per chunk of networks. The default chunk_size gives every
# worker of the plan one chunk (future::nbrOfWorkers(); a plan with
# unlimited workers gets one network per future), so a sweep of tiny
# networks on a cluster scheduler is a few jobs, not one job per network.
# Inside a chunk every network is its own job(idx), with its own tryCatch:
# an error in one network keeps the others of its chunk. After each network
# the worker signals an annr_network_done condition. It is an
# immediateCondition, which future relays to this process while the chunk
# still runs (multisession and cluster workers do, when resolved() polls),
# so that the progress moves per network, not per chunk; backends that relay
# only at the end (batchtools) catch up when the chunk's value arrives.
run_future <- function(job, n, progress, chunk_size = NULL) {
  if (is.null(chunk_size)) {
    chunk_size <- max(1L, ceiling(n / future::nbrOfWorkers()))
  }
  chunks <- parallel_chunks(n, chunk_size)
  bar <- progress_start(n, progress)
  ticked <- logical(n)
  tick <- function(idx) {
    for (i in idx[!ticked[idx]]) progress_tick(bar, i)
    ticked[idx] <<- TRUE
  }
  out <- vector("list", n)
  # Names this sweep's conditions: a parallel_run() nested in `method` sends
  # its own, which travel up through these futures too. (tempfile() draws
  # its name without touching R's random number stream.)
  sweep <- basename(tempfile("sweep-"))
  withCallingHandlers({
    futures <- lapply(chunks, function(idxs) {
      future::future(run_chunk(job, idxs, sweep), seed = TRUE, packages = "annr",
                     globals = list(job = job, idxs = idxs, sweep = sweep,
                                    run_chunk = run_chunk))
    })
    remaining <- seq_along(chunks)
    while (length(remaining)) {
      ready <- remaining[vapply(futures[remaining], future::resolved, logical(1))]
      for (k in ready) {
        idxs <- chunks[[k]]
        out[idxs] <- tryCatch(future::value(futures[[k]]), error = function(e) {
          # the whole future failed (its worker died, or it could not start)
          lapply(idxs, function(i) list(value = parallel_failure(i, e), seconds = NA_real_))
        })
        tick(idxs)
      }
      remaining <- setdiff(remaining, ready)
      if (length(remaining)) Sys.sleep(0.02)
    }
  }, annr_network_done = function(cond) {
    if (identical(cond$sweep, sweep)) tick(cond$idx)
  })
  progress_done(bar)
  out
}

# Runs on the future's worker: the networks of one chunk, one after the other.
run_chunk <- function(job, idxs, sweep) {
  lapply(idxs, function(idx) {
    run <- job(idx)
    signalCondition(structure(
      class = c("annr_network_done", "immediateCondition", "condition"),
      list(message = sprintf("network %d done", idx), call = NULL, idx = idx,
           sweep = sweep)))
    run
  })
}

# Progress of a sweep, once per finished network, through two channels:
# * the cli bar, when `progress` is TRUE (parallel_run()'s default: in
#   interactive sessions, unless progressr handlers listen);
# * progressr, whenever it is installed: a progressor of n steps, seen only
#   when the user listens (progressr::with_progress(), or
#   progressr::handlers(global = TRUE)), as progressr intends.
# Both tick in this process, where the results arrive, whatever the backend.
progress_start <- function(n, progress, envir = parent.frame()) {
  bar <- list(cli = NULL, progressr = NULL)
  if (isTRUE(progress) && requireNamespace("cli", quietly = TRUE)) {
    bar$cli <- cli::cli_progress_bar("Simulating networks", total = n, .envir = globalenv())
  }
  if (requireNamespace("progressr", quietly = TRUE)) {
    # finished when the backend's function returns, also on an error or Ctrl-C
    bar$progressr <- progressr::progressor(steps = n, label = "parallel_run", envir = envir)
  }
  bar
}
progress_tick <- function(bar, idx = NULL) {
  if (!is.null(bar$cli)) cli::cli_progress_update(id = bar$cli, .envir = globalenv())
  if (!is.null(bar$progressr)) {
    bar$progressr(if (is.null(idx)) character(0) else sprintf("network %d", idx))
  }
}
progress_done <- function(bar) {
  if (!is.null(bar$cli)) cli::cli_progress_done(id = bar$cli, .envir = globalenv())
}

# Whether progressr handlers would show progress signalled now: inside
# with_progress() (progressr has no query for that, so look for it among the
# calls being evaluated) or with global handlers.
progressr_listening <- function() {
  if (!requireNamespace("progressr", quietly = TRUE)) return(FALSE)
  if (isTRUE(tryCatch(progressr::handlers(global = NA), error = function(e) FALSE))) {
    return(TRUE)
  }
  wp <- progressr::with_progress
  any(vapply(sys.calls(), function(call) {
    f <- call[[1]]
    identical(f, quote(with_progress)) || identical(f, quote(progressr::with_progress)) ||
      identical(f, wp)
  }, logical(1)))
}

#' Bind the raster plots of a sweep into one data frame
#'
#' One row per spike of every condition of a sweep, with the condition's
#' index and swept parameters as columns: the tidy form of a list of raster
#' plots, ready for dplyr and ggplot2.
#'
#' Conditions that fired no spike have no rows, but they are not lost:
#' `idx` is a factor whose levels are all the conditions `1..n` (so
#' `dplyr::count(sweep, idx, .drop = FALSE)`, `table(sweep$idx)` and
#' ggplot2 facets with `drop = FALSE` show them with 0 spikes), the attribute
#' `"conditions"` holds one row per condition (`idx` and the swept
#' parameters), and [spike_counts()] counts the spikes of every condition,
#' zeros included, with its parameters (and, given the number of neurons and
#' the duration, the firing rate). `ggplot2::autoplot()` draws a sweep
#' coloured by a swept parameter ([autoplot.annr_sweep()]);
#' `tibble::as_tibble()` and `as.data.frame()` drop the class and the
#' attribute. [bind_results()] binds results of any other kind.
#'
#' @param results A list of raster data frames (columns `time`, `neuron`), as
#'   returned by [parallel_run()] with a method returning `raster_plot()`.
#' @param ... Named vectors with one value per element of `results` (the
#'   swept parameters); each becomes a column. The names `idx`, `time` and
#'   `neuron` are taken.
#' @return A data frame of class `annr_sweep` with columns `idx` (a factor
#'   with levels `1..n`), the swept parameters, `time` and `neuron`, and the
#'   attribute `"conditions"` (a data frame, one row per condition).
#' @examples
#' r <- list(data.frame(time = c(1, 2), neuron = c(3L, 4L)),
#'           data.frame(time = numeric(0), neuron = integer(0)),
#'           data.frame(time = 5, neuron = 1L))
#' sweep <- bind_rasters(r, rate = c(10, 0, 20))
#' sweep
#' table(sweep$idx)          # condition 2 fired no spike: 0
#' spike_counts(sweep)       # with the swept parameter
#' @export
bind_rasters <- function(results, ...) {
  params <- list(...)
  if (!is.list(results) || is.data.frame(results)) {
    stop("`results` must be a list of data frames.", call. = FALSE)
  }
  n <- length(results)
  if (length(params) && (is.null(names(params)) || any(names(params) == ""))) {
    stop("the swept parameters given to bind_rasters() must be named.", call. = FALSE)
  }
  taken <- intersect(names(params), c("idx", "time", "neuron"))
  if (length(taken)) {
    stop(sprintf("`%s` cannot be the name of a swept parameter: bind_rasters() uses it for a column.",
                 taken[1]), call. = FALSE)
  }
  for (nm in names(params)) {
    if (!is.atomic(params[[nm]]) || length(params[[nm]]) != n) {
      stop(sprintf("`%s` must have one value per result (%d), not %d.",
                   nm, n, length(params[[nm]])), call. = FALSE)
    }
  }
  for (i in seq_len(n)) {
    r <- results[[i]]
    if (!is.data.frame(r) || !all(c("time", "neuron") %in% names(r))) {
      stop(sprintf("results[[%d]] is not a raster data frame (columns time, neuron).", i),
           call. = FALSE)
    }
  }
  levels_ <- as.character(seq_len(n))
  conditions <- data.frame(idx = factor(levels_, levels = levels_))
  for (nm in names(params)) conditions[[nm]] <- params[[nm]]
  rows <- vapply(results, nrow, integer(1))
  which_idx <- rep(seq_len(n), rows)
  out <- conditions[which_idx, , drop = FALSE]
  out$time <- as.numeric(unlist(lapply(results, `[[`, "time"), use.names = FALSE))
  out$neuron <- as.integer(unlist(lapply(results, `[[`, "neuron"), use.names = FALSE))
  rownames(out) <- NULL
  attr(out, "conditions") <- conditions
  class(out) <- c("annr_sweep", "data.frame")
  out
}
