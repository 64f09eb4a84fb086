# The Network: a set of definition objects (populations, projections,
# monitors) plus, once compiled, the C++ simulation object (an external
# pointer used as a cache that can always be rebuilt from the definitions).

NetworkClass <- R6::R6Class("annr_network",
  cloneable = FALSE,
  public = list(
    #' @field dt Time step (ms).
    dt = 1,
    #' @field seed Seed set by the user or `NULL` (drawn from R's RNG).
    seed = NULL,
    populations = list(),
    projections = list(),
    monitors = list(),
    # Global constants (R/constant.R): a named numeric vector.
    constants = numeric(0),
    # Set by compile(): the seed the core used and the external pointer.
    compiled = FALSE,
    compiled_seed = NULL,
    ptr = NULL,
    # The global parameters right after compile() (what save_parameters() writes).
    initial_globals = NULL,

    initialize = function(everything = FALSE, dt = NULL, seed = NULL) {
      if (!is.null(dt)) self$dt <- check_dt(dt)
      if (!is.null(seed)) self$seed <- check_seed(seed)
      if (isTRUE(everything)) {
        def <- default_network()
        self$dt <- def$dt
        self$constants <- def$constants
        self$add(c(def$populations, def$projections, def$monitors))
      }
      invisible(self)
    },

    print = function(...) {
      cat("<annr network> dt =", self$dt, "ms,",
          length(self$populations), "population(s),",
          length(self$projections), "projection(s),",
          length(self$monitors), "monitor(s)",
          if (self$compiled) "(compiled)" else "(not compiled)", "\n")
      invisible(self)
    },

    # Copies populations, projections and monitors of another network into
    # this one (the copies keep the ids of the originals).
    add = function(objects) {
      if (inherits(objects, c("annr_population", "annr_projection",
                              "annr_monitor", "annr_view", "annr_constant"))) {
        objects <- list(objects)
      }
      if (!is.list(objects)) {
        stop("`objects` must be a population, projection, monitor or a list ",
             "of them", call. = FALSE)
      }
      # constants: a copy of the value (R/constant.R)
      for (o in Filter(function(o) inherits(o, "annr_constant"), objects)) {
        if (!o$name %in% names(self$constants)) add_network_constant(self, o$name, o$value)
      }
      objects <- Filter(function(o) !inherits(o, "annr_constant"), objects)
      kind_order <- vapply(objects, function(o) {
        if (inherits(o, "annr_population")) 1L
        else if (inherits(o, "annr_view")) 1L
        else if (inherits(o, "annr_projection")) 2L
        else if (inherits(o, "annr_monitor")) 3L
        else stop("`objects` contains a ", class(o)[1], ", which cannot be ",
                  "added to a network", call. = FALSE)
      }, integer(1))
      for (o in objects[order(kind_order)]) {
        if (inherits(o, "annr_view")) o <- o$population
        key <- as.character(o$id)
        if (inherits(o, "annr_population")) {
          if (is.null(self$populations[[key]])) copy_population(o, self)
        } else if (inherits(o, "annr_projection")) {
          if (is.null(self$projections[[key]])) copy_projection(o, self)
        } else {
          if (is.null(self$monitors[[key]])) copy_monitor(o, self)
        }
      }
      invisible(self)
    },

    # The copy in this network of an object (population, view, projection or
    # monitor) of another network, found by id.
    get = function(obj) {
      if (is.character(obj)) {
        # by name: a population, projection, monitor or constant of this network
        if (length(obj) != 1 || is.na(obj)) stop("`obj` must be one name or object", call. = FALSE)
        all <- c(self$populations, self$projections, self$monitors)
        hit <- Filter(function(x) identical(x$name, obj), all)
        if (length(hit)) return(hit[[1]])
        if (obj %in% names(self$constants)) return(ConstantClass$new(obj, self))
        stop("this network has nothing named '", obj, "' (its objects: ",
             paste(vapply(all, function(x) x$name, ""), collapse = ", "), ")", call. = FALSE)
      }
      if (!inherits(obj, c("annr_constant", "annr_view", "annr_population", "annr_projection",
                           "annr_monitor"))) {
        stop("`obj` must be a population, view, projection, monitor, constant or the name of one",
             call. = FALSE)
      }
      if (inherits(obj, "annr_constant")) {
        if (!obj$name %in% names(self$constants)) {
          stop("this network has no constant '", obj$name, "'; add it with net$add()", call. = FALSE)
        }
        return(ConstantClass$new(obj$name, self))
      }
      if (inherits(obj, "annr_view")) {
        pop <- self$get(obj$population)
        return(pop[obj$ranks])
      }
      key <- as.character(obj$id)
      found <- if (inherits(obj, "annr_population")) self$populations[[key]]
               else if (inherits(obj, "annr_projection")) self$projections[[key]]
               else if (inherits(obj, "annr_monitor")) self$monitors[[key]]
               else stop("`obj` must be a population, view, projection, monitor, ",
                         "constant or the name of one", call. = FALSE)
      if (is.null(found)) {
        stop("this network has no copy of ", class(obj)[1], " '",
             obj$name, "' (id ", obj$id, "); add it with net$add()",
             call. = FALSE)
      }
      found
    },

    get_population = function(name) {
      for (p in self$populations) if (identical(p$name, name)) return(p)
      stop("no population named '", name, "' in this network", call. = FALSE)
    },

    get_projection = function(name) {
      for (p in self$projections) if (identical(p$name, name)) return(p)
      stop("no projection named '", name, "' in this network", call. = FALSE)
    },

    # The seed this network uses (or will use): the user's, else the one it
    # was compiled with, else a new one drawn from R's RNG and kept.
    master_seed = function() {
      if (!is.null(self$seed)) return(self$seed)
      if (!is.null(self$compiled_seed)) return(self$compiled_seed)
      self$seed <- draw_seed()
      self$seed
    },

    compile = function() {
      # As ANNarchy: compiling twice does nothing (rebuilding would throw the
      # simulated state away); a network whose C++ object is gone is rebuilt.
      if (self$is_live()) {
        message("compile(): the network is already compiled; nothing done ",
                "(reset() restores the initial state, clear() starts a new network)")
        return(invisible(self))
      }
      seed <- if (is.null(self$seed)) draw_seed() else self$seed
      spec <- network_spec(self, seed)
      self$ptr <- .annr_network_create(spec)
      self$compiled_seed <- seed
      self$compiled <- TRUE
      apply_projection_values(self)  # synaptic values set by the user (R/dendrite.R)
      self$initial_globals <- initial_global_values(self)  # R/io.R
      for (m in self$monitors) m$t_start <- 0
      invisible(self)
    },

    # Compiles unless already compiled (what parallel_run() needs before
    # calling the user's function on a copy).
    ensure_compiled = function() {
      if (!self$compiled) self$compile()
      invisible(self)
    },

    # The live C++ object; rebuilt from the definitions when the pointer is
    # dead (after saveRDS()/readRDS() or in another process).
    live = function() {
      if (!self$compiled) {
        stop("the network is not compiled yet: call compile() first",
             call. = FALSE)
      }
      if (!.annr_network_alive(self$ptr)) {
        message("annr: rebuilding the compiled network from its definition ",
                "(the simulated state was not saved)")
        spec <- network_spec(self, self$compiled_seed)
        self$ptr <- .annr_network_create(spec)
        apply_projection_values(self)
        for (m in self$monitors) m$t_start <- 0
      }
      self$ptr
    },

    is_live = function() {
      self$compiled && .annr_network_alive(self$ptr)
    },

    # Called by the constructors of definition objects.
    register = function(obj, kind) {
      # ANNarchy allows monitors after compile(): they record from the next
      # step on (a network rebuilt later from its definition has them from t = 0).
      if (self$compiled && kind == "monitors") {
        self$monitors[[as.character(obj$id)]] <- obj
        if (self$is_live()) {
          spec <- if (is_projection_monitor(obj)) projection_monitor_spec(obj, self$dt)
                  else monitor_spec(obj, self$dt)
          tryCatch(.annr_network_add_monitor(self$ptr, spec, is_projection_monitor(obj)),
                   error = function(e) {
                     self$monitors[[as.character(obj$id)]] <- NULL
                     stop(conditionMessage(e), call. = FALSE)
                   })
          obj$t_start <- self$get_time()
        }
        return(invisible(obj))
      }
      if (self$compiled) {
        stop("the network is already compiled: objects cannot be added to ",
             "it (call clear() to start a new network, or create a new ",
             "Network())", call. = FALSE)
      }
      self[[kind]][[as.character(obj$id)]] <- obj
      invisible(obj)
    },

    simulate = function(duration, measure_time = FALSE, progress = NULL) {
      check_duration(duration)
      ptr <- self$live()
      n <- duration_steps(duration, self$dt, now = self$get_current_step())
      t0 <- proc.time()[["elapsed"]]
      simulate_steps(ptr, n, progress)
      if (isTRUE(measure_time)) {
        message(sprintf("Simulating %g ms took %.3f s", duration,
                        proc.time()[["elapsed"]] - t0))
      }
      invisible(self)
    },

    step = function() {
      .annr_network_simulate(self$live(), 1)
      invisible(self)
    },

    simulate_until = function(max_duration, population, operator = "and") {
      check_duration(max_duration, "max_duration")
      operator <- match.arg(operator, c("and", "or"))
      if (inherits(population, c("annr_population", "annr_view"))) {
        population <- list(population)
      }
      ids <- vapply(population, function(p) {
        if (inherits(p, "annr_view")) p <- p$population
        if (!inherits(p, "annr_population")) {
          stop("`population` must be a population or a list of populations",
               call. = FALSE)
        }
        if (is.null(p$stop_condition) || !nzchar(p$stop_condition)) {
          stop("population '", p$name, "' has no stop_condition",
               call. = FALSE)
        }
        as.integer(p$id)
      }, integer(1))
      n <- duration_steps(max_duration, self$dt, "max_duration", now = self$get_current_step())
      done <- .annr_network_simulate_until(self$live(), n, ids,
                                           operator == "or")
      invisible(done * self$dt)
    },

    reset = function(populations = TRUE, projections = FALSE,
                     monitors = TRUE, synapses = FALSE) {
      .annr_network_reset(self$live(), isTRUE(populations),
                          isTRUE(projections) || isTRUE(synapses),
                          isTRUE(monitors))
      if (isTRUE(monitors)) for (m in self$monitors) m$t_start <- 0
      invisible(self)
    },

    get_time = function() {
      if (!self$compiled) return(0)
      .annr_network_time(self$live())
    },
    set_time = function(t) {
      if (!is.numeric(t) || length(t) != 1 || !is.finite(t) || t < 0) {
        stop("`t` must be one non-negative number (ms)", call. = FALSE)
      }
      if (round(t / self$dt) > max_steps) {
        stop(sprintf("`t` = %g ms is %.4g steps of dt = %g ms; a network runs at most 2^53 (%.4g) steps",
                     t, t / self$dt, self$dt, max_steps), call. = FALSE)
      }
      .annr_network_set_current_step(self$live(), round(t / self$dt))
      invisible(self)
    },
    get_current_step = function() {
      if (!self$compiled) return(0)
      .annr_network_current_step(self$live())
    },
    set_current_step = function(n) {
      if (!is.numeric(n) || length(n) != 1 || !is.finite(n) || n < 0 ||
          n != round(n) || n > max_steps) {
        stop("`n` must be one whole number of steps between 0 and 2^53",
             call. = FALSE)
      }
      .annr_network_set_current_step(self$live(), n)
      invisible(self)
    },
    set_seed = function(seed) {
      self$seed <- check_seed(seed)
      if (self$compiled) {
        self$compiled_seed <- self$seed
        .annr_network_set_seed(self$live(), self$seed)
      }
      invisible(self)
    },

    #' @field learning Whether plastic projections of this network learn.
    learning = TRUE,

    # Learning switches. They are recorded in the definition (so copies and
    # rebuilt networks keep them); they act on projections whose synapse
    # model has equations (plasticity, issue 5). Without plastic synapses
    # nothing changes when they are switched.
    enable_learning = function(projections = NULL, period = NULL, offset = NULL) {
      private$set_learning(projections, TRUE, period, offset)
    },
    disable_learning = function(projections = NULL) {
      private$set_learning(projections, FALSE)
    },

    # The simulated state (everything the definition does not give) to an
    # .rds file, and back (R/io.R).
    save = function(file) save_network_state(self, file),
    load = function(file) load_network_state(self, file)
  ),
  private = list(
    set_learning = function(projections, on, period = NULL, offset = NULL) {
      targets <- if (is.null(projections)) {
        self$learning <- on
        self$projections
      } else {
        if (inherits(projections, "annr_projection")) projections <- list(projections)
        lapply(projections, function(pr) self$get(pr))
      }
      for (pr in targets) {
        if (on) pr$enable_learning(period, offset) else pr$disable_learning()
      }
      invisible(self)
    }
  )
)

