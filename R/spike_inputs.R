# Spiking input populations beyond PoissonPopulation: Poisson neurons whose
# rates follow a schedule, and homogeneous correlated spike trains. Both are
# ordinary populations whose models are written in the equation language.

#' Poisson inputs with scheduled rates
#'
#' A population of Poisson neurons whose rates follow a table: row `i` of
#' `rates` (a matrix, time x neurons; a vector is one neuron's rates over
#' time) holds the rates (Hz) from time `(i - 1) * schedule` on (or from
#' `schedule[i]` on when `schedule` is a vector of start times; before the
#' first one the rates are 0); after the last row the last rates are kept,
#' unless `period > 0`, in which case the table starts again every `period`
#' ms. At each step a neuron spikes with probability `rates * dt / 1000`, with
#' the rates of that step.
#'
#' @param rates A numeric matrix of rates (Hz), one row per time slice and one
#'   column per neuron.
#' @param schedule Duration of each row (ms; 0 means one step, `dt`), or a
#'   vector of start times (ms, ascending), one per row.
#' @param period Period of the replay (ms); -1 (default) for none.
#' @param name Name of the population.
#' @return A population (its current rates are `pop$rates`).
#' @seealso [PoissonPopulation()], [TimedArray()] for rate-coded inputs.
#' @examples
#' \donttest{
#' clear()
#' # 10 neurons at 5 Hz for 500 ms, then 50 Hz
#' inp <- TimedPoissonPopulation(rbind(rep(5, 10), rep(50, 10)), schedule = 500)
#' }
#' @export
TimedPoissonPopulation <- function(rates, schedule = 0, period = -1, name = NULL) {
  rates <- check_schedule_table(rates)
  check_poisson_rates(rates)
  starts <- schedule_starts(schedule, period, nrow(rates), default_network()$dt)
  neuron <- Neuron(parameters = "rates = 0.0",
                   equations = "p = Uniform(0.0, 1.0) * 1000.0 / dt",
                   spike = "p < rates", name = "TimedPoissonPopulation")
  pop <- Population(ncol(rates), neuron, name = name)
  set_schedule(pop, list(rates = rates), starts, period)
}

#' Homogeneous correlated spike trains
#'
#' `geometry` Poisson neurons that share one fluctuating rate, so that their
#' spike trains are correlated (Brette 2009, "Generation of correlated spike
#' trains", Neural Computation 21). The shared rate `x` (Hz) is an
#' Ornstein-Uhlenbeck process with time constant `tau`, integrated exactly:
#' `x = mu + (x - mu) exp(-dt/tau) + sigma sqrt(1 - exp(-2 dt/tau)) N(0, 1)`;
#' each neuron spikes with probability `max(x, 0) * dt / 1000`. `mu` and
#' `sigma` are chosen so that the rectified rate has mean `rates` and variance
#' `corr * rates / (2 tau)` (rates in Hz, `tau` in seconds there), which gives
#' a pair of neurons a spike-count covariance of `corr * rates` per second
#' over long windows (`corr`: the correlation of Brette's paper).
#'
#' `pop$rates`, `pop$corr` and `pop$tau` can be changed later (also on a
#' compiled network or a copy); `mu` and `sigma` follow.
#'
#' With a `schedule`, `rates` (and `corr`, if it is not one number) hold one
#' value per time slice, as in ANNarchy: `schedule` is the duration of each
#' slice (ms) or a vector of their start times (the first slice also applies
#' before its start time); after the last slice its
#' values are kept, unless `period > 0` replays the schedule every `period`
#' ms. The shared rate `x` is not reset when a slice starts: it relaxes to
#' the new mean with the time constant `tau`. `mu` and `sigma` of every slice
#' are computed when the population is created, so `rates`, `corr` and `tau`
#' of a scheduled population cannot be changed later.
#'
#' @param geometry Number of neurons or dimensions.
#' @param rates Mean firing rate (Hz): one number, or one per slice of
#'   `schedule`.
#' @param corr Correlation in `[0, 1]`: one number, or one per slice.
#' @param tau Correlation time constant (ms), one number.
#' @param schedule `NULL` (default: constant `rates` and `corr`), the
#'   duration of each slice (ms), or the slices' start times (ms, ascending).
#' @param period Period of the replay of the schedule (ms); -1 (default) for
#'   none.
#' @param name Name of the population.
#' @return A population; its variable `x` is the shared rate.
#' @examples
#' \donttest{
#' clear()
#' inp <- HomogeneousCorrelatedSpikeTrains(100, rates = 10, corr = 0.3, tau = 10)
#' # 5 Hz for 500 ms, then 20 Hz with a stronger correlation
#' inp2 <- HomogeneousCorrelatedSpikeTrains(100, rates = c(5, 20), corr = c(0.1, 0.5),
#'                                          tau = 10, schedule = 500)
#' }
#' @export
HomogeneousCorrelatedSpikeTrains <- function(geometry, rates, corr, tau, schedule = NULL,
                                             period = -1, name = NULL) {
  slices <- correlated_schedule(rates, corr, tau, schedule)
  starts <- if (!is.null(schedule)) schedule_starts(schedule, period, length(slices), default_network()$dt)
  p <- lapply(slices, correlated_rate_parameters)
  first <- c(slices[[1]], p[[1]])
  neuron <- Neuron(
    parameters = paste0(names(first), " = ", unlist(first), " : population", collapse = "\n"),
    equations = paste0(
      "x = mu + (x - mu) * exp(-dt / tau) + sigma * sqrt(1.0 - exp(-2.0 * dt / tau)) * Normal(0.0, 1.0)",
      " : population, init = ", p[[1]]$mu, "\n",
      "p = Uniform(0.0, 1.0) * 1000.0 / dt"),
    spike = "p < x", name = "HomogeneousCorrelatedSpikeTrains")
  pop <- Population(geometry, neuron, name = name)
  set_field(pop, "derived", list(inputs = slices[[1]], compute = "correlated_rate_parameters"))
  if (!is.null(schedule)) {
    column <- function(nm, from) matrix(vapply(from, function(s) s[[nm]], numeric(1)), ncol = 1)
    tracks <- c(lapply(stats::setNames(nm = c("rates", "corr")), column, from = slices),
                lapply(stats::setNames(nm = c("mu", "sigma")), column, from = p))
    set_schedule(pop, tracks, starts, period)
  }
  pop
}

