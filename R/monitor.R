# Monitors: record spikes and variables of a population or view. The
# recording lives in the core; the R object knows what to record and turns
# the core's buffers into matrices and data frames (times in ms, 1-based
# ranks).

MonitorClass <- R6::R6Class("annr_monitor",
  cloneable = FALSE,
  public = list(
    id = NULL,
    name = NULL,
    obj = NULL,          # population or view, as given
    population = NULL,
    ranks = NULL,        # 1-based, NULL = whole population
    variables = NULL,
    period = NULL,       # ms or NULL (every step)
    start_recording = TRUE,
    network = NULL,
    t_start = 0,         # ms: start of the data currently buffered

    initialize = function(obj, variables, period, start, network,
                          id = next_object_id()) {
      self$id <- id
      self$obj <- obj
      self$population <- if (inherits(obj, "annr_view")) obj$population
                         else obj
      self$ranks <- if (inherits(obj, "annr_view")) obj$ranks else NULL
      self$variables <- variables
      self$period <- period
      self$start_recording <- start
      self$network <- network
      self$name <- paste0("monitor", id)
    },

    print = function(...) {
      cat("<annr monitor> of '", self$population$name, "': ",
          paste(self$variables, collapse = ", "), "\n", sep = "")
      invisible(self)
    },

    start = function() {
      if (!self$network$compiled) {
        self$start_recording <- TRUE
        return(invisible(self))
      }
      ptr <- self$network$live()
      if (!.annr_monitor_recording(ptr, self$id) &&
          !self$has_data(ptr)) {
        self$t_start <- self$network$get_time()
      }
      .annr_monitor_start(ptr, self$id)
      invisible(self)
    },
    resume = function() self$start(),
    pause = function() {
      if (!self$network$compiled) {
        self$start_recording <- FALSE
        return(invisible(self))
      }
      .annr_monitor_pause(self$network$live(), self$id)
      invisible(self)
    },
    stop = function() {
      if (!self$network$compiled) {
        self$start_recording <- FALSE
        return(invisible(self))
      }
      ptr <- self$network$live()
      .annr_monitor_pause(ptr, self$id)
      .annr_monitor_clear(ptr, self$id)
      invisible(self)
    },

    has_data = function(ptr) {
      d <- .annr_monitor_data(ptr, self$id, TRUE)
      length(d$steps) > 0 || length(d$spike_steps) > 0 ||
        d$recording_steps > 0
    },

    # One variable: a matrix time x neuron (rownames = times in ms, attribute
    # "times"); "spike": data.frame(time, neuron); several: a named list.
    get = function(variables = NULL, keep = FALSE) {
      if (is.null(variables)) variables <- self$variables
      unknown <- setdiff(variables, self$variables)
      if (length(unknown)) {
        stop("monitor of '", self$population$name, "' does not record ",
             paste0("'", unknown, "'", collapse = ", "), " (it records ",
             paste(self$variables, collapse = ", "), ")", call. = FALSE)
      }
      d <- self$raw_data(keep)
      dt <- self$network$dt
      out <- lapply(variables, function(v) {
        if (v == "spike") {
          return(data.frame(time = d$spike_steps * dt,
                            neuron = d$spike_ranks))
        }
        m <- d$values[[v]]
        times <- d$steps * dt
        dimnames(m) <- list(format(times, trim = TRUE), d$ranks)
        attr(m, "times") <- times
        m
      })
      names(out) <- variables
      if (length(out) == 1) out[[1]] else out
    },

    times = function() {
      d <- self$raw_data(TRUE)
      d$steps * self$network$dt
    },

    raw_data = function(keep) {
      ptr <- self$network$live()
      d <- .annr_monitor_data(ptr, self$id, isTRUE(keep))
      if (!isTRUE(keep)) self$t_start <- self$network$get_time()
      d
    },

    spike_data = function(keep = TRUE) {
      if (!"spike" %in% self$variables) {
        stop("monitor of '", self$population$name, "' does not record ",
             "spikes: create it with Monitor(obj, \"spike\")", call. = FALSE)
      }
      t_start <- self$t_start
      d <- self$raw_data(keep)
      dt <- self$network$dt
      ranks <- if (is.null(self$ranks)) seq_len(self$population$size)
               else self$ranks
      list(spikes = data.frame(time = d$spike_steps * dt,
                               neuron = d$spike_ranks),
           ranks = ranks, dt = dt, t_start = t_start,
           t_end = self$network$get_time(),
           recording_duration = d$recording_steps * dt)
    },

    raster_plot = function(...) raster_plot(self, ...),
    histogram = function(bins = NULL, ...) histogram(self, bins = bins, ...),
    mean_fr = function(...) mean_fr(self, ...),
    population_rate = function(smooth = 0, ...)
      population_rate(self, smooth = smooth, ...),
    smoothed_rate = function(smooth = 0, ...)
      smoothed_rate(self, smooth = smooth, ...),
    inter_spike_interval = function(per_neuron = FALSE, ...)
      inter_spike_interval(self, per_neuron = per_neuron, ...),
    coefficient_of_variation = function(per_neuron = FALSE, ...)
      coefficient_of_variation(self, per_neuron = per_neuron, ...)
  )
)