#' Create a network
#'
#' A `Network` holds its own copies of populations, projections and monitors
#' and simulates them independently of the default network (the one that
#' top-level objects belong to). Copies keep the geometry, model and every
#' value set explicitly; random connectivity and random initial values are
#' drawn again from the copy's own seed.
#'
#' Methods: `add(objects)`, `get(obj)`, `net[[obj]]` (also
#' `net[[obj]]$rates <- 20`), `compile()`,
#' `simulate(duration, measure_time = FALSE, progress = NULL)` (see
#' [simulate.numeric()] for the progress bar), `step()`,
#' `simulate_until(max_duration, population, operator)`, `reset()`,
#' `get_time()`, `set_time(t)`, `get_current_step()`, `set_current_step(n)`,
#' `set_seed(seed)`, `get_population(name)`, `get_projection(name)`,
#' `enable_learning(projections = NULL)`, `disable_learning(projections = NULL)`
#' (switch plasticity on and off for all or some projections; they have an
#' effect once projections use plastic synapse models), `save(file)` and
#' `load(file)` (see "Saving and loading the state" below).
#'
#' @section Saving and loading the state:
#' `net$save(file)` writes the simulated state of a compiled network to an
#' `.rds` file; `net$load(file)` puts it back into a compiled network built
#' from the same definition (the same network, a `Network(everything = TRUE)`
#' copy, or the same script run again in another session), after which it
#' continues exactly as the saved network would have: simulate, save, load,
#' simulate gives the numbers of the uninterrupted run, bit for bit.
#'
#' Saved: the current step; every population's parameters and variables,
#' last spike times, refractory counters, the spikes of its last step and its
#' inputs (`sum(target)`); the spikes and rates still travelling through
#' delays (uniform and per-synapse); the firing-rate window of
#' `compute_firing_rate()` and the spikes it holds; the position of spike
#' sources and timed arrays in their schedules; every projection's weights,
#' delays and synaptic variables (traces, last event times); the state of
#' every random stream (noise in equations, Poisson spikes, synapse
#' equations) and the network's seed; the values of the global constants.
#'
#' Not saved: what monitors recorded (they keep their data and go on
#' recording after a load, so a load to an earlier time repeats times), and
#' the definition itself (models, connectivity, spike times of a
#' `SpikeSourceArray`, the tables of timed arrays, learning switches), which
#' the loading network must have already. `reset()` after a load returns to
#' the loading network's own initial state (that of its `compile()`), and
#' while fewer steps have passed than a rate-coded delay spans, the delayed
#' rates read before the first step are the loading network's initial ones
#' (the same as the saved network's when both were compiled with the same
#' seed).
#'
#' The file (format version 2) also describes the network's shape: its
#' populations (names, sizes, models' attributes) and projections (names,
#' populations, targets, synapse models' attributes, numbers of synapses),
#' matched in order. `load()` refuses a file of another shape, saying which
#' part differs, a file of another `dt`, of another format version
#' (version 1, from older annr versions, lacked the spikes in flight and the
#' random streams) or that is not an annr state. Every value is checked
#' before anything changes (the checks of `pop$v <- x`: finite numbers,
#' rates >= 0; delays in range; the same synapses): on any error the network
#' is left as it was, and the message names the population or projection and
#' the field. `save()` refuses a state that `load()` would refuse (a
#' variable that became `NaN`).
#'
#' @param everything If `TRUE`, copies every object of the default network.
#' @param dt,seed Time step (ms) and seed of the new network (default: the
#'   default network's `dt`; the seed is drawn from R's RNG at compile time).
#' @return A `Network` (an R6 object of class `annr_network`). `Network$new()`
#'   works too.
#' @examples
#' \donttest{
#' clear()
#' pop <- PoissonPopulation(10, rates = 10)
#' m <- Monitor(pop, "spike")
#' net <- Network(everything = TRUE)
#' net[[pop]]$rates <- 50
#' net$compile()
#' net$simulate(100)
#' nrow(net$get(m)$get("spike"))
#' }
#' @export
Network <- structure(
  function(everything = FALSE, dt = NULL, seed = NULL) {
    NetworkClass$new(everything = everything, dt = dt, seed = seed)
  },
  class = c("annr_network_generator", "function")
)

