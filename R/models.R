# Built-in neuron models, written in the equation language (the same one
# users write), with the defaults of ANNarchy 4.x / PyNN. Each function
# formats its arguments into the parameter block and returns a Neuron.

model_number <- function(x, arg, fn) {
  if (!is.numeric(x) || length(x) != 1 || !is.finite(x)) {
    stop(sprintf("%s(): `%s` must be one finite number.", fn, arg), call. = FALSE)
  }
  format(x, digits = 17, scientific = FALSE, trim = TRUE)
}

# "name = value" lines from the calling function's arguments.
model_parameters <- function(values, fn) {
  paste(vapply(names(values), function(n) {
    paste(n, "=", model_number(values[[n]], n, fn))
  }, character(1)), collapse = "\n")
}

# A built-in model is its constructor: a function (so that both
# `Population(100, Izhikevich)` and `Izhikevich(a = 0.1)` work) with a class,
# so that printing it shows the model with its defaults instead of R source.
model_constructor <- function(fun, kind) {
  structure(fun, class = c(paste0("annr_", kind, "_constructor"),
                           "annr_model_constructor", "function"))
}

# "a = 0.02, b = 0.2": the constructor's arguments and their defaults.
constructor_defaults <- function(x) {
  f <- formals(x)
  paste(vapply(names(f), function(n) paste(n, "=", deparse(f[[n]])), ""),
        collapse = ", ")
}

#' Print a built-in model
#'
#' Built-in neuron and synapse models ([builtin_models], [builtin_synapses],
#' [builtin_rate_synapses]) are functions that return the model; printing one
#' shows the model built with the default parameters (its equations and the
#' defaults), and how to change them.
#'
#' @param x A built-in model, e.g. `Izhikevich` or `STDP`.
#' @param ... Unused.
#' @return `x`, invisibly.
#' @examples
#' Izhikevich
#' STDP
#' @export
print.annr_model_constructor <- function(x, ...) {
  model <- x()
  kind <- if (inherits(model, "annr_neuron")) {
    if (isTRUE(model$spiking)) "spiking neuron" else "rate-coded neuron"
  } else {
    if (isTRUE(model$plastic)) "plastic synapse" else "synapse"
  }
  cat("<annr built-in model> ", model$name, " (", kind, ")\n", sep = "")
  if (!is.null(model$description)) cat(model$description, "\n", sep = "")
  cat(strwrap(paste0("Defaults: ", model$name, "(", constructor_defaults(x), ")"),
              width = getOption("width", 80), exdent = 4), sep = "\n")
  cat("Use it as ", model$name, " or ", model$name,
      "(<parameter> = <value>, ...) wherever a model is expected.\n", sep = "")
  fields <- if (inherits(model, "annr_neuron")) {
    c(Equations = "equations", Spike = "spike", Reset = "reset",
      Refractory = "refractory")
  } else {
    c(Equations = "equations", PSP = "psp", "Pre-synaptic spike" = "pre_spike",
      "Post-synaptic spike" = "post_spike")
  }
  for (label in names(fields)) {
    text <- model[[fields[[label]]]]
    if (is.character(text) && length(text) == 1 && nzchar(trimws(text))) {
      cat(label, ":\n", sep = "")
      cat(paste0("    ", trimws(strsplit(trimws(text), "\n")[[1]])), sep = "\n")
    }
  }
  invisible(x)
}

