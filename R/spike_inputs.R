# Spiking input populations beyond PoissonPopulation: Poisson neurons whose
# rates follow a schedule, and homogeneous correlated spike trains. Both are
# ordinary populations whose models are written in the equation language.

#' Poisson inputs with scheduled rates
#'
#' A population of Poisson neurons whose rates follow a table: row `i` of
#' `rates` (a matrix, time x neurons; a vector is one neuron's rates over
#' time) holds the rates (Hz) from time `(i - 1) * schedule` on; after the
#' last row the last rates are kept, unless `period > 0`, in which case the
#' table starts again every `period` ms. At each step a neuron spikes with
#' probability `rates * dt / 1000`, with the rates of that step.
#'
#' @param rates A numeric matrix of rates (Hz), one row per time slice and one
#'   column per neuron.
#' @param schedule Duration of each row (ms); 0 means one step (`dt`).
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
  rates <- check_schedule(rates, schedule, period)
  if (any(rates < 0)) stop("`rates` must be >= 0 (Hz)", call. = FALSE)
  neuron <- Neuron(parameters = "rates = 0.0",
                   equations = "p = Uniform(0.0, 1.0) * 1000.0 / dt",
                   spike = "p < rates", name = "TimedPoissonPopulation")
  pop <- Population(ncol(rates), neuron, name = name)
  set_schedule(pop, rates, schedule, period, "rates")
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
#' @param geometry Number of neurons or dimensions.
#' @param rates Mean firing rate (Hz), one number.
#' @param corr Correlation, one number in `[0, 1]`.
#' @param tau Correlation time constant (ms).
#' @param name Name of the population.
#' @return A population; its variable `x` is the shared rate.
#' @examples
#' \donttest{
#' clear()
#' inp <- HomogeneousCorrelatedSpikeTrains(100, rates = 10, corr = 0.3, tau = 10)
#' }
#' @export
HomogeneousCorrelatedSpikeTrains <- function(geometry, rates, corr, tau, name = NULL) {
  inputs <- list(rates = rates, corr = corr, tau = tau)
  for (nm in names(inputs)) check_correlated_input(nm, inputs[[nm]])
  p <- correlated_rate_parameters(inputs)
  neuron <- Neuron(
    parameters = paste0("rates = ", rates, " : population\n",
                        "corr = ", corr, " : population\n",
                        "tau = ", tau, " : population\n",
                        "mu = ", p$mu, " : population\n",
                        "sigma = ", p$sigma, " : population"),
    equations = paste0(
      "x = mu + (x - mu) * exp(-dt / tau) + sigma * sqrt(1.0 - exp(-2.0 * dt / tau)) * Normal(0.0, 1.0)",
      " : population, init = ", p$mu, "\n",
      "p = Uniform(0.0, 1.0) * 1000.0 / dt"),
    spike = "p < x", name = "HomogeneousCorrelatedSpikeTrains")
  pop <- Population(geometry, neuron, name = name)
  set_field(pop, "derived", list(inputs = inputs, compute = "correlated_rate_parameters"))
  pop
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
