# Rate-coded inputs: arrays of rates set from R, or following a schedule.

input_array_model <- function(name) {
  Neuron(parameters = "r = 0", name = name,
         description = "Rate-coded input: r is set from R (or by a schedule).")
}

#' Rate-coded inputs
#'
#' `InputArray(geometry)` is a rate-coded population whose rates `r` you set
#' from R (`inp$r <- c(...)`, also between simulations); projections from it
#' read `pre.r` like from any rate-coded population.
#'
#' `TimedArray(rates, schedule, period)` replays a table of rates: row `i` of
#' `rates` (a matrix, time x neurons; a vector is one neuron's rates over
#' time) is the `r` of the neurons from time `(i - 1) * schedule` on (or, when
#' `schedule` is a vector of start times, from `schedule[i]` on; before the
#' first start time `r` keeps its value, 0); after the last row the last
#' rates are kept, unless `period > 0`, in which case the table starts again
#' every `period` ms.
#'
#' `ta$update(rates, schedule = 0, period = -1)` gives a TimedArray a new
#' table, also during a simulation, as ANNarchy's `TimedArray.update()`:
#' the array's own clock and its cursor on the next row go on (they restart
#' only with [reset()] or a new period), and the new table's row under the
#' cursor is set at once (once a table without period has been shown to its
#' end, the cursor is back on the first row). With the same schedule the
#' replay simply continues in the new table; a network compiled again later
#' starts the new table from time 0.
#'
#' @param geometry Number of neurons or dimensions.
#' @param rates A numeric matrix: one row per time slice, one column per neuron.
#' @param schedule Duration of each row (ms; 0 means one step, `dt`), or a
#'   vector of start times (ms, ascending), one per row.
#' @param period Period of the replay (ms); -1 (default) for none.
#' @param name Name of the population.
#' @return A population.
#' @examples
#' \donttest{
#' clear()
#' inp <- InputArray(3)
#' inp$r <- c(0.5, 1, 2)
#' ta <- TimedArray(rbind(c(0, 1), c(1, 0)), schedule = 10)
#' compile()
#' simulate(5)
#' ta$update(rbind(c(5, 5), c(7, 7)), schedule = 10)  # next row (2) at once
#' ta$r
#' }
#' @export
InputArray <- function(geometry, name = NULL) {
  Population(geometry, input_array_model("InputArray"), name = name)
}

#' @rdname InputArray
#' @export
TimedArray <- function(rates, schedule = 0, period = -1, name = NULL) {
  rates <- check_schedule_table(rates)
  starts <- schedule_starts(schedule, period, nrow(rates), default_network()$dt)
  pop <- Population(ncol(rates), input_array_model("TimedArray"), name = name)
  set_schedule(pop, list(r = rates), starts, period)
}

is_timed_array <- function(pop) {
  identical(get0("type", envir = pop, inherits = FALSE), "timed_array") &&
    identical(get0("neuron", envir = pop, inherits = FALSE)$name, "TimedArray")
}

# TimedArray$update(): a new table, at once also in the running network.
timed_array_update <- function(pop, rates, schedule = 0, period = -1) {
  rates <- check_schedule_table(rates)
  if (ncol(rates) != pop$size) {
    stop("`rates` must have one column per neuron of the TimedArray (", pop$size,
         "), not ", ncol(rates), call. = FALSE)
  }
  net <- pop$network
  starts <- schedule_starts(schedule, period, nrow(rates), net$dt)
  set_schedule(pop, list(r = rates), starts, period)
  if (net$compiled) .annr_population_set_timed(net$live(), population_spec(pop))
  invisible(pop)
}

# Makes a population follow tables of values: `tracks` is a named list of
# matrices (rows = time slices; one column per neuron, or one column for a
# `population` attribute), `starts` the time (ms) at which each row applies.
set_schedule <- function(pop, tracks, starts, period) {
  set_field(pop, "type", "timed_array")
  set_field(pop, "timed", list(tracks = tracks, starts = starts, period = period))
  pop
}

# Validates a table of values (a vector is one neuron's values over time).
check_schedule_table <- function(rates, arg = "rates") {
  if (is.numeric(rates) && is.null(dim(rates))) rates <- matrix(rates, ncol = 1)
  if (!is.matrix(rates) || !is.numeric(rates) || nrow(rates) < 1 || anyNA(rates) ||
      any(!is.finite(rates))) {
    stop("`", arg, "` must be a numeric matrix (time x neurons) of finite values", call. = FALSE)
  }
  rates
}

# Start time (ms) of each of `rows` rows of a table. `schedule` is one number,
# the duration of every row (0: one step, `dt`), or one start time per row
# (ascending, the first >= 0), as in ANNarchy.
schedule_starts <- function(schedule, period, rows, dt) {
  if (!is.numeric(period) || length(period) != 1 || !is.finite(period)) {
    stop("`period` must be one number (ms)", call. = FALSE)
  }
  if (!is.numeric(schedule) || length(schedule) < 1 || anyNA(schedule) || any(!is.finite(schedule))) {
    stop("`schedule` must be one number (ms) or one start time (ms) per row", call. = FALSE)
  }
  if (length(schedule) == 1) {
    if (schedule < 0) stop("`schedule` must be >= 0 (ms)", call. = FALSE)
    return((seq_len(rows) - 1) * (if (schedule == 0) dt else schedule))
  }
  if (length(schedule) != rows) {
    stop("`schedule` has ", length(schedule), " start times for ", rows, " rows of values",
         call. = FALSE)
  }
  if (schedule[1] < 0 || is.unsorted(schedule)) {
    stop("the start times in `schedule` must be >= 0 and ascending", call. = FALSE)
  }
  as.numeric(schedule)
}
