# Global functions acting on the default network (the network that objects
# created at top level belong to), as in ANNarchy.

#' Set the time step and seed of the default network
#'
#' @param dt Time step in ms (default unchanged; initially 1).
#' @param seed Seed of the network's random numbers (default: drawn from R's
#'   RNG at compile time, so `set.seed()` makes runs reproducible).
#' @return The previous settings, invisibly.
#' @examples
#' setup(dt = 0.1, seed = 42)
#' @export
setup <- function(dt = NULL, seed = NULL) {
  net <- default_network()
  old <- list(dt = net$dt, seed = net$seed)
  if (!is.null(dt)) {
    if (net$compiled) {
      stop("setup(dt =): the network is already compiled; call clear() first",
           call. = FALSE)
    }
    net$dt <- check_dt(dt)
  }
  if (!is.null(seed)) net$seed <- check_seed(seed)
  invisible(old)
}

#' Compile the default network
#'
#' Builds the C++ simulation object from the definitions (no compiler is
#' needed). Random connectivity and random initial values are drawn here.
#'
#' @return The default network, invisibly.
#' @examples
#' \donttest{
#' clear()
#' inp <- PoissonPopulation(10, rates = 10)
#' compile()
#' }
#' @export
compile <- function() {
  invisible(default_network()$compile())
}

#' Simulate the default network
#'
#' `simulate(duration)` runs the default network for `duration` ms. It is a
#' method of [stats::simulate()] for numbers, so `simulate(fit)` on model
#' objects keeps working. Ctrl-C (Esc in RStudio) stops the run at a step
#' boundary with a warning; the network stays usable and can be simulated
#' further.
#'
#' @param object Duration in ms.
#' @param nsim,seed Unused (part of the generic).
#' @param ... Unused.
#' @param measure_time If `TRUE`, prints how long the simulation took.
#' @param progress Show a progress bar (\pkg{cli}) that appears once the run
#'   has taken 2 s. `NULL` (default): in interactive sessions, except inside
#'   [parallel_run()], which shows one bar for the whole sweep.
#' @return The default network, invisibly.
#' @examples
#' \donttest{
#' clear()
#' inp <- PoissonPopulation(10, rates = 10)
#' compile()
#' simulate(100)
#' get_time()
#' }
#' @exportS3Method stats::simulate numeric
simulate.numeric <- function(object, nsim = NULL, seed = NULL, ...,
                             measure_time = FALSE, progress = NULL) {
  invisible(default_network()$simulate(object, measure_time = measure_time, progress = progress))
}

# simulate("100") or simulate(NA) would otherwise fail with stats' "no
# applicable method"; these are never model objects, so say what is wanted.
#' @exportS3Method stats::simulate character
simulate.character <- function(object, nsim = NULL, seed = NULL, ...) {
  stop("simulate(): the duration must be one non-negative number of ms, not a ",
       class(object)[1], call. = FALSE)
}

#' @exportS3Method stats::simulate logical
simulate.logical <- simulate.character

#' Simulate one step, or stepwise model selection
#'
#' Without arguments, `step()` simulates one step of the default network.
#' With a model, it calls [stats::step()].
#'
#' @param object Missing (simulate one step) or a model for [stats::step()].
#' @param ... Passed to [stats::step()].
#' @return The default network invisibly, or what [stats::step()] returns.
#' @examples
#' \donttest{
#' clear()
#' inp <- PoissonPopulation(10, rates = 10)
#' compile()
#' step()
#' get_current_step()
#' }
#' @export
step <- function(object, ...) {
  if (missing(object)) return(invisible(default_network()$step()))
  stats::step(object, ...)
}

#' Simulate until a stop condition holds
#'
#' @param max_duration Maximum duration (ms).
#' @param population A population (or list of them) created with a
#'   `stop_condition`.
#' @param operator How the conditions of several populations combine:
#'   `"and"` (the default, as in ANNarchy): stop when all hold in the same
#'   step; `"or"`: when any holds.
#' @return The simulated duration (ms), invisibly.
#' @examples
#' \donttest{
#' clear()
#' Clock <- Neuron(equations = "r = t")
#' a <- Population(1, Clock, stop_condition = "r > 5")
#' b <- Population(1, Clock, stop_condition = "r > 10")
#' compile()
#' simulate_until(100, list(a, b))                 # both: 12 ms
#' reset()
#' simulate_until(100, list(a, b), operator = "or") # either: 7 ms
#' }
#' @export
simulate_until <- function(max_duration, population, operator = "and") {
  default_network()$simulate_until(max_duration, population, operator)
}