#' @export
`$.annr_network_generator` <- function(x, name) {
  if (identical(name, "new")) {
    return(function(...) NetworkClass$new(...))
  }
  NetworkClass[[name]]
}

#' @export
print.annr_network_generator <- function(x, ...) {
  cat("<annr Network generator>: Network(everything = FALSE) or",
      "Network$new(...)\n")
  invisible(x)
}

#' @export
`[[.annr_network` <- function(x, i, ...) {
  if (is.character(i)) return(get(i, envir = x))
  x$get(i)
}

#' @export
`[[<-.annr_network` <- function(x, i, value) {
  if (is.character(i)) {
    assign(i, value, envir = x)
    return(x)
  }
  # `net[[pop]]$rates <- 20` already wrote into the copy (an R6 object);
  # only check that the copy is the one of this network.
  if (inherits(i, "annr_constant")) {  # `net[[tau]]$value <- 5` wrote into net (R/constant.R)
    if (!inherits(value, "annr_constant") || !identical(value$network, x) ||
        !identical(value$name, i$name)) {
      stop("`net[[constant]] <- value`: value must be the constant of this network (change it ",
           "with net[[constant]]$value <- v)", call. = FALSE)
    }
    return(x)
  }
  copy <- x$get(i)
  if (!identical(copy, value)) {
    stop("`net[[obj]] <- value`: value must be the copy of obj in this ",
         "network (modify it with net[[obj]]$attr <- value)", call. = FALSE)
  }
  x
}

