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
    t_start = 0,         # ms: start of the spikes currently buffered
    last_window = NULL,  # window of the spikes last fetched (t_start, t_end, duration)

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
      if (!self$core_recording(ptr) && !self$has_data(ptr)) {
        self$t_start <- self$network$get_time()
      }
      self$core_set_recording(ptr, TRUE)
      invisible(self)
    },
    resume = function() self$start(),
    pause = function() {
      if (!self$network$compiled) {
        self$start_recording <- FALSE
        return(invisible(self))
      }
      self$core_set_recording(self$network$live(), FALSE)
      invisible(self)
    },
    stop = function() {
      if (!self$network$compiled) {
        self$start_recording <- FALSE
        return(invisible(self))
      }
      ptr <- self$network$live()
      self$core_set_recording(ptr, FALSE)
      self$core_clear(ptr)
      invisible(self)
    },

    # The recorder in the core, for start/pause/stop/reset (a monitor of a
    # projection overrides these three).
    core_recording = function(ptr) .annr_monitor_recording(ptr, self$id),
    core_set_recording = function(ptr, on) {
      if (on) .annr_monitor_start(ptr, self$id) else .annr_monitor_pause(ptr, self$id)
    },
    core_clear = function(ptr) .annr_monitor_clear(ptr, self$id),

    has_data = function(ptr) {
      d <- .annr_monitor_data(ptr, self$id, character(0), TRUE)
      any(lengths(d$steps) > 0) || length(d$spike_steps) > 0 ||
        d$recording_steps > 0
    },

    # Empties every buffer and keeps recording (ANNarchy's Monitor.reset()).
    reset = function() {
      if (self$network$compiled) {
        self$core_clear(self$network$live())
        self$t_start <- self$network$get_time()
      }
      invisible(self)
    },

    # One variable: a matrix time x neuron (rownames = times in ms, attribute
    # "times"); "spike": data.frame(time, neuron); several: a named list.
    # Only the variables fetched are emptied (unless keep).
    get = function(variables = NULL, keep = FALSE) {
      if (is.null(variables)) variables <- self$variables
      if (!is.character(variables) || anyNA(variables) || !length(variables)) {
        stop("`variables` must be names of recorded variables", call. = FALSE)
      }
      check_flag(keep, "keep")
      unknown <- setdiff(variables, self$variables)
      if (length(unknown)) {
        stop("monitor of '", self$population$name, "' does not record ",
             paste0("'", unknown, "'", collapse = ", "), " (it records ",
             paste(self$variables, collapse = ", "), ")", call. = FALSE)
      }
      variables <- unique(variables)
      d <- self$raw_data(variables, keep)
      dt <- self$network$dt
      out <- lapply(variables, function(v) {
        if (v == "spike") {
          return(data.frame(time = d$spike_steps * dt,
                            neuron = d$spike_ranks))
        }
        m <- d$values[[v]]
        times <- d$steps[[v]] * dt
        dimnames(m) <- list(format(times, trim = TRUE), d$ranks)
        attr(m, "times") <- times
        m
      })
      names(out) <- variables
      if (length(out) == 1) out[[1]] else out
    },

    # Times (ms) of the samples of `variable` (default: the first recorded
    # variable other than spikes) currently buffered.
    times = function(variable = NULL) {
      vars <- setdiff(self$variables, "spike")
      if (is.null(variable)) {
        if (!length(vars)) return(numeric(0))
        variable <- vars[1]
      }
      if (!is.character(variable) || length(variable) != 1 || !variable %in% vars) {
        stop("`variable` must be one of the recorded variables (",
             paste(vars, collapse = ", "), ")", call. = FALSE)
      }
      d <- .annr_monitor_data(self$network$live(), self$id, variable, TRUE)
      d$steps[[variable]] * self$network$dt
    },

    # What the core holds for `variables`; emptied unless keep. Fetching
    # the spikes records their recording window (for analyses of the spikes
    # fetched, as ANNarchy keeps it) and starts a new one.
    raw_data = function(variables, keep) {
      ptr <- self$network$live()
      d <- .annr_monitor_data(ptr, self$id, variables, isTRUE(keep))
      if ("spike" %in% variables) {
        now <- self$network$get_time()
        self$last_window <- list(t_start = self$t_start, t_end = now,
                                 duration = d$recording_steps * self$network$dt)
        if (!isTRUE(keep)) self$t_start <- now
      }
      d
    },

    # The spikes with what analyses need: monitored ranks, dt, the window
    # (ms) and the time actually recorded. Analyses call it with keep = FALSE.
    spike_data = function(keep = TRUE) {
      if (!"spike" %in% self$variables) {
        stop("monitor of '", self$population$name, "' does not record ",
             "spikes: create it with Monitor(obj, \"spike\")", call. = FALSE)
      }
      d <- self$raw_data("spike", keep)
      w <- self$last_window
      list(spikes = data.frame(time = d$spike_steps * self$network$dt,
                               neuron = d$spike_ranks),
           ranks = self$monitored_ranks(), dt = self$network$dt,
           t_start = w$t_start, t_end = w$t_end,
           recording_duration = w$duration)
    },

    monitored_ranks = function() {
      if (is.null(self$ranks)) seq_len(self$population$size) else self$ranks
    },

    # Without `spikes` these fetch the spikes with get() and so use them up.
    raster_plot = function(spikes = NULL, ...)
      raster_plot(self, spikes = spikes, ...),
    histogram = function(bins = NULL, spikes = NULL, ...)
      histogram(self, bins = bins, spikes = spikes, ...),
    mean_fr = function(spikes = NULL, ...) mean_fr(self, spikes = spikes, ...),
    population_rate = function(smooth = 0, spikes = NULL, ...)
      population_rate(self, smooth = smooth, spikes = spikes, ...),
    smoothed_rate = function(smooth = 0, spikes = NULL, ...)
      smoothed_rate(self, smooth = smooth, spikes = spikes, ...),
    inter_spike_interval = function(per_neuron = FALSE, spikes = NULL, ...)
      inter_spike_interval(self, per_neuron = per_neuron, spikes = spikes, ...),
    coefficient_of_variation = function(per_neuron = FALSE, spikes = NULL, ...)
      coefficient_of_variation(self, per_neuron = per_neuron, spikes = spikes, ...)
  )
)