#' Record spikes or variables of a population
#'
#' @param obj A population or a view (`pop[1:10]`); or a projection or a
#'   dendrite (`proj$dendrite(k)`) to record synaptic variables (see the
#'   section below).
#' @param variables `"spike"` and/or names of parameters and variables; for a
#'   rate-coded population also `"sum(exc)"` (the weighted input of a target
#'   as the neurons used it in that step).
#' @param period Recording period (ms); default every step.
#' @param start If `FALSE`, recording waits for `m$start()`.
#' @return A monitor (R6 object of class `annr_monitor`; of class
#'   `annr_projection_monitor` too for projections and dendrites) with methods
#'   `start()`, `pause()`, `resume()`, `stop()`, `get(variables, keep)`,
#'   `times()`, `spike_data()`, `raster_plot()`, `histogram()`, `mean_fr()`,
#'   `population_rate()`, `smoothed_rate()`, `inter_spike_interval()`,
#'   `coefficient_of_variation()`.
#' @section Synaptic variables:
#' `Monitor(proj, "w", period = 10)` records synaptic variables of a
#' projection (every dendrite), `Monitor(proj$dendrite(k), "w")` those of
#' one dendrite, like ANNarchy's monitors of projections and dendrites. The
#' synapses recorded are fixed at `compile()`; samples are taken at the
#' end of steps 0, period, 2 period, ... (the same rule as for populations),
#' after the synapse updates of that step. `get("w")` returns a matrix time
#' x synapse: rownames are the times (ms, also the attribute `"times"`);
#' per-synapse variables have one column per synapse in `synapses()` order
#' (by post rank, then pre rank) with attributes `"post"` and `"pre"` (ranks
#' in the populations) and colnames `"post,pre"` (for a dendrite: the pre
#' ranks); `postsynaptic` variables one column per dendrite (colnames the
#' post ranks); projection-wide ones one column. (ANNarchy returns an
#' array time x dendrite of lists of synapses: `w[, attr(w, "post") == k]`
#' is its dendrite `k`.) `get(v)` empties only `v`; `reset()` empties all;
#' `times()` gives the sample times of each variable (a named list).
#' The dendrite of a monitor must have at least one synapse at `compile()`.
#' @examples
#' \donttest{
#' clear()
#' inp <- PoissonPopulation(10, rates = 50)
#' m <- Monitor(inp, "spike")
#' compile()
#' simulate(100)
#' head(m$get("spike"))
#' }
#' @export
Monitor <- function(obj, variables = "spike", period = NULL, start = TRUE) {
  if (inherits(obj, c("annr_projection", "annr_dendrite"))) {
    return(projection_monitor(obj, variables, period, start))  # R/projection_monitor.R
  }
  if (!inherits(obj, c("annr_population", "annr_view"))) {
    stop("`obj` of Monitor() must be a population or a view of one",
         call. = FALSE)
  }
  pop <- if (inherits(obj, "annr_view")) obj$population else obj
  if (!is.character(variables) || length(variables) < 1 || anyNA(variables)) {
    stop("`variables` must be \"spike\" and/or attribute names",
         call. = FALSE)
  }
  variables <- unique(variables)
  for (v in variables) {
    if (v == "spike") {
      if (pop$type == "neuron" && !isTRUE(pop$neuron$spiking)) {
        stop("population '", pop$name, "' is rate-coded: it has no spikes ",
             "to record", call. = FALSE)
      }
    } else if (grepl("^sum\\(.+\\)$", v)) {
      target <- sub("^sum\\((.+)\\)$", "\\1", v)
      if (pop$type != "neuron" && pop$type != "timed_array" || isTRUE(pop$neuron$spiking) ||
          !target %in% pop$neuron$targets) {
        stop("population '", pop$name, "': ", v, " is not an input of its rate-coded model",
             if (isTRUE(pop$neuron$spiking)) paste0(" (spiking neurons receive g_", target, ")"),
             call. = FALSE)
      }
    } else {
      check_attribute(pop, v)
    }
  }
  if (!is.null(period) && (!is.numeric(period) || length(period) != 1 ||
                           !is.finite(period) || period <= 0)) {
    stop("`period` must be one positive number of ms (or NULL)",
         call. = FALSE)
  }
  check_flag(start, "start")
  net <- pop$network
  mon <- MonitorClass$new(obj, variables, period, start, net)
  net$register(mon, "monitors")
  mon
}

#' @export
print.annr_monitor <- function(x, ...) x$print(...)

copy_monitor <- function(mon, net) {
  if (inherits(mon, "annr_projection_monitor")) return(copy_projection_monitor(mon, net))
  obj <- net$get(mon$obj)
  copy <- MonitorClass$new(obj, mon$variables, mon$period,
                           mon$start_recording, net, id = mon$id)
  net$register(copy, "monitors")
  copy
}
