# parallel_run(backend = "threads"): the user's `method` cut into phases.
#
# R code cannot run on TBB worker threads, and R has no way to pause a
# function call halfway. So the body of `method` is cut at its top-level
# `net$simulate(...)` statements: phase 1 (the statements before the first
# simulate) runs in R for every idx, then every network simulates at once on
# threads (parallel_simulate()'s core call), then phase 2 runs in R for
# every idx, and so on. Each idx evaluates its phases in one environment,
# the frame of a call to `method` with its arguments, so that the variables
# of one phase are there in the next, and with its own R random stream,
# saved between phases, so that R draws are those of the other backends.

# The statements of a function body, one per element.
body_statements <- function(fun) {
  b <- body(fun)
  if (is.call(b) && identical(b[[1]], as.name("{"))) as.list(b)[-1] else list(b)
}

# Is `e` the call `<net>$simulate(...)`?
is_simulate_call <- function(e, net) {
  is.call(e) && is.call(e[[1]]) && identical(e[[1]][[1]], as.name("$")) &&
    identical(e[[1]][[2]], as.name(net)) && identical(e[[1]][[3]], as.name("simulate"))
}

# Does `e` mention `<net>$simulate` anywhere (called or not)?
mentions_simulate <- function(e, net) {
  if (!is.call(e)) return(FALSE)
  if (identical(e[[1]], as.name("$")) && length(e) == 3 &&
      identical(e[[2]], as.name(net)) && identical(e[[3]], as.name("simulate"))) {
    return(TRUE)
  }
  for (i in seq_along(e)) {
    if (!missing_arg(e, i) && mentions_simulate(e[[i]], net)) return(TRUE)
  }
  FALSE
}
missing_arg <- function(e, i) identical(e[[i]], quote(expr = ))

# Where a statement of `method` is, for error messages: "line L" (with
# source references) or "statement k", and its first line of code.
statement_place <- function(fun, k, stmt) {
  refs <- attr(body(fun), "srcref")
  code <- deparse(stmt, width.cutoff = 60L)[1]
  if (length(refs) >= k + 1 && !is.null(refs[[k + 1]])) {
    code <- as.character(refs[[k + 1]])[1]
    file <- attr(refs[[k + 1]], "srcfile")$filename
    where <- if (is.character(file) && length(file) == 1 && nzchar(file) && file != "<text>") {
      sprintf(" of %s", basename(file))
    } else {
      ""
    }
    sprintf("line %d%s (`%s`)", refs[[k + 1]][1], where, trimws(code))
  } else {
    sprintf("statement %d (`%s`)", k, code)
  }
}

simulate_context <- function(stmt, net) {
  head <- if (is.call(stmt)) stmt[[1]] else NULL
  kind <- if (is.name(head)) as.character(head) else ""
  if (kind %in% c("for", "while", "repeat")) return("inside a loop")
  if (kind %in% c("if", "switch", "ifelse")) return("inside a condition")
  if (kind == "function") return("inside a function")
  if (kind %in% c("<-", "=", "<<-") && length(stmt) == 3) return(simulate_context(stmt[[3]], net))
  if (kind == "{") {
    for (s in as.list(stmt)[-1]) if (mentions_simulate(s, net)) return(simulate_context(s, net))
  }
  sprintf("inside a call to %s()", if (nzchar(kind)) kind else "a function")
}