# The (rates, corr, tau) of each slice of a correlated input, checked.
correlated_schedule <- function(rates, corr, tau, schedule) {
  check_correlated_input("tau", tau)
  n <- if (is.null(schedule)) 1L else length(rates)
  if (is.null(schedule)) {
    if (is.numeric(rates) && length(rates) > 1) {
      stop("`rates` must be one number, or one per slice of a `schedule`", call. = FALSE)
    }
    check_correlated_input("rates", rates)
    check_correlated_input("corr", corr)
  } else {
    if (!is.numeric(rates) || n < 1) stop("`rates` must be a numeric vector, one rate per slice", call. = FALSE)
    if (!is.numeric(corr) || !length(corr) %in% c(1L, n)) {
      stop("`corr` must be one number or one per slice (", n, ")", call. = FALSE)
    }
    corr <- rep_len(corr, n)
    for (i in seq_len(n)) {
      check_correlated_input("rates", rates[i])
      check_correlated_input("corr", corr[i])
    }
  }
  lapply(seq_len(n), function(i) list(rates = rates[i], corr = corr[i], tau = tau))
}

check_correlated_input <- function(name, value) {
  if (!is.numeric(value) || length(value) != 1 || !is.finite(value)) {
    stop("`", name, "` must be one number", call. = FALSE)
  }
  if (name == "rates" && value < 0) stop("`rates` must be >= 0 (Hz)", call. = FALSE)
  if (name == "corr" && (value < 0 || value > 1)) stop("`corr` must be in [0, 1]", call. = FALSE)
  if (name == "tau" && value <= 0) stop("`tau` must be > 0 (ms)", call. = FALSE)
}

# mu and sigma of a Gaussian whose positive part has mean `rates` and
# variance corr * rates / (2 tau) (Hz^2, tau in s). With a = mu / sigma,
# E[X+] = sigma g1(a) and E[X+^2] = sigma^2 g2(a), where
# g1 = a Phi(a) + phi(a) and g2 = (a^2 + 1) Phi(a) + a phi(a); the ratio
# variance / mean^2 fixes a (it decreases with a), then sigma follows.
correlated_rate_parameters <- function(inputs) {
  m <- inputs$rates
  v <- inputs$corr * inputs$rates / (2 * inputs$tau / 1000)
  if (m == 0 || v == 0) return(list(mu = m, sigma = sqrt(v)))
  g1 <- function(a) a * stats::pnorm(a) + stats::dnorm(a)
  g2 <- function(a) (a^2 + 1) * stats::pnorm(a) + a * stats::dnorm(a)
  target <- v / m^2
  f <- function(a) (g2(a) - g1(a)^2) / g1(a)^2 - target
  upper <- max(10, 10 / sqrt(target))
  a <- if (f(upper) > 0) upper else stats::uniroot(f, c(-30, upper), tol = 1e-12)$root
  sigma <- m / g1(a)
  list(mu = a * sigma, sigma = sigma)
}

# Setting rates, corr or tau of a population with derived attributes:
# record the new input, recompute and set mu and sigma.
set_derived_input <- function(pop, ranks, name, value) {
  if (!is.null(pop$timed)) {
    stop("`", name, "` of ", population_where(pop), " follows the schedule given when it was created",
         call. = FALSE)
  }
  if (!is.null(ranks)) {
    stop("`", name, "` of ", population_where(pop), " is one value for the whole population",
         call. = FALSE)
  }
  check_correlated_input(name, value)
  derived <- pop$derived
  derived$inputs[[name]] <- value
  set_field(pop, "derived", derived)
  computed <- get(derived$compute, envir = asNamespace("annr"))(derived$inputs)
  for (nm in c(name, names(computed))) {
    v <- if (nm == name) value else computed[[nm]]
    record <- list(attribute = nm, ranks = NULL, values = as.numeric(v))
    set_field(pop, "values", c(pop$values, list(record)))
    if (pop$network$compiled) .annr_population_set(pop$network$live(), pop$id, record)
  }
  invisible(pop)
}

# Poisson neurons fire with probability rates * dt / 1000: a negative rate
# would silently never fire, so it is refused where it is given.
check_poisson_rates <- function(value, where = NULL) {
  if (is.numeric(value) && any(value < 0, na.rm = TRUE)) {
    bad <- value[which(value < 0)[1]]
    stop("`rates`", if (!is.null(where)) paste0(" of ", where),
         " must be >= 0 (Hz); got ", format(bad), call. = FALSE)
  }
  invisible(value)
}

is_poisson_population <- function(pop) {
  !is.null(pop$neuron) &&
    pop$neuron$name %in% c("PoissonPopulation", "TimedPoissonPopulation")
}
