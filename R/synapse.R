# Synapse models, written in the equation language like neurons.

synapse_fields <- c("name", "parameters", "equations", "psp", "operation",
                    "pre_spike", "post_spike", "functions")

#' Define a synapse model
#'
#' A synapse model gives every synapse of a projection its own variables and
#' says what happens when a pre-synaptic spike arrives (`pre_spike`), when the
#' post-synaptic neuron spikes (`post_spike`), and how variables evolve
#' between events (`equations`). It uses the equation language of [Neuron()]
#' with, in addition: `w` (the weight of the synapse), `pre.x` and `post.x`
#' (attributes of the pre- and post-synaptic neurons), `t_pre` and `t_post`
#' (their last spike times), `g_target += ...` (in `pre_spike`: what the spike
#' adds to the post-synaptic conductance of the projection's target), the
#' locality flags `projection` (one value for the whole projection) and
#' `postsynaptic` (one value per post-synaptic neuron, shared by its
#' synapses), and the integration flag `event-driven` (a linear ODE in any
#' form, `tau * dx/dt = S - x` or `dx/dt = (1 - x) / tau_rec`, whose
#' coefficients read parameters only, solved exactly from one event to the
#' next, `x = S + (x - S) * exp(-(t - t_last_event) / tau)`; see
#' [STDP()] for the steps that count), and the global operations
#' `mean()`, `max()`, `min()`, `norm1()`, `norm2()` of a pre- or
#' post-synaptic attribute (`mean(pre.r)`: over the whole population, as
#' computed after the neuron updates of the step). `w` may be listed among
#' the parameters (as ANNarchy allows); it stays the weight set by the
#' connector. Without `pre_spike`, a spike adds `w` to `g_target`. The
#' bounds `min`/`max` of `w` and of synaptic variables are numbers or the
#' name of a parameter of the synapse (`: min = w_min, max = w_max`, as
#' ANNarchy's examples write them), read when clamping, so setting the
#' parameter later moves the bound.
#'
#' Every step, the equations of projection-wide variables run once, then
#' those of postsynaptic variables once per post-synaptic neuron, then those
#' of each synapse (so a synapse sees this step's postsynaptic values). A
#' projection-wide equation may not read per-neuron or per-synapse values
#' (`w`, synaptic variables, `pre.x`, `post.x`, `t_pre`, `t_post`); a
#' postsynaptic one may read `post.x` and `t_post` but nothing of a single
#' synapse; `pre_spike`/`post_spike` may only change per-synapse variables
#' (they run once per synapse). Breaking these rules is an error naming the
#' variable and the line.
#'
#' Synaptic variables are read with `proj$get("name")` (one value per
#' synapse in `proj$synapses()` order, per post-synaptic neuron, or one for
#' the projection) and set with `proj$set(name = value)`; `net$save()` keeps
#' them with the weights.
#' Learning can be switched off with [disable_learning()],
#' `net$disable_learning()` or `proj$disable_learning()`. As in ANNarchy, a
#' rate-coded projection then updates none of its synaptic variables; a
#' spiking one freezes only `w` (its statements and ODE are skipped) while
#' its other variables keep evolving (STDP traces, the `u` and `x` of STP,
#' which then still depresses transmission).
#'
#' Rate-coded projections sum `psp` (default `w * pre.r`) over the synapses
#' of each post-synaptic neuron, or take their `max`, `min` or `mean`
#' (`operation`). A spiking projection with a `psp` adds the sum of its `psp`
#' to `g_target` every step (gap junctions); its `pre_spike` statements,
#' when given, still run at every spike.
#'
#' The `equations` run in the order written, as in ANNarchy: consecutive
#' ODEs form one block (each derivative from the values before the block),
#' and an assignment sees what the statements above it computed in the same
#' step (`x = 2 * w` after `dw/dt = ...` reads the new `w`). Projection-wide
#' equations run first, then postsynaptic ones, then those of each synapse.
#' `pre.sum(exc)` and `post.sum(exc)` read the weighted sums the rate-coded
#' pre- and post-synaptic neurons receive in this step.
#'
#' Per-synapse delays work with synapse models: each synapse receives the
#' spike (and runs `pre_spike`) at its own delay.
#'
#' @param parameters,equations,pre_spike,post_spike,functions Strings in the
#'   equation language (lines separated by newlines or `;`).
#' @param psp Rate-coded synapses: the contribution of one synapse
#'   (default `w * pre.r`).
#' @param operation Rate-coded synapses: `"sum"`, `"max"`, `"min"` or `"mean"`.
#' @param name Name shown in messages.
#' @param description Free text.
#' @return An object of class `annr_synapse`.
#' @examples
#' Synapse(
#'   parameters = "tau = 20 : projection",
#'   equations = "tau * dtrace/dt = -trace : event-driven",
#'   pre_spike = "g_target += w; trace += 1",
#'   name = "traced"
#' )
#' @export
Synapse <- function(parameters = "", equations = "", psp = NULL, operation = "sum",
                    pre_spike = NULL, post_spike = NULL, functions = NULL,
                    name = NULL, description = NULL) {
  text <- function(x, arg) {
    if (is.null(x)) return("")
    if (!is.character(x) || anyNA(x)) stop("`", arg, "` must be a string", call. = FALSE)
    paste(x, collapse = "\n")
  }
  syn <- list(name = if (is.null(name)) "Synapse" else text(name, "name"),
              parameters = text(parameters, "parameters"),
              equations = text(equations, "equations"),
              psp = text(psp, "psp"), operation = text(operation, "operation"),
              pre_spike = text(pre_spike, "pre_spike"),
              post_spike = text(post_spike, "post_spike"),
              functions = with_global_functions(text(functions, "functions")),
              description = description)
  info <- .annr_analyse_synapse(c(syn[synapse_fields], list(constants = definition_constants())))
  syn$attributes <- info$attributes
  syn$plastic <- info$plastic
  structure(syn, class = "annr_synapse")
}