# The plan of a method: its phases (lists of statements) and, between two
# phases, the simulate call that separates them. Stops with a message naming
# the line when the method cannot be cut.
threads_plan <- function(method) {
  fmls <- names(formals(method))
  net <- fmls[2]
  if (length(fmls) < 2 || net == "...") {
    stop("backend = \"threads\" needs `method` to take the network as its second ",
         "argument, by name (function(idx, net, ...)).", call. = FALSE)
  }
  stmts <- body_statements(method)
  phases <- list(list())
  sims <- list()
  for (k in seq_along(stmts)) {
    s <- stmts[[k]]
    target <- NULL
    call <- s
    if (is.call(s) && (identical(s[[1]], as.name("<-")) || identical(s[[1]], as.name("="))) &&
        length(s) == 3 && is_simulate_call(s[[3]], net)) {
      target <- s[[2]]
      call <- s[[3]]
    }
    if (is_simulate_call(call, net)) {
      sims[[length(sims) + 1]] <- list(call = call, place = statement_place(method, k, s))
      # `x <- net$simulate(...)`: simulate() returns the network.
      phases[[length(phases) + 1]] <- if (is.null(target)) list() else
        list(call("<-", target, as.name(net)))
      next
    }
    if (mentions_simulate(s, net)) {
      stop(sprintf(paste0(
        "backend = \"threads\" cannot split `method`: its %s calls %s$simulate() %s. ",
        "Only %s$simulate() calls that stand as statements of their own in the body of ",
        "`method` can run on threads; move it there, or use backend = \"fork\", ",
        "\"future\" or \"sequential\"."),
        statement_place(method, k, s), net, simulate_context(s, net), net), call. = FALSE)
    }
    if ("on.exit" %in% all.names(s)) {
      stop(sprintf(paste0(
        "backend = \"threads\" cannot split `method`: its %s calls on.exit(), which ",
        "has no function call to attach to once the body is cut into phases; use ",
        "backend = \"fork\", \"future\" or \"sequential\"."),
        statement_place(method, k, s)), call. = FALSE)
    }
    last <- length(phases)
    phases[[last]] <- c(phases[[last]], list(s))
  }
  list(net = net, phases = phases, sims = sims)
}

# The frame of a call to `method` with `args` (its promises and defaults as
# in a real call): where an idx evaluates its phases.
method_frame <- function(method, args) {
  frame_of <- method
  body(frame_of) <- quote(environment())
  do.call(frame_of, args)
}

# What a phase that reaches its simulate() returns (any other value is the
# method's return()).
threads_continue <- new.env()

# Runs phase k of one idx in its frame. A phase followed by a simulate()
# returns a "pending" list (network, steps, duration, measure_time) once it
# has evaluated the simulate call's arguments; otherwise the method's value.
threads_phase <- function(plan, k, env) {
  last <- k == length(plan$phases)
  stmts <- plan$phases[[k]]
  if (last && !length(stmts) && length(plan$sims)) {
    return(get(plan$net, envir = env))  # the body ended on simulate(): its value
  }
  code <- as.call(c(as.name("{"), stmts, if (!last) list(threads_continue)))
  value <- eval(code, env)
  if (last || !identical(value, threads_continue)) return(value)
  # The arguments of net$simulate(duration, measure_time, progress), as R
  # would match them.
  sim <- match.call(function(duration, measure_time = FALSE, progress = NULL) NULL,
                    plan$sims[[k]]$call)
  if (is.null(sim$duration)) stop("argument \"duration\" is missing, with no default", call. = FALSE)
  duration <- eval(sim$duration, env)
  measure <- if (is.null(sim$measure_time)) FALSE else eval(sim$measure_time, env)
  if (!is.null(sim$progress)) eval(sim$progress, env)  # evaluated as R would; no bar on threads
  net <- get(plan$net, envir = env)
  if (!inherits(net, "annr_network")) {
    stop(sprintf("`%s` is not a Network object when %s$simulate() is called",
                 plan$net, plan$net), call. = FALSE)
  }
  check_duration(duration)
  ptr <- net$live()
  structure(class = "annr_threads_pending",
            list(ptr = ptr, steps = duration_steps(duration, net$dt, now = net$get_current_step()), duration = duration,
                 measure_time = isTRUE(measure)))
}