#' Built-in neuron models
#'
#' Spiking and rate-coded neuron models of ANNarchy (and PyNN), written in
#' annr's equation language with the same default parameters. Every function
#' returns a [Neuron()]; pass it (or the function itself) to [Population()].
#' Printing the function itself (`Izhikevich`) shows the model's equations and
#' default parameters ([print.annr_model_constructor()]).
#' Incoming spikes of target `exc` / `inh` add their weight to `g_exc` /
#' `g_inh`.
#'
#' * `Izhikevich`: `I = g_exc - g_inh + noise * Normal(0, 1) + i_offset`,
#'   `dv/dt = 0.04 v^2 + 5 v + 140 - u + I` (init -65),
#'   `du/dt = a (b v - u)` (init -13), spike `v > v_thresh`,
#'   reset `v = c; u += d`. Explicit Euler, one block.
#' * `IF_curr_exp` / `IF_cond_exp`: leaky integrate-and-fire with current- /
#'   conductance-based exponentially decaying synapses
#'   (`cm dv/dt = cm/tau_m (v_rest - v) + ...`, exponential integration).
#' * `IF_curr_alpha` / `IF_cond_alpha`: the same with alpha-shaped synapses
#'   (two linear ODEs per target, peak equal to the weight).
#' * `EIF_cond_exp_isfa_ista` / `EIF_cond_alpha_isfa_ista`: adaptive
#'   exponential integrate-and-fire (AdEx, Brette & Gerstner 2005) with spike-
#'   frequency adaptation `w`.
#' * `HH_cond_exp`: single-compartment Hodgkin-Huxley neuron (Traub's
#'   formulation), spike when `v` crosses `v_thresh` upwards.
#' * `LeakyIntegrator`: rate-coded, `tau dv/dt + v = sum(exc) - sum(inh) + B`
#'   (exponential integration), `r = pos(v - T)`.
#'
#' @param a,b,c,d Izhikevich parameters (recovery time scale, sensitivity,
#'   reset of `v`, increment of `u`); for the AdEx models `a` (nS) and `b`
#'   (nA) are the subthreshold and spike-triggered adaptation.
#' @param v_thresh Threshold (mV).
#' @param i_offset Constant input current (nA).
#' @param noise Standard deviation of a Gaussian noise current drawn every step.
#' @param tau_refrac Refractory period (ms).
#' @param v_rest,v_reset Resting and reset potential (mV).
#' @param cm Membrane capacitance (nF).
#' @param tau_m Membrane time constant (ms).
#' @param tau_syn_E,tau_syn_I Synaptic time constants (ms).
#' @param e_rev_E,e_rev_I Reversal potentials (mV).
#' @param tau_w Adaptation time constant (ms).
#' @param delta_T Slope factor (mV).
#' @param v_spike Spike detection threshold of the AdEx models (mV).
#' @param gbar_Na,gbar_K,gleak Maximal conductances (uS).
#' @param v_offset Threshold offset of the gating variables (mV).
#' @param e_rev_Na,e_rev_K,e_rev_leak Reversal potentials (mV).
#' @param tau Time constant of the leaky integrator (ms).
#' @param B Baseline input of the leaky integrator.
#' @param T Threshold of the leaky integrator's output `r`.
#' @return A [Neuron()] object.
#' @examples
#' Izhikevich()
#' Izhikevich(a = 0.02, b = 0.25, c = -65, d = 2)   # another firing pattern
#' IF_cond_exp(tau_refrac = 2)
#' LeakyIntegrator(tau = 20)
#' @name builtin_models
NULL

#' @rdname builtin_models
#' @export
Izhikevich <- model_constructor(function(a = 0.02, b = 0.2, c = -65, d = 8, v_thresh = 30,
                       i_offset = 0, noise = 0, tau_refrac = 0) {
  fn <- "Izhikevich"
  params <- model_parameters(list(a = a, b = b, c = c, d = d, v_thresh = v_thresh,
                                  i_offset = i_offset, noise = noise,
                                  tau_refrac = tau_refrac), fn)
  Neuron(
    parameters = params,
    equations = paste0(
      "I = g_exc - g_inh + noise * Normal(0, 1) + i_offset\n",
      "dv/dt = 0.04 * v^2 + 5.0 * v + 140.0 - u + I : init = ", model_number(c, "c", fn), "\n",
      "du/dt = a * (b * v - u) : init = ", model_number(b * c, "b * c", fn)),
    spike = "v > v_thresh",
    reset = "v = c\nu += d",
    refractory = "tau_refrac",
    name = "Izhikevich",
    description = "Izhikevich (2003) quadratic integrate-and-fire neuron with recovery variable."
  )
}, "neuron")

