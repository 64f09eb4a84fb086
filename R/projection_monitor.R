# Monitors of synaptic variables: Monitor(proj, "w") and
# Monitor(proj$dendrite(k), "w"). The core records the chosen synapses at
# the end of each recorded step (src/projection_monitor.cpp); this class
# turns its buffers into time x synapse matrices.

ProjectionMonitorClass <- R6::R6Class("annr_projection_monitor",
  inherit = MonitorClass,
  cloneable = FALSE,
  public = list(
    projection = NULL,
    post = NULL,   # population rank of the dendrite, NULL = the whole projection

    initialize = function(projection, post, variables, period, start, network,
                          id = next_object_id()) {
      self$id <- id
      self$projection <- projection
      self$post <- post
      self$obj <- projection
      self$variables <- variables
      self$period <- period
      self$start_recording <- start
      self$network <- network
      self$name <- paste0("monitor", id)
    },

    print = function(...) {
      cat("<annr monitor> of projection '", self$projection$name, "'",
          if (!is.null(self$post)) paste0(", dendrite of post neuron ", self$post), ": ",
          paste(self$variables, collapse = ", "), "\n", sep = "")
      invisible(self)
    },

    core_recording = function(ptr) .annr_projection_monitor_recording(ptr, self$id),
    core_set_recording = function(ptr, on) .annr_projection_monitor_start(ptr, self$id, on),
    core_clear = function(ptr) .annr_projection_monitor_clear(ptr, self$id, character(0)),
    has_data = function(ptr) {
      d <- .annr_projection_monitor_data(ptr, self$id)
      any(lengths(d$steps) > 0) || d$recording_steps > 0
    },

    # One variable: a matrix time x column (rownames = times in ms,
    # attribute "times"); several: a named list. Columns: per-synapse
    # variables one per recorded synapse (attributes "post" and "pre": their
    # ranks; colnames "post,pre", or the pre ranks for a dendrite),
    # postsynaptic ones one per dendrite (colnames the post ranks),
    # projection-wide ones one column.
    get = function(variables = NULL, keep = FALSE) {
      if (is.null(variables)) variables <- self$variables
      unknown <- setdiff(variables, self$variables)
      if (length(unknown)) {
        stop("monitor of projection '", self$projection$name, "' does not record ",
             paste0("'", unknown, "'", collapse = ", "), " (it records ",
             paste(self$variables, collapse = ", "), ")", call. = FALSE)
      }
      d <- self$raw_data(keep, variables)
      proj <- self$projection
      post_pop <- post_view_to_population(proj)
      pre_pop <- pre_view_to_population(proj)
      out <- lapply(variables, function(v) {
        k <- match(v, names(d$values))
        times <- d$steps[[k]] * self$network$dt
        m <- d$values[[k]]
        kind <- d$kinds[k]
        if (kind == 0) {
          post <- post_pop[d$post]
          pre <- pre_pop[d$pre]
          cols <- if (is.null(self$post)) paste0(post, ",", pre) else as.character(pre)
          dimnames(m) <- list(format(times, trim = TRUE), cols)
          attr(m, "post") <- post
          attr(m, "pre") <- pre
        } else if (kind == 1) {
          dimnames(m) <- list(format(times, trim = TRUE), post_pop[d$dendrites])
        } else {
          dimnames(m) <- list(format(times, trim = TRUE), v)
        }
        attr(m, "times") <- times
        m
      })
      names(out) <- variables
      if (length(out) == 1) out[[1]] else out
    },

    # Reading empties only the variables read (unless keep).
    raw_data = function(keep, variables = self$variables) {
      ptr <- self$network$live()
      d <- .annr_projection_monitor_data(ptr, self$id)
      if (!isTRUE(keep)) .annr_projection_monitor_clear(ptr, self$id, variables)
      d
    },
    times = function() {
      d <- self$raw_data(TRUE)
      stats::setNames(lapply(d$steps, function(s) s * self$network$dt), names(d$steps))
    },

    spike_data = function(keep = TRUE) {
      stop("a monitor of projection '", self$projection$name, "' records synaptic variables, ",
           "not spikes", call. = FALSE)
    }
  )
)

is_projection_monitor <- function(m) inherits(m, "annr_projection_monitor")

projection_monitor <- function(obj, variables, period, start) {
  if (inherits(obj, "annr_dendrite")) {
    l <- unclass(obj)
    if (!is.null(l$pre)) {
      stop("Monitor() records a projection or a dendrite, not one synapse", call. = FALSE)
    }
    proj <- l$projection
    post <- l$post
  } else {
    proj <- obj
    post <- NULL
  }
  # Monitor() has checked `variables`, `period` and `start`.
  for (v in variables) {
    if (v %in% c("spike", "delay")) {
      stop("Monitor() of projection '", proj$name, "' records synaptic variables (",
           paste(setdiff(proj$attributes, "delay"), collapse = ", "), "), not '", v, "'",
           call. = FALSE)
    }
    projection_attribute_info(proj, v)
  }
  net <- proj$network
  mon <- ProjectionMonitorClass$new(proj, post, variables, period, start, net)
  net$register(mon, "monitors")
  mon
}

projection_monitor_spec <- function(mon, dt) {
  period_steps <- monitor_period_steps(mon$period, dt)
  proj <- mon$projection
  list(id = mon$id, projection = proj$id,
       posts = if (is.null(mon$post)) NULL else match(mon$post, post_view_to_population(proj)),
       variables = mon$variables, period_steps = period_steps, start_step = 0,
       start = isTRUE(mon$start_recording))
}

copy_projection_monitor <- function(mon, net) {
  copy <- ProjectionMonitorClass$new(net$get(mon$projection), mon$post, mon$variables,
                                     mon$period, mon$start_recording, net, id = mon$id)
  net$register(copy, "monitors")
  copy
}