#' @export
print.annr_network <- function(x, ...) x$print(...)

# Copy of `template` (its definitions, not its compiled state) with its own
# seed: what parallel_run() simulates.
copy_network <- function(template, seed = NULL) {
  net <- NetworkClass$new(dt = template$dt, seed = seed)
  net$constants <- template$constants
  net$add(c(template$populations, template$projections, template$monitors))
  net
}

default_network <- function() {
  if (is.null(.annr_state$default_network)) {
    .annr_state$default_network <- NetworkClass$new()
  }
  .annr_state$default_network
}

#' Internal network statistics (for benchmarks)
#'
#' @param net A compiled network (default: the default network).
#' @return A list: `connectivity_bytes` and `nb_synapses` (one per projection,
#'   named by projection name).
#' @keywords internal
network_info <- function(net = default_network()) {
  ids <- vapply(net$projections, function(p) as.integer(p$id), integer(1))
  info <- .annr_network_info(net$live(), unname(ids))
  names(info$nb_synapses) <- vapply(net$projections, function(p) p$name, "")
  info
}

draw_seed <- function() floor(stats::runif(1) * 2^31)

check_seed <- function(seed) {
  if (!is.numeric(seed) || length(seed) != 1 || !is.finite(seed) ||
      seed < 0 || seed != round(seed) || seed >= 2^53) {
    stop("`seed` must be one whole number in [0, 2^53)", call. = FALSE)
  }
  as.numeric(seed)
}

