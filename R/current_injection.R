# CurrentInjection: ANNarchy's specific projection that feeds the rates of a
# rate-coded population into a spiking population's conductance g_target.

CurrentInjectionClass <- R6::R6Class("annr_current_injection",
  inherit = ProjectionClass,
  cloneable = FALSE,
  public = list(
    connect_current = function() {
      self$connect_one_to_one(weights = 1.0)
    }
  )
)

#' Inject the rates of a rate-coded population into a spiking one
#'
#' A projection from a rate-coded population onto a spiking population of
#' the same size: at every step, each post-synaptic neuron's `g_target` is
#' increased by the current `r` of the pre-synaptic neuron of the same rank
#' (the rates computed in the previous step, as every projection reads
#' them), as ANNarchy's `CurrentInjection`. A conductance without an ODE is
#' reset every step, so it then holds exactly that rate.
#'
#' Connect it with `proj$connect_current()` (one to one, weights 1, no
#' delay); it has no synapse model and no delays.
#'
#' @param pre Rate-coded population (or view).
#' @param post Spiking population (or view) of the same size.
#' @param target Name of the conductance (`"exc"` adds to `g_exc`).
#' @param name Name of the projection.
#' @return A projection (R6 object of classes `annr_current_injection` and
#'   `annr_projection`) with the method `connect_current()`.
#' @examples
#' \donttest{
#' clear()
#' inp <- Population(10, Neuron(equations = "r = sin(t)"))
#' pop <- Population(10, Neuron(equations = "v = g_exc", spike = "v > 0.5"))
#' proj <- CurrentInjection(inp, pop, "exc")
#' proj$connect_current()
#' }
#' @export
CurrentInjection <- function(pre, post, target, name = NULL) {
  spiking <- function(p) {
    pp <- if (inherits(p, "annr_view")) p$population else p
    if (!inherits(pp, "annr_population")) return(NA)
    is.null(pp$neuron) || isTRUE(pp$neuron$spiking)  # spike sources have no neuron
  }
  if (isTRUE(spiking(pre))) {
    stop("CurrentInjection(): `pre` must be a rate-coded population", call. = FALSE)
  }
  if (isFALSE(spiking(post))) {
    stop("CurrentInjection(): `post` must be a spiking population", call. = FALSE)
  }
  size <- function(p) if (inherits(p, "annr_view")) length(p$ranks) else p$size
  if (!is.na(spiking(pre)) && !is.na(spiking(post)) && size(pre) != size(post)) {
    stop("CurrentInjection(): `pre` (", size(pre), ") and `post` (", size(post),
         ") must have the same size", call. = FALSE)
  }
  plain <- Projection(pre, post, target, name = name)  # checks and registers
  net <- plain$network
  proj <- CurrentInjectionClass$new(pre, post, target, NULL, plain$name, net, id = plain$id)
  net$projections[[as.character(plain$id)]] <- proj
  proj
}