#' Record spikes or variables of a population
#'
#' Conductances `g_<target>` of spiking neurons are recorded right after the
#' incoming spikes of the step are added and before the neurons update (so a
#' pulse conductance shows the spikes it received); every other variable,
#' `sum(target)` and the spikes are recorded at the end of the step. This is
#' ANNarchy's order.
#'
#' Each recorded variable has its own buffer: `m$get("v")` returns and
#' empties only `v` (unless `keep = TRUE`); the other variables stay
#' recorded. `m$reset()` empties every buffer and keeps recording.
#'
#' The spike analyses (`m$raster_plot()`, `m$mean_fr()`, ..., and
#' [raster_plot()] etc. called with the monitor) fetch the spikes with
#' `get("spike")` when they are not given the spikes, and so use up the spike
#' recording, as in ANNarchy: a second analysis then finds no spikes and warns.
#' To run several analyses of the same recording, fetch the spikes once and
#' pass them: `s <- m$get("spike"); m$mean_fr(s); m$histogram(spikes = s)`
#' (with a monitor, analyses of given spikes use the monitored neurons and
#' the recording window of the last fetch of the spikes).
#'
#' @param obj A population or a view (`pop[1:10]`); or a projection or a
#'   dendrite (`proj$dendrite(k)`) to record synaptic variables (see the
#'   section below).
#' @param variables `"spike"` and/or names of parameters and variables; for a
#'   rate-coded population also `"sum(exc)"` (the weighted input of a target
#'   as the neurons used it in that step).
#' @param period Recording period (ms); default every step.
#' @param start If `FALSE`, recording waits for `m$start()`.
#' @details A monitor may be created before or after `compile()` (as in
#'   ANNarchy). Created after, it records from the next step on, its period
#'   counted from there; it is part of the network's definition, so a copy
#'   of the network (or a network rebuilt on a worker) records from t = 0.
#' @return A monitor (R6 object of class `annr_monitor`; of class
#'   `annr_projection_monitor` too for projections and dendrites) with methods
#'   `start()`, `pause()`, `resume()`, `stop()` (pause and empty), `reset()`
#'   (empty, keep recording), `get(variables, keep)`, `times(variable)`,
#'   `spike_data(keep = TRUE)`, and the analyses of [spike_analysis]:
#'   `raster_plot(spikes)`, `histogram(bins, spikes)`, `mean_fr(spikes)`,
#'   `population_rate(smooth, spikes)`, `smoothed_rate(smooth, spikes)`,
#'   `inter_spike_interval(per_neuron, spikes)`,
#'   `coefficient_of_variation(per_neuron, spikes)`.
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
#' s <- m$get("spike")   # fetch once ...
#' head(s)
#' m$mean_fr(s)          # ... and pass to each analysis
#' nrow(m$raster_plot(s))
#' }
#' @export
Monitor <- function(obj, variables = "spike", period = NULL, start = TRUE) {
  if (!is.character(variables) || length(variables) < 1 || anyNA(variables)) {
    stop("`variables` must be \"spike\" and/or attribute names",
         call. = FALSE)
  }
  variables <- unique(variables)
  if (!is.null(period) && (!is.numeric(period) || length(period) != 1 ||
                           !is.finite(period) || period <= 0)) {
    stop("`period` must be one positive number of ms (or NULL)",
         call. = FALSE)
  }
  check_flag(start, "start")
  net_of <- if (inherits(obj, "annr_dendrite")) unclass(obj)$projection$network
            else if (inherits(obj, "annr_view")) obj$population$network
            else if (inherits(obj, c("annr_population", "annr_projection"))) obj$network
  if (inherits(net_of, "annr_network")) monitor_period_steps(period, net_of$dt, warn = TRUE)
  if (inherits(obj, c("annr_projection", "annr_dendrite"))) {
    return(projection_monitor(obj, variables, period, start))  # R/projection_monitor.R
  }
  if (inherits(obj, c("annr_population", "annr_view"))) {
    return(monitor_population(obj, variables, period, start))
  }
  stop("`obj` of Monitor() must be a population, a view, a projection or a dendrite",
       call. = FALSE)
}

monitor_population <- function(obj, variables, period, start) {
  pop <- if (inherits(obj, "annr_view")) obj$population else obj
  for (v in variables) {
    if (v == "spike") {
      if (pop$type == "neuron" && !isTRUE(pop$neuron$spiking)) {
        stop("population '", pop$name, "' is rate-coded: it has no spikes ",
             "to record", call. = FALSE)
      }
    } else if (grepl("^sum\\(.+\\)$", v)) {
      target <- sub("^sum\\((.+)\\)$", "\\1", v)
      # A target the model does not read is accepted as ANNarchy does (its sum
      # is the input of projections with that target); the core reports it at
      # compile() when no projection provides it.
      if (pop$type != "neuron" && pop$type != "timed_array" || isTRUE(pop$neuron$spiking) ||
          !grepl("^[A-Za-z_][A-Za-z0-9_]*$", target)) {
        stop("population '", pop$name, "': ", v, " is not an input of its rate-coded model",
             if (isTRUE(pop$neuron$spiking)) paste0(" (spiking neurons receive g_", target, ")"),
             call. = FALSE)
      }
    } else {
      check_attribute(pop, v)
    }
  }
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