#' @export
print.annr_synapse <- function(x, ...) {
  cat("<annr synapse> ", x$name, if (isTRUE(x$plastic)) " (plastic)", "\n", sep = "")
  for (f in c("parameters", "equations", "pre_spike", "post_spike")) {
    if (nzchar(trimws(x[[f]]))) {
      cat(" ", f, ":\n", sep = "")
      cat(paste0("    ", trimws(strsplit(trimws(x[[f]]), "\n")[[1]])), sep = "\n")
    }
  }
  invisible(x)
}

syn_number <- function(x, arg, fn) model_number(x, arg, fn)

#' Built-in synapse models
#'
#' * `STDP`: spike-timing-dependent plasticity with event-driven traces
#'   (`x` of the pre-synaptic spikes, `y` of the post-synaptic ones): a pre
#'   spike adds `A_plus * w_max` to `x` and `y` to `w`; a post spike subtracts
#'   `A_minus * w_max` from `y` and adds `x` to `w`; `w` stays in
#'   `[w_min, w_max]`.
#' * `STP`: short-term plasticity of Tsodyks & Markram (depression with
#'   recovery time `tau_rec`, facilitation with `tau_facil`, release
#'   probability `U`, one per synapse): a spike transmits `w * u * x`, then
#'   `x *= 1 - u` and `u += U * (1 - u)`.
#'
#' Their event-driven variables follow ANNarchy 4.7.3: at a pre-synaptic
#' event they are brought to the step before the delivery step (the step of
#' the spike plus the delay, minus one) and the delivery step becomes their
#' last event; at a post-synaptic event they are brought to the current
#' step. So every pre-synaptic event skips one step of decay, which in a
#' balanced STDP rule (`A_minus` slightly above `A_plus`) decides whether
#' weights potentiate or depress.
#'
#' Printing the function itself (`STDP`) shows the model's equations and
#' default parameters ([print.annr_model_constructor()]).
#'
#' @param tau_plus,tau_minus Time constants of the traces (ms).
#' @param A_plus,A_minus Amplitudes of potentiation and depression.
#' @param w_min,w_max Bounds of the weight.
#' @param tau_rec,tau_facil Recovery and facilitation time constants (ms).
#' @param U Release probability.
#' @return A [Synapse()].
#' @examples
#' STDP(A_plus = 0.02)
#' STP(tau_rec = 200)
#' @name builtin_synapses
NULL

#' @rdname builtin_synapses
#' @export
STDP <- model_constructor(function(tau_plus = 20, tau_minus = 20, A_plus = 0.01, A_minus = 0.01,
                 w_min = 0, w_max = 1) {
  args <- as.list(environment())
  Synapse(
    parameters = paste(vapply(names(args), function(n) {
      paste(n, "=", syn_number(args[[n]], n, "STDP"), ": projection")
    }, ""), collapse = "\n"),
    equations = paste0("tau_plus * dx/dt = -x : event-driven\n",
                       "tau_minus * dy/dt = -y : event-driven"),
    pre_spike = "g_target += w\nx += A_plus * w_max\nw = clip(w + y, w_min, w_max)",
    post_spike = "y -= A_minus * w_max\nw = clip(w + x, w_min, w_max)",
    name = "STDP"
  )
}, "synapse")

