# Turning R definitions into the plain list that src/bindings.cpp reads
# (the layout mirrors inst/include/annr/network_spec.hpp; ranks stay 1-based
# here, the bindings make them 0-based).

# A distribution as the bindings read it (no class, NULL bounds dropped).
distribution_spec <- function(d) {
  out <- list(type = d$type, args = as.numeric(d$args))
  if (!is.null(d$min)) out$min <- as.numeric(d$min)
  if (!is.null(d$max)) out$max <- as.numeric(d$max)
  out
}

model_spec <- function(neuron) {
  if (is.null(neuron)) {
    return(list(name = "", parameters = "", equations = ""))
  }
  list(
    name = if (is.null(neuron$name)) "" else neuron$name,
    parameters = neuron$parameters,
    equations = neuron$equations,
    spike = if (is.null(neuron$spike)) "" else neuron$spike,
    reset = if (is.null(neuron$reset)) "" else neuron$reset,
    refractory = if (is.null(neuron$refractory)) "" else neuron$refractory,
    functions = if (is.null(neuron$functions)) "" else neuron$functions
  )
}

population_spec <- function(pop) {
  timed <- NULL
  if (!is.null(pop$timed)) {
    # steps are computed with the network's dt when the spec is built
    dt <- pop$network$dt
    tracks <- pop$timed$tracks
    timed <- list(
      timed_tracks = lapply(names(tracks), function(nm) list(
        attribute = nm,
        rows = lapply(seq_len(nrow(tracks[[nm]])), function(i) as.numeric(tracks[[nm]][i, ])))),
      row_start_steps = round(pop$timed$starts / dt),
      period_steps = if (pop$timed$period > 0) max(1, round(pop$timed$period / dt)) else -1)
  }
  c(list(
    id = pop$id,
    name = pop$name,
    geometry = as.integer(pop$geometry),
    type = pop$type,
    model = model_spec(pop$neuron),
    # A refractory period given as a distribution is drawn first, so later
    # writes of `refractory` by the user win.
    values = if (is.null(pop$neuron$refractory_distribution)) pop$values else
      c(list(list(attribute = "refractory", ranks = NULL,
                  distribution = distribution_spec(pop$neuron$refractory_distribution))),
        pop$values),
    spike_times = pop$spike_times,
    stop_condition = if (is.null(pop$stop_condition)) "" else pop$stop_condition,
    firing_rate_window = if (is.null(pop$firing_rate_window)) 0 else pop$firing_rate_window
  ), timed)
}

synapse_value_spec <- function(x) {
  if (is_annr_distribution(x)) distribution_spec(x) else as.numeric(x)
}

projection_spec <- function(proj) {
  c <- proj$connector
  if (is.null(c)) {
    stop("projection '", proj$name, "' has no connector: call one of its ",
         "connect_*() methods before compile()", call. = FALSE)
  }
  connector <- list(
    type = c$type,
    probability = if (is.null(c$probability)) 0 else c$probability,
    number = if (is.null(c$number)) 0 else c$number,
    allow_self_connections = isTRUE(c$allow_self_connections),
    weights = synapse_value_spec(c$weights),
    delays = synapse_value_spec(c$delays)
  )
  if (c$type %in% c("gaussian", "dog")) connector <- utils::modifyList(connector, distance_spec(c, proj))
  explicit <- NULL
  if (identical(c$type, "explicit")) explicit <- c$explicit
  if (identical(c$type, "function")) {
    explicit <- explicit_from_function(c$method, proj$pre, proj$post, c$args)
    connector$type <- "explicit"
  }
  if (!is.null(explicit)) {
    connector$pre <- as.integer(explicit$pre)
    connector$post <- as.integer(explicit$post)
    connector$explicit_weights <- as.numeric(explicit$weights)
    if (!is.null(explicit$delays)) {
      connector$explicit_delays <- rep_len(as.numeric(explicit$delays),
                                           length(explicit$pre))
    }
  }
  list(
    id = proj$id, name = proj$name,
    pre = proj$pre_population$id, post = proj$post_population$id,
    pre_ranks = proj$pre_ranks, post_ranks = proj$post_view_ranks,
    target = proj$target, connector = connector,
    learning = !isFALSE(proj$learning),
    learning_period = proj$learning_period, learning_offset = proj$learning_offset,
    current_injection = inherits(proj, "annr_current_injection"),
    synapse = if (is.null(proj$synapse)) NULL else unclass(proj$synapse)[synapse_fields]
  )
}

monitor_spec <- function(mon, dt) {
  period_steps <- monitor_period_steps(mon$period, dt)
  list(
    id = mon$id, population = mon$population$id, ranks = mon$ranks,
    variables = mon$variables, period_steps = period_steps,
    start_step = 0, start = isTRUE(mon$start_recording)
  )
}

network_spec <- function(net, seed) {
  list(
    dt = net$dt,
    seed = seed,
    populations = unname(lapply(net$populations, population_spec)),
    projections = unname(lapply(net$projections, projection_spec)),
    monitors = unname(lapply(Filter(Negate(is_projection_monitor), net$monitors), monitor_spec, dt = net$dt)),
    projection_monitors = unname(lapply(Filter(is_projection_monitor, net$monitors),
                                        projection_monitor_spec, dt = net$dt)),
    constants = net$constants  # R/constant.R: a named numeric vector
  )
}

is_annr_distribution <- function(x) inherits(x, "annr_distribution")

# A monitor's period in steps: round(period / dt), at least one step; a
# period that is not a whole number of steps is said, not silently changed.
monitor_period_steps <- function(period, dt, warn = FALSE) {
  if (is.null(period)) return(1)
  steps <- max(1, round(period / dt))
  if (warn && abs(period / dt - steps) > 1e-9 * max(1, steps)) {
    warning(sprintf("Monitor(): period = %g ms is not a whole number of steps of dt = %g ms; it records every %d step%s (%g ms)",
                    period, dt, steps, if (steps == 1) "" else "s", steps * dt), call. = FALSE)
  }
  steps
}
