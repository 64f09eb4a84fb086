# Random distributions for initial values, weights and delays. They are
# plain descriptions: every network draws them in its core from its own seed,
# so copies of a network get different values (unlike numbers drawn in R).

new_distribution <- function(type, args, min = NULL, max = NULL, label) {
  for (nm in names(args)) {
    x <- args[[nm]]
    if (!is.numeric(x) || length(x) != 1 || !is.finite(x)) {
      stop(sprintf("%s(): `%s` must be one finite number.", label, nm), call. = FALSE)
    }
  }
  for (bound in list(list("min", min), list("max", max))) {
    x <- bound[[2]]
    if (!is.null(x) && (!is.numeric(x) || length(x) != 1 || !is.finite(x))) {
      stop(sprintf("%s(): `%s` must be NULL or one finite number.", label, bound[[1]]), call. = FALSE)
    }
  }
  if (!is.null(min) && !is.null(max) && min > max) {
    stop(sprintf("%s(): `min` (%g) must not exceed `max` (%g).", label, min, max), call. = FALSE)
  }
  structure(list(type = type, args = unlist(args), min = min, max = max, label = label),
            class = "annr_distribution")
}

#' Random distributions
#'
#' Distribution objects for initial values (`pop$v <- Uniform(-70, -50)`),
#' weights and delays (`connect_fixed_probability(weights = Normal(1, 0.1))`).
#' Each network draws them anew from its own seed when it is compiled, so two
#' copies of a network get different values, and the same seed always gives
#' the same values. `min`/`max` clamp the drawn values (values outside are set
#' to the bound, as in ANNarchy). Inside equations, write the same names as
#' strings: `"I = Normal(0, 1)"`.
#'
#' @param min,max Bounds (for `Uniform`, `DiscreteUniform`: the range,
#'   inclusive for `DiscreteUniform`; otherwise optional clamps).
#' @param mu,sigma Mean and standard deviation (of the logarithm, for
#'   `LogNormal`).
#' @param lambda Rate of the exponential distribution.
#' @param alpha,beta Shape and scale of the gamma distribution.
#' @param n,p Number of trials and success probability.
#' @param link Only for the glm family of the same name: `Gamma()` without
#'   `alpha`, or with `link`, is [stats::Gamma()], so `glm(family = Gamma)`
#'   keeps working when annr is attached.
#' @return An object of class `annr_distribution`.
#' @examples
#' Uniform(-70, -50)
#' Normal(-55, 5)
#' Normal(0, 1, min = -2, max = 2)
#' sample_distribution(Exponential(0.5), 5)
#' @name distributions
NULL

#' @rdname distributions
#' @export
Uniform <- function(min, max) {
  d <- new_distribution("uniform", list(min = min, max = max), label = "Uniform")
  if (min > max) stop("Uniform(): `min` must not exceed `max`.", call. = FALSE)
  d
}

#' @rdname distributions
#' @export
DiscreteUniform <- function(min, max) {
  d <- new_distribution("discrete_uniform", list(min = min, max = max), label = "DiscreteUniform")
  if (min > max) stop("DiscreteUniform(): `min` must not exceed `max`.", call. = FALSE)
  if (ceiling(min) > floor(max)) {
    stop("DiscreteUniform(): there is no whole number between `min` and `max`.", call. = FALSE)
  }
  d
}

#' @rdname distributions
#' @export
Normal <- function(mu, sigma, min = NULL, max = NULL) {
  d <- new_distribution("normal", list(mu = mu, sigma = sigma), min, max, "Normal")
  if (sigma < 0) stop("Normal(): `sigma` must be >= 0.", call. = FALSE)
  d
}

#' @rdname distributions
#' @export
LogNormal <- function(mu, sigma, min = NULL, max = NULL) {
  d <- new_distribution("lognormal", list(mu = mu, sigma = sigma), min, max, "LogNormal")
  if (sigma < 0) stop("LogNormal(): `sigma` must be >= 0.", call. = FALSE)
  d
}

#' @rdname distributions
#' @export
Exponential <- function(lambda, min = NULL, max = NULL) {
  d <- new_distribution("exponential", list(lambda = lambda), min, max, "Exponential")
  if (lambda <= 0) stop("Exponential(): `lambda` must be > 0.", call. = FALSE)
  d
}

#' @rdname distributions
#' @export
Gamma <- function(alpha, beta = 1, min = NULL, max = NULL, link) {
  # stats::Gamma (the glm family) has the same name: glm(family = Gamma) and
  # Gamma(link = "log") keep working after library(annr).
  if (missing(alpha) || !missing(link) || is.character(alpha)) {
    if (!missing(alpha) && is.character(alpha)) return(stats::Gamma(link = alpha))
    return(if (missing(link)) stats::Gamma() else stats::Gamma(link = link))
  }
  d <- new_distribution("gamma", list(alpha = alpha, beta = beta), min, max, "Gamma")
  if (alpha <= 0 || beta <= 0) stop("Gamma(): `alpha` and `beta` must be > 0.", call. = FALSE)
  d
}

#' @rdname distributions
#' @export
Binomial <- function(n, p) {
  d <- new_distribution("binomial", list(n = n, p = p), label = "Binomial")
  if (n < 0 || n != round(n)) stop("Binomial(): `n` must be a whole number >= 0.", call. = FALSE)
  if (p < 0 || p > 1) stop("Binomial(): `p` must be in [0, 1].", call. = FALSE)
  d
}

#' @rdname distributions
#' @param x An object.
#' @export
is_distribution <- function(x) inherits(x, "annr_distribution")

#' @export
format.annr_distribution <- function(x, ...) {
  args <- paste0(names(x$args), " = ", format(x$args, trim = TRUE), collapse = ", ")
  if (!is.null(x$min)) args <- paste0(args, ", min = ", x$min)
  if (!is.null(x$max)) args <- paste0(args, ", max = ", x$max)
  paste0(x$label, "(", args, ")")
}

#' @export
print.annr_distribution <- function(x, ...) {
  cat("<annr distribution> ", format(x), "\n", sep = "")
  invisible(x)
}

#' @rdname distributions
#' @param d A distribution.
#' @param size Number of values to draw.
#' @details `sample_distribution()` draws with R's own random number
#'   generator (so `set.seed()` applies), for use in R code; networks draw
#'   distributions in their core instead.
#' @export
sample_distribution <- function(d, size) {
  if (!is_distribution(d)) stop("`d` must be a distribution such as Normal(0, 1).", call. = FALSE)
  a <- d$args
  x <- switch(d$type,
    uniform = stats::runif(size, a[["min"]], a[["max"]]),
    discrete_uniform = {
      lo <- ceiling(a[["min"]]); hi <- floor(a[["max"]])
      lo + floor(stats::runif(size) * (hi - lo + 1))
    },
    normal = stats::rnorm(size, a[["mu"]], a[["sigma"]]),
    lognormal = stats::rlnorm(size, a[["mu"]], a[["sigma"]]),
    exponential = stats::rexp(size, a[["lambda"]]),
    gamma = stats::rgamma(size, shape = a[["alpha"]], scale = a[["beta"]]),
    binomial = stats::rbinom(size, a[["n"]], a[["p"]])
  )
  if (!is.null(d$min)) x <- pmax(x, d$min)
  if (!is.null(d$max)) x <- pmin(x, d$max)
  x
}