#' @rdname builtin_synapses
#' @export
STP <- model_constructor(function(tau_rec = 100, tau_facil = 0.01, U = 0.5) {
  args <- as.list(environment())
  Synapse(
    # U is per synapse (as in ANNarchy: proj$U can differ between synapses)
    parameters = paste(vapply(names(args), function(n) {
      paste(n, "=", syn_number(args[[n]], n, "STP"), if (n != "U") ": projection")
    }, ""), collapse = "\n"),
    equations = paste0("dx/dt = (1 - x) / tau_rec : init = 1, event-driven\n",
                       "du/dt = (U - u) / tau_facil : init = ", syn_number(U, "U", "STP"),
                       ", event-driven"),
    pre_spike = "g_target += w * u * x\nx *= (1 - u)\nu += U * (1 - u)",
    name = "STP"
  )
}, "synapse")

#' Built-in rate-coded learning rules
#'
#' * `Hebb`: `dw/dt = eta * pre.r * post.r`, `w >= 0`.
#' * `Oja`: `dw/dt = eta * (pre.r * post.r - alpha * post.r^2 * w)`, `w >= 0`
#'   (Hebbian learning with weight normalisation).
#' * `IBCM`: the sliding threshold `theta` follows `post.r^2` with time
#'   constant `tau` (exponential integration), and
#'   `dw/dt = eta * post.r * (post.r - theta) * pre.r`, `w >= 0`.
#'
#' Weights and traces are integrated with explicit Euler after the neurons of
#' the step, from the rates of that step. `theta` of IBCM is kept per synapse
#' (all synapses of a post-synaptic neuron hold the same value).
#'
#' Printing the function itself (`Oja`) shows the model's equations and
#' default parameters.
#'
#' @param eta Learning rate.
#' @param alpha Regularisation of Oja's rule.
#' @param tau Time constant of the IBCM threshold (ms).
#' @return A [Synapse()].
#' @examples
#' Oja(eta = 0.005)
#' @name builtin_rate_synapses
NULL

#' @rdname builtin_rate_synapses
#' @export
Hebb <- model_constructor(function(eta = 0.01) {
  Synapse(parameters = paste("eta =", syn_number(eta, "eta", "Hebb"), ": projection"),
          equations = "dw/dt = eta * pre.r * post.r : min = 0.0, explicit",
          name = "Hebb")
}, "synapse")

#' @rdname builtin_rate_synapses
#' @export
Oja <- model_constructor(function(eta = 0.01, alpha = 1) {
  Synapse(parameters = paste0("eta = ", syn_number(eta, "eta", "Oja"), " : projection\n",
                              "alpha = ", syn_number(alpha, "alpha", "Oja"), " : projection"),
          equations = "dw/dt = eta * (pre.r * post.r - alpha * post.r^2 * w) : min = 0.0, explicit",
          name = "Oja")
}, "synapse")

#' @rdname builtin_rate_synapses
#' @export
IBCM <- model_constructor(function(eta = 0.01, tau = 2000) {
  Synapse(parameters = paste0("eta = ", syn_number(eta, "eta", "IBCM"), " : projection\n",
                              "tau = ", syn_number(tau, "tau", "IBCM"), " : projection"),
          equations = paste0("tau * dtheta/dt + theta = post.r^2 : postsynaptic, exponential\n",
                             "dw/dt = eta * post.r * (post.r - theta) * pre.r : min = 0.0, explicit"),
          name = "IBCM")
}, "synapse")

#' Names of the built-in synapse models
#'
#' As ANNarchy's `list_standard_synapses()`: the synapse models annr defines
#' under ANNarchy's names, each a function returning a [Synapse()].
#'
#' @return A character vector: `"STP"`, `"STDP"`, `"Hebb"`, `"Oja"`,
#'   `"IBCM"`.
#' @seealso [list_standard_neurons()]
#' @examples
#' list_standard_synapses()
#' @export
list_standard_synapses <- function() c("STP", "STDP", "Hebb", "Oja", "IBCM")