#' @rdname builtin_models
#' @export
IF_curr_exp <- model_constructor(function(v_rest = -65, cm = 1, tau_m = 20, tau_refrac = 0,
                        tau_syn_E = 5, tau_syn_I = 5, v_thresh = -50,
                        v_reset = -65, i_offset = 0) {
  args <- as.list(environment())
  fn <- "IF_curr_exp"
  Neuron(
    parameters = model_parameters(args, fn),
    equations = paste0(
      "cm * dv/dt = cm/tau_m * (v_rest - v) + g_exc - g_inh + i_offset : exponential, init = ",
      model_number(v_reset, "v_reset", fn), "\n",
      "tau_syn_E * dg_exc/dt = - g_exc : exponential\n",
      "tau_syn_I * dg_inh/dt = - g_inh : exponential"),
    spike = "v > v_thresh", reset = "v = v_reset", refractory = "tau_refrac",
    name = "IF_curr_exp",
    description = "Leaky integrate-and-fire, exponentially decaying current-based synapses."
  )
}, "neuron")

#' @rdname builtin_models
#' @export
IF_cond_exp <- model_constructor(function(v_rest = -65, cm = 1, tau_m = 20, tau_refrac = 0,
                        tau_syn_E = 5, tau_syn_I = 5, e_rev_E = 0, e_rev_I = -70,
                        v_thresh = -50, v_reset = -65, i_offset = 0) {
  args <- as.list(environment())
  fn <- "IF_cond_exp"
  Neuron(
    parameters = model_parameters(args, fn),
    equations = paste0(
      "cm * dv/dt = cm/tau_m * (v_rest - v) + g_exc * (e_rev_E - v) + g_inh * (e_rev_I - v) + i_offset",
      " : exponential, init = ", model_number(v_reset, "v_reset", fn), "\n",
      "tau_syn_E * dg_exc/dt = - g_exc : exponential\n",
      "tau_syn_I * dg_inh/dt = - g_inh : exponential"),
    spike = "v > v_thresh", reset = "v = v_reset", refractory = "tau_refrac",
    name = "IF_cond_exp",
    description = "Leaky integrate-and-fire, exponentially decaying conductance-based synapses."
  )
}, "neuron")

alpha_equations <- paste0(
  "gmax_exc = exp((tau_syn_E - dt/2.0) / tau_syn_E)\n",
  "gmax_inh = exp((tau_syn_I - dt/2.0) / tau_syn_I)\n")
alpha_synapses <- paste0(
  "tau_syn_E * dg_exc/dt = - g_exc : exponential\n",
  "tau_syn_I * dg_inh/dt = - g_inh : exponential\n",
  "tau_syn_E * dalpha_exc/dt = gmax_exc * g_exc - alpha_exc : exponential\n",
  "tau_syn_I * dalpha_inh/dt = gmax_inh * g_inh - alpha_inh : exponential")

#' @rdname builtin_models
#' @export
IF_curr_alpha <- model_constructor(function(v_rest = -65, cm = 1, tau_m = 20, tau_refrac = 0,
                          tau_syn_E = 5, tau_syn_I = 5, v_thresh = -50,
                          v_reset = -65, i_offset = 0) {
  args <- as.list(environment())
  fn <- "IF_curr_alpha"
  Neuron(
    parameters = model_parameters(args, fn),
    equations = paste0(
      alpha_equations,
      "cm * dv/dt = cm/tau_m * (v_rest - v) + alpha_exc - alpha_inh + i_offset : exponential, init = ",
      model_number(v_reset, "v_reset", fn), "\n", alpha_synapses),
    spike = "v > v_thresh", reset = "v = v_reset", refractory = "tau_refrac",
    name = "IF_curr_alpha",
    description = "Leaky integrate-and-fire, alpha-shaped current-based synapses."
  )
}, "neuron")