# The threads backend. `prepare(idx)` gives the compiled network of idx,
# `args_of(idx, net)` the arguments of method, `streams` the R RNG stream of
# every idx (NULL elements: no stream). Returns what the other runners
# return: for every idx, list(value, seconds), seconds being the time of its
# R phases plus the wall time of the simulations it took part in.
run_threads <- function(plan, method, prepare, args_of, streams, n, threads, progress) {
  bar <- progress_start(n, progress)
  old <- options(annr.progress = FALSE)
  on.exit(options(old), add = TRUE)
  use_streams <- !all(vapply(streams, is.null, logical(1)))
  if (use_streams) {
    caller <- r_rng_get()
    on.exit(r_rng_set(caller), add = TRUE)
  }
  states <- streams
  envs <- vector("list", n)
  out <- vector("list", n)
  seconds <- numeric(n)
  active <- rep(TRUE, n)
  finish <- function(i, value) {
    out[[i]] <<- list(value = value, seconds = seconds[[i]])
    active[[i]] <<- FALSE
    envs[i] <<- list(NULL)  # its network can go
    progress_tick(bar, i)
  }
  # Runs `f()` for idx i on its own R stream (kept for its next phase), timed,
  # with an error turned into that idx's failure.
  in_idx <- function(i, f) {
    started <- proc.time()[["elapsed"]]
    if (use_streams) r_rng_set(states[[i]])
    value <- tryCatch(f(), error = function(e) parallel_failure(i, e))
    if (use_streams) states[[i]] <<- r_rng_get()
    seconds[[i]] <<- seconds[[i]] + proc.time()[["elapsed"]] - started
    value
  }
  # The networks of a batch all exist at once; batches keep the memory of a
  # long sweep bounded, and are big enough to keep every thread busy.
  batch_size <- 16L * max(1L, as.integer(threads))
  for (batch in split(seq_len(n), ceiling(seq_len(n) / batch_size))) {
    for (i in batch) {
      v <- in_idx(i, function() {
        envs[[i]] <<- method_frame(method, args_of(i, prepare(i)))
        NULL
      })
      if (inherits(v, "annr_run_error")) finish(i, v)
    }
    for (k in seq_along(plan$phases)) {
      last <- k == length(plan$phases)
      pending <- list()
      for (i in batch[active[batch]]) {
        v <- in_idx(i, function() threads_phase(plan, k, envs[[i]]))
        if (!inherits(v, "annr_threads_pending")) {
          finish(i, v)  # the method's value (or its error), early return() included
        } else {
          pending[[as.character(i)]] <- v
        }
      }
      if (!length(pending)) next
      ids <- as.integer(names(pending))
      started <- proc.time()[["elapsed"]]
      errors <- tryCatch(
        .annr_simulate_parallel(lapply(pending, `[[`, "ptr"),
                                vapply(pending, `[[`, numeric(1), "steps"),
                                as.integer(threads)),
        error = function(e) rep(conditionMessage(e), length(ids)))
      took <- proc.time()[["elapsed"]] - started
      for (j in seq_along(ids)) {
        i <- ids[[j]]
        seconds[[i]] <- seconds[[i]] + took
        if (nzchar(errors[[j]])) {
          finish(i, parallel_failure(i, simpleError(errors[[j]])))
        } else if (pending[[j]]$measure_time) {
          message(sprintf("Simulating %g ms took %.3f s (network %d; %d networks at once on threads)",
                          pending[[j]]$duration, took, i, length(ids)))
        }
      }
    }
  }
  progress_done(bar)
  out
}

# Two idx cannot simulate one network at the same time on two threads.
threads_distinct_networks <- function(networks) {
  if (inherits(networks, "annr_network")) return(invisible())
  for (i in seq_along(networks)[-1]) {
    for (j in seq_len(i - 1)) {
      if (identical(networks[[i]], networks[[j]])) {
        stop(sprintf(paste0("backend = \"threads\" simulates the networks at the same time: ",
                            "networks[[%d]] and networks[[%d]] are the same Network object; ",
                            "give distinct networks or use backend = \"sequential\"."), j, i),
             call. = FALSE)
      }
    }
  }
  invisible()
}
