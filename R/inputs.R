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
#' time) is the `r` of the neurons from time
#' `(i - 1) * schedule` on; after the last row the last rates are kept, unless
#' `period > 0`, in which case the table starts again every `period` ms.
#'
#' @param geometry Number of neurons or dimensions.
#' @param rates A numeric matrix: one row per time slice, one column per neuron.
#' @param schedule Duration of each row (ms); 0 means one step (`dt`).
#' @param period Period of the replay (ms); -1 (default) for none.
#' @param name Name of the population.
#' @return A population.
#' @examples
#' \donttest{
#' clear()
#' inp <- InputArray(3)
#' inp$r <- c(0.5, 1, 2)
#' ta <- TimedArray(rbind(c(0, 1), c(1, 0)), schedule = 10)
#' }
#' @export
InputArray <- function(geometry, name = NULL) {
  Population(geometry, input_array_model("InputArray"), name = name)
}

#' @rdname InputArray
#' @export
TimedArray <- function(rates, schedule = 0, period = -1, name = NULL) {
  rates <- check_schedule(rates, schedule, period)
  pop <- Population(ncol(rates), input_array_model("TimedArray"), name = name)
  set_schedule(pop, rates, schedule, period, "r")
}

# Makes a population follow a table of values (rows = time slices).
set_schedule <- function(pop, rates, schedule, period, attribute) {
  set_field(pop, "type", "timed_array")
  dt <- pop$network$dt
  set_field(pop, "timed", list(rates = rates, schedule = if (schedule == 0) dt else schedule,
                               period = period, attribute = attribute))
  pop
}

# Validates a schedule table (a vector is one neuron's values over time).
check_schedule <- function(rates, schedule, period) {
  if (is.numeric(rates) && is.null(dim(rates))) rates <- matrix(rates, ncol = 1)
  if (!is.matrix(rates) || !is.numeric(rates) || nrow(rates) < 1 || anyNA(rates) ||
      any(!is.finite(rates))) {
    stop("`rates` must be a numeric matrix (time x neurons) of finite values", call. = FALSE)
  }
  for (arg in c("schedule", "period")) {
    x <- get(arg)
    if (!is.numeric(x) || length(x) != 1 || !is.finite(x)) {
      stop("`", arg, "` must be one number (ms)", call. = FALSE)
    }
  }
  if (schedule < 0) stop("`schedule` must be >= 0 (ms)", call. = FALSE)
  rates
}