#' @rdname builtin_models
#' @export
IF_cond_alpha <- model_constructor(function(v_rest = -65, cm = 1, tau_m = 20, tau_refrac = 0,
                          tau_syn_E = 5, tau_syn_I = 5, e_rev_E = 0, e_rev_I = -70,
                          v_thresh = -50, v_reset = -65, i_offset = 0) {
  args <- as.list(environment())
  fn <- "IF_cond_alpha"
  Neuron(
    parameters = model_parameters(args, fn),
    equations = paste0(
      alpha_equations,
      "cm * dv/dt = cm/tau_m * (v_rest - v) + alpha_exc * (e_rev_E - v) + alpha_inh * (e_rev_I - v)",
      " + i_offset : exponential, init = ", model_number(v_reset, "v_reset", fn), "\n", alpha_synapses),
    spike = "v > v_thresh", reset = "v = v_reset", refractory = "tau_refrac",
    name = "IF_cond_alpha",
    description = "Leaky integrate-and-fire, alpha-shaped conductance-based synapses."
  )
}, "neuron")

adex_equations <- function(input, v_reset, fn) {
  paste0(
    "I = ", input, " + i_offset\n",
    "tau_m * dv/dt = (v_rest - v + delta_T * exp((v - v_thresh) / delta_T)) + tau_m / cm * (I - w)",
    " : init = ", model_number(v_reset, "v_reset", fn), "\n",
    "tau_w * dw/dt = a * (v - v_rest) / 1000.0 - w\n")
}

#' @rdname builtin_models
#' @export
EIF_cond_exp_isfa_ista <- model_constructor(function(v_rest = -70.6, cm = 0.281, tau_m = 9.3667,
                                   tau_refrac = 0.1, tau_syn_E = 5, tau_syn_I = 5,
                                   e_rev_E = 0, e_rev_I = -80, tau_w = 144, a = 4,
                                   b = 0.0805, i_offset = 0, delta_T = 2,
                                   v_thresh = -50.4, v_reset = -70.6, v_spike = -40) {
  args <- as.list(environment())
  fn <- "EIF_cond_exp_isfa_ista"
  Neuron(
    parameters = model_parameters(args, fn),
    equations = paste0(
      adex_equations("g_exc * (e_rev_E - v) + g_inh * (e_rev_I - v)", v_reset, fn),
      "tau_syn_E * dg_exc/dt = - g_exc : exponential\n",
      "tau_syn_I * dg_inh/dt = - g_inh : exponential"),
    spike = "v > v_spike", reset = "v = v_reset\nw += b", refractory = "tau_refrac",
    name = "EIF_cond_exp_isfa_ista",
    description = "Adaptive exponential integrate-and-fire (AdEx), exponential conductances."
  )
}, "neuron")

#' @rdname builtin_models
#' @export
EIF_cond_alpha_isfa_ista <- model_constructor(function(v_rest = -70.6, cm = 0.281, tau_m = 9.3667,
                                     tau_refrac = 0.1, tau_syn_E = 5, tau_syn_I = 5,
                                     e_rev_E = 0, e_rev_I = -80, tau_w = 144, a = 4,
                                     b = 0.0805, i_offset = 0, delta_T = 2,
                                     v_thresh = -50.4, v_reset = -70.6, v_spike = -40) {
  args <- as.list(environment())
  fn <- "EIF_cond_alpha_isfa_ista"
  Neuron(
    parameters = model_parameters(args, fn),
    equations = paste0(
      alpha_equations,
      adex_equations("alpha_exc * (e_rev_E - v) + alpha_inh * (e_rev_I - v)", v_reset, fn),
      alpha_synapses),
    spike = "v > v_spike", reset = "v = v_reset\nw += b", refractory = "tau_refrac",
    name = "EIF_cond_alpha_isfa_ista",
    description = "Adaptive exponential integrate-and-fire (AdEx), alpha-shaped conductances."
  )
}, "neuron")