#' Reset the default network
#'
#' @param populations Reset the variables of the populations (and time).
#' @param projections Reset weights and delays.
#' @param monitors Empty the monitors.
#' @param synapses Reset synaptic variables (as `projections`).
#' @param ... Passed to `future::reset()` when `populations` is a future.
#' @section `reset()` and the future package:
#' \pkg{future} (>= 1.40) exports a `reset()` too (it resets a future). With
#' `library(future); library(annr)`, annr's `reset()` comes first on the
#' search path: it resets the default network, and given a future it hands it
#' to `future::reset()`, so both uses keep working. With
#' `library(annr); library(future)`, `reset()` is future's: call
#' `annr::reset()` (or `net$reset()` on a network) to reset the network.
#' @return The default network, invisibly (or what `future::reset()`
#'   returns).
#' @examples
#' \donttest{
#' clear()
#' inp <- PoissonPopulation(10, rates = 10)
#' compile(); simulate(10); reset(); get_time()
#' }
#' @export
reset <- function(populations = TRUE, projections = FALSE, monitors = TRUE,
                  synapses = FALSE, ...) {
  # annr's reset() masks future's when annr is attached after future
  if (is_future_like(populations)) return(future::reset(populations, ...))
  default_network()$reset(populations, projections, monitors, synapses)
}

# A future, or a list or environment of futures (what future::reset() takes).
is_future_like <- function(x) {
  if (inherits(x, "Future")) return(TRUE)
  if (is.environment(x) && !inherits(x, "R6")) x <- as.list(x)
  is.list(x) && length(x) > 0 && all(vapply(x, inherits, logical(1), "Future"))
}

#' Time and step of the default network
#'
#' @param t Time (ms).
#' @param n Step number.
#' @return `get_time()`: the time in ms; `get_current_step()`: the number of
#'   steps done; the setters return the network invisibly.
#' @examples
#' \donttest{
#' clear()
#' inp <- PoissonPopulation(10, rates = 10)
#' compile(); simulate(10); get_time(); get_current_step()
#' set_time(0)
#' }
#' @name time
#' @export
get_time <- function() default_network()$get_time()

#' @rdname time
#' @export
set_time <- function(t) default_network()$set_time(t)

#' @rdname time
#' @export
get_current_step <- function() default_network()$get_current_step()

#' @rdname time
#' @export
set_current_step <- function(n) default_network()$set_current_step(n)

#' Set the seed of the default network
#'
#' @param seed A whole number.
#' @return The default network, invisibly.
#' @examples
#' set_seed(1)
#' @export
set_seed <- function(seed) default_network()$set_seed(seed)

#' Forget every object of the default network
#'
#' Populations, projections and monitors defined so far are dropped; `dt`
#' goes back to 1 ms and the seed is unset. Object ids restart from 1, so a
#' script run again after `clear()` with the same seed gives the same results.
#' Networks created before `clear()` keep working on their own.
#'
#' @param functions If `TRUE` (the default, as in ANNarchy), the functions
#'   defined by [add_function()] are forgotten too (models already defined
#'   keep their copy).
#' @return `NULL`, invisibly.
#' @examples
#' clear()
#' @export
clear <- function(functions = TRUE) {
  if (isTRUE(functions)) clear_functions()
  # Ids restart so that a script run again after clear() draws the same random
  # streams (the core derives them from the seed and the object ids).
  .annr_state$next_id <- 0L
  .annr_state$default_network <- NetworkClass$new()
  .annr_state$constant_names <- NULL  # R/constant.R
  invisible(NULL)
}

#' Find a population or projection of the default network by name
#'
#' @param name The name given at creation.
#' @return The population or projection.
#' @examples
#' \donttest{
#' clear()
#' inp <- PoissonPopulation(10, rates = 10, name = "input")
#' get_population("input")
#' }
#' @export
get_population <- function(name) default_network()$get_population(name)

#' @rdname get_population
#' @export
get_projection <- function(name) default_network()$get_projection(name)

#' Switch learning on or off
#'
#' `enable_learning()` and `disable_learning()` switch plasticity on or off in
#' the default network, for all projections or the given ones. The switch is
#' part of the network definition (copies made afterwards inherit it). It acts
#' on projections whose synapse model learns; projections with the default
#' (static) synapse are not affected. `Network` objects have the same methods.
#' As in ANNarchy, learning off freezes every synaptic variable of a
#' rate-coded projection, but only the weights `w` of a spiking one: its
#' other variables (STDP traces, short-term plasticity) keep evolving.
#'
#' @param projections `NULL` (all projections) or a projection or list of them.
#' @param period,offset Optional (ms): integrate the synapse equations only
#'   every `period` ms, at `offset`, `offset + period`, ... (as ANNarchy, each
#'   update still advances the equations by one `dt`; spike events are not
#'   affected).
#' @return The default network, invisibly.
#' @examples
#' clear()
#' disable_learning()
#' enable_learning()
#' @export
enable_learning <- function(projections = NULL, period = NULL, offset = NULL) {
  default_network()$enable_learning(projections, period, offset)
}

#' @rdname enable_learning
#' @export
disable_learning <- function(projections = NULL) {
  default_network()$disable_learning(projections)
}