check_dt <- function(dt) {
  if (!is.numeric(dt) || length(dt) != 1 || !is.finite(dt) || dt <= 0) {
    stop("`dt` must be one positive number (ms)", call. = FALSE)
  }
  as.numeric(dt)
}

# Runs n steps of a live network. With a progress bar (cli; it appears once
# the run has taken 2 s) when `progress` is TRUE, or by default in
# interactive sessions outside parallel_run() (which has its own bar). The
# run is cut into slices of a multiple of 1024 steps, the core's interval
# between Ctrl-C checks, so that the bar moves; Ctrl-C stops at a step
# boundary with a warning and leaves the network usable.
simulate_steps <- function(ptr, n, progress = NULL) {
  if (is.null(progress)) progress <- interactive() && !identical(getOption("annr.progress"), FALSE)
  if (!is.logical(progress) || length(progress) != 1 || is.na(progress)) {
    stop("`progress` must be TRUE, FALSE or NULL", call. = FALSE)
  }
  show <- progress && n > 1024 && requireNamespace("cli", quietly = TRUE)
  slice <- if (show) 1024 * ceiling(n / 100 / 1024) else n
  # Ctrl-C must not cut cli's code short (that leaves the bar broken and
  # raises errors): it is held back while the bar is drawn and then stops the
  # run as it does in the core's loop.
  bar <- if (show) suspendInterrupts(cli::cli_progress_bar("Simulating", total = n)) else NULL
  start <- .annr_network_current_step(ptr)
  done <- 0
  interrupted <- FALSE
  tryCatch(
    while (done < n) {
      k <- min(slice, n - done)
      got <- .annr_network_simulate(ptr, k)
      done <- done + got
      if (show) suspendInterrupts(cli::cli_progress_update(set = done, id = bar))
      if (got < k) {
        interrupted <- TRUE
        break
      }
    },
    # Ctrl-C that lands in R code between two slices stops the run at a step
    # boundary too, with the same warning.
    interrupt = function(e) interrupted <<- TRUE)
  if (interrupted) {
    done <- .annr_network_current_step(ptr) - start
    warning(sprintf("simulation interrupted by the user after %.0f of %.0f steps (t = %g ms)",
                    done, n, .annr_network_time(ptr)), call. = FALSE)
  }
  if (show) suspendInterrupts(cli::cli_progress_done(id = bar))
  invisible(done)
}

# The core counts steps in 64-bit integers and keeps times as doubles: up
# to 2^53 steps both are exact, so that is the most a network may run.
max_steps <- 2^53

# The number of steps of `duration` ms at `dt`, checked against max_steps
# (counting the `now` steps already done).
duration_steps <- function(duration, dt, arg = "duration", now = 0) {
  n <- ceiling(duration / dt - 1e-9)
  if (!is.finite(n) || n + now > max_steps) {
    stop(sprintf("`%s` = %g ms is %.4g steps of dt = %g ms%s; a network runs at most 2^53 (%.4g) steps",
                 arg, duration, duration / dt, dt,
                 if (now > 0) sprintf(" after the %.0f already done", now) else "", max_steps),
         call. = FALSE)
  }
  n
}

check_duration <- function(duration, arg = "duration") {
  if (!is.numeric(duration) || length(duration) != 1 || !is.finite(duration) ||
      duration < 0) {
    stop("`", arg, "` must be one non-negative number of ms", call. = FALSE)
  }
  invisible(duration)
}
