# Neuron(): a model written in ANNarchy's equation language, checked by the
# core at once so that a mistake is reported where the model is defined.

#' Define a neuron model
#'
#' The strings use ANNarchy's equation language: one parameter or equation per
#' line (or separated by `;`), flags after `:` (`: population`, `: init = -65`,
#' `: min = 0`), ODEs as `dv/dt = ...`.
#'
#' Random numbers (`Normal(mu, sigma)`, `Uniform(a, b)`, `LogNormal()`,
#' `Exponential()`, `Gamma()`, `DiscreteUniform()`, `Binomial()`) are drawn
#' anew at every step: one per neuron in a per-neuron equation, one for the
#' whole population in an equation flagged `population` (whose arguments must
#' then be population-wide too). A `population` equation may not read
#' per-neuron variables.
#'
#' @param parameters Parameter declarations, one per line, e.g.
#'   `"a = 0.02"`; several lines can be given as a character vector.
#' @param equations Equations, e.g. `"dv/dt = 0.04*v^2 + 5*v + 140 - u + I"`.
#' @param spike Spike condition (`NULL` for rate-coded models).
#' @param reset Assignments applied to neurons that spiked.
#' @param refractory Refractory period: a number of ms, the name of a
#'   parameter or variable (which may differ per neuron), or a distribution
#'   such as `Uniform(1, 5)`, drawn per neuron from the network seed when the
#'   network is compiled (as ANNarchy does). With a distribution the model
#'   gets a per-neuron parameter `refractory` (ms) holding the draws, which
#'   can be read and set like any attribute (`pop$refractory`). At a spike the
#'   neuron is refractory for `int(value / dt)` steps.
#' @param functions User functions, `"f(x) = x^2"`, one per line. Functions
#'   defined by [add_function()] before the model are usable too.
#' @param name Name shown in messages.
#' @param description Free text.
#' @return An object of class `annr_neuron`: a list with the strings and
#'   `attributes`, a data frame of its parameters and variables.
#' @examples
#' \donttest{
#' LIF <- Neuron(parameters = "tau = 10.0", equations = "tau * dv/dt = -v",
#'               spike = "v > 1", reset = "v = 0", name = "LIF")
#' LIF$attributes$name
#' }
#' @export
Neuron <- function(parameters = "", equations = "", spike = NULL,
                   reset = NULL, refractory = NULL, functions = NULL,
                   name = NULL, description = NULL) {
  as_text <- function(x, arg) {
    if (is.null(x)) return(NULL)
    if (!is.character(x) || anyNA(x)) {
      stop("`", arg, "` of Neuron() must be a character string", call. = FALSE)
    }
    paste(x, collapse = "\n")
  }
  refractory_distribution <- NULL
  if (is_distribution(refractory)) {
    refractory_distribution <- refractory
    refractory <- "refractory"
    parameters <- c(as_text(parameters, "parameters"), "refractory = 0")
  } else if (!is.null(refractory)) {
    if (is.numeric(refractory)) {
      if (length(refractory) != 1 || !is.finite(refractory) || refractory < 0) {
        stop("`refractory` must be one non-negative number of ms, a ",
             "parameter name or a distribution", call. = FALSE)
      }
      refractory <- format(refractory, digits = 17)
    } else if (!is.character(refractory) || length(refractory) != 1) {
      stop("`refractory` must be one non-negative number of ms, a ",
           "parameter name or a distribution", call. = FALSE)
    }
  }
  if (!is.null(name) && (!is.character(name) || length(name) != 1)) {
    stop("`name` of Neuron() must be one string", call. = FALSE)
  }
  neuron <- list(
    parameters = as_text(parameters, "parameters"),
    equations = as_text(equations, "equations"),
    spike = as_text(spike, "spike"),
    reset = as_text(reset, "reset"),
    refractory = refractory,
    refractory_distribution = refractory_distribution,
    functions = with_global_functions(as_text(functions, "functions")),
    name = if (is.null(name)) "Neuron" else name,
    description = description
  )
  if (is.null(neuron$parameters)) neuron$parameters <- ""
  if (is.null(neuron$equations)) neuron$equations <- ""
  info <- .annr_analyse_model(c(model_spec(neuron), list(constants = definition_constants())))
  neuron$spiking <- info$spiking
  neuron$targets <- info$targets
  neuron$attributes <- info$attributes
  structure(neuron, class = "annr_neuron")
}

#' @export
print.annr_neuron <- function(x, ...) {
  cat("<annr neuron> ", x$name,
      if (isTRUE(x$spiking)) " (spiking)" else " (rate-coded)", "\n", sep = "")
  if (!is.null(x$description)) cat(x$description, "\n")
  show <- function(label, text) {
    if (!is.null(text) && nzchar(text)) {
      cat(label, ":\n", sep = "")
      cat(paste0("    ", trimws(strsplit(text, "\n")[[1]]), collapse = "\n"),
          "\n")
    }
  }
  show("Parameters", x$parameters)
  show("Equations", x$equations)
  show("Spike", x$spike)
  show("Reset", x$reset)
  show("Refractory", if (is.null(x$refractory_distribution)) x$refractory
                     else format(x$refractory_distribution))
  show("Functions", x$functions)
  invisible(x)
}

# A Neuron object, or a function returning one (so `Population(100,
# Izhikevich)` works as well as `Population(100, Izhikevich())`).
as_neuron <- function(neuron) {
  if (is.function(neuron)) neuron <- neuron()
  if (!inherits(neuron, "annr_neuron")) {
    stop("`neuron` must be a Neuron() object or a function returning one ",
         "(e.g. Izhikevich)", call. = FALSE)
  }
  neuron
}