#' @rdname builtin_models
#' @export
HH_cond_exp <- model_constructor(function(gbar_Na = 20, gbar_K = 6, gleak = 0.01, cm = 0.2,
                        v_offset = -63, e_rev_Na = 50, e_rev_K = -90,
                        e_rev_leak = -65, e_rev_E = 0, e_rev_I = -80,
                        tau_syn_E = 0.2, tau_syn_I = 2, i_offset = 0,
                        v_thresh = 0) {
  args <- as.list(environment())
  fn <- "HH_cond_exp"
  Neuron(
    parameters = model_parameters(args, fn),
    equations = paste0(
      "prev_v = v\n",
      "an = 0.032 * (15.0 - v + v_offset) / (exp((15.0 - v + v_offset) / 5.0) - 1.0)\n",
      "am = 0.32 * (13.0 - v + v_offset) / (exp((13.0 - v + v_offset) / 4.0) - 1.0)\n",
      "ah = 0.128 * exp((17.0 - v + v_offset) / 18.0)\n",
      "bn = 0.5 * exp((10.0 - v + v_offset) / 40.0)\n",
      "bm = 0.28 * (v - v_offset - 40.0) / (exp((v - v_offset - 40.0) / 5.0) - 1.0)\n",
      "bh = 4.0 / (1.0 + exp(10.0 - v + v_offset))\n",
      "dn/dt = an * (1.0 - n) - bn * n : init = 0.0, exponential\n",
      "dm/dt = am * (1.0 - m) - bm * m : init = 0.0, exponential\n",
      "dh/dt = ah * (1.0 - h) - bh * h : init = 1.0, exponential\n",
      "cm * dv/dt = gleak * (e_rev_leak - v) + gbar_K * n^4 * (e_rev_K - v) + ",
      "gbar_Na * m^3 * h * (e_rev_Na - v) + g_exc * (e_rev_E - v) + g_inh * (e_rev_I - v) + i_offset",
      " : exponential, init = ", model_number(e_rev_leak, "e_rev_leak", fn), "\n",
      "tau_syn_E * dg_exc/dt = - g_exc : exponential\n",
      "tau_syn_I * dg_inh/dt = - g_inh : exponential"),
    spike = "(v > v_thresh) and (prev_v <= v_thresh)",
    name = "HH_cond_exp",
    description = "Single-compartment Hodgkin-Huxley neuron (sodium, delayed-rectifier potassium)."
  )
}, "neuron")

#' @rdname builtin_models
#' @export
LeakyIntegrator <- model_constructor(function(tau = 10, B = 0, T = 0) {
  fn <- "LeakyIntegrator"
  Neuron(
    parameters = model_parameters(list(tau = tau, B = B, T = T), fn),
    equations = paste0(
      "tau * dv/dt + v = sum(exc) - sum(inh) + B : exponential\n",
      "r = pos(v - T)"),
    name = "LeakyIntegrator",
    description = "Rate-coded leaky integrator."
  )
}, "neuron")

#' Names of the built-in neuron models
#'
#' As ANNarchy's `list_standard_neurons()`: the neuron models annr defines
#' under ANNarchy's names, each a function returning a [Neuron()].
#'
#' @return A character vector, in ANNarchy's order.
#' @seealso [list_standard_synapses()]
#' @examples
#' list_standard_neurons()
#' @export
list_standard_neurons <- function() {
  c("LeakyIntegrator", "Izhikevich", "IF_curr_exp", "IF_cond_exp", "IF_curr_alpha",
    "IF_cond_alpha", "HH_cond_exp", "EIF_cond_alpha_isfa_ista", "EIF_cond_exp_isfa_ista")
}
