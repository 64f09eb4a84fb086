# Populations, views of populations, Poisson populations and spike sources.
# Attributes are read and written with `$`: writes are recorded in the
# definition (so copies and rebuilt networks get them) and pushed to the live
# C++ object when the network is compiled.

PopulationClass <- R6::R6Class("annr_population",
  cloneable = FALSE,
  public = list(
    id = NULL,
    name = NULL,
    geometry = NULL,
    size = NULL,
    neuron = NULL,
    type = "neuron",
    values = list(),
    spike_times = list(),
    timed = NULL,   # timed arrays: list(tracks = named list of matrices (time x values), starts (ms), period)
    # Attributes computed from others (HomogeneousCorrelatedSpikeTrains: mu
    # and sigma from rates, corr, tau): list(inputs = named list of values,
    # compute = name of an annr function(inputs) -> named list of values).
    derived = NULL,
    stop_condition = NULL,
    firing_rate_window = NULL,  # compute_firing_rate(): window in ms
    network = NULL,

    initialize = function(geometry, neuron, name, type, stop_condition,
                          network, id = next_object_id()) {
      self$id <- id
      self$geometry <- geometry
      self$size <- as.integer(prod(geometry))
      self$neuron <- neuron
      self$type <- type
      self$name <- if (is.null(name)) paste0("pop", id) else name
      self$stop_condition <- stop_condition
      self$network <- network
    },

    # ANNarchy's Population.get(name) / set(list(name = value, ...)).
    get = function(name) {
      if (!is.character(name) || length(name) != 1 || is.na(name)) {
        stop("`name` must be one attribute name", call. = FALSE)
      }
      get_population_attribute(self, NULL, name)
    },
    set = function(values) {
      check_named_values(values)
      for (nm in names(values)) set_population_attribute(self, NULL, nm, values[[nm]])
      invisible(self)
    },
    compute_firing_rate = function(window) {
      compute_firing_rate(self, window)
      invisible(self)
    },
    rank_from_coordinates = function(coordinates) rank_from_coordinates(self, coordinates),
    coordinates_from_rank = function(rank) coordinates_from_rank(self, rank),

    print = function(...) {
      cat("<annr population> '", self$name, "': ", self$size, " neuron(s)",
          if (length(self$geometry) > 1)
            paste0(" (", paste(self$geometry, collapse = " x "), ")"),
          ", model ", if (self$type == "spike_source_array")
            "SpikeSourceArray" else self$neuron$name, "\n", sep = "")
      invisible(self)
    }
  )
)

population_attributes <- function(pop, which = c("all", "parameters", "variables")) {
  which <- match.arg(which)
  a <- pop$neuron$attributes
  if (is.null(a)) {
    # a SpikeSourceArray: its spike times, as ANNarchy lists them
    if (identical(pop$type, "spike_source_array") && which != "variables") return("spike_times")
    return(character(0))
  }
  switch(which, all = a$name, parameters = a$name[a$is_parameter],
         variables = a$name[!a$is_parameter])
}

check_named_values <- function(values) {
  if (!is.list(values) || is.null(names(values)) || any(!nzchar(names(values))) ||
      anyNA(names(values))) {
    stop("`values` must be a named list, e.g. list(tau = 20, v = -70)", call. = FALSE)
  }
}

check_geometry <- function(geometry, attributes = 8) {
  if (!is.numeric(geometry) || length(geometry) < 1 || anyNA(geometry) ||
      any(!is.finite(geometry)) || any(geometry < 1) || any(geometry != round(geometry))) {
    stop("`geometry` must be a positive whole number or a vector of them",
         call. = FALSE)
  }
  size <- prod(geometry)
  # ranks are R integers; each neuron holds its attributes as doubles
  bytes <- size * (attributes + 4) * 8
  if (size > .Machine$integer.max) {
    stop("`geometry` = ", paste(format(geometry, scientific = FALSE), collapse = " x "),
         " is ", format(size, big.mark = ","), " neurons: more than the ",
         format(.Machine$integer.max, big.mark = ","), " a population can hold (it would need about ",
         format_bytes(bytes), " of memory)", call. = FALSE)
  }
  check_fits_in_memory(paste0("A population of ", format(size, big.mark = ","), " neurons"), bytes)
  as.integer(geometry)
}

check_name <- function(name) {
  if (!is.null(name) && (!is.character(name) || length(name) != 1 ||
                         is.na(name))) {
    stop("`name` must be one string", call. = FALSE)
  }
  name
}

#' Create a population of neurons
#'
#' @param geometry Number of neurons, or a vector of dimension sizes (ranks
#'   are row-major, 1-based).
#' @param neuron A [Neuron()] object or a function returning one
#'   (e.g. `Izhikevich`).
#' @param name Name of the population (default `"pop<id>"`).
#' @param stop_condition Condition for [simulate_until()], e.g. `"v > 0"`
#'   (`"v > 0 : any"` by default semantics).
#' @return A population (R6 object of class `annr_population`): read and write
#'   parameters and variables with `$` (`pop$v`, `pop$v <- -65`, a vector of
#'   `pop$size` values or a distribution such as `Uniform(-70, -50)`), or as
#'   in ANNarchy with `pop$get("v")` and `pop$set(list(v = -65, tau = 20))`.
#'   `pop[i]` gives a view of ranks `i`; on a 2-D or 3-D geometry
#'   `pop[i, j]` / `pop[i, j, k]` give the view of a sub-grid by 1-based
#'   coordinates (a missing index is the whole dimension, negative
#'   coordinates are left out), whose ranks are ANNarchy's row-major ranks in
#'   the order of ANNarchy's views (see [rank_from_coordinates()]). Views
#'   read and write like populations (`pop[2:3, ]$v`, `view$get()`,
#'   `view$set()`) and can be monitored. Also `pop$size`, `pop$geometry`,
#'   `pop$name`, `pop$neuron`, `pop$attributes`, `pop$parameters`,
#'   `pop$variables` (names), `pop$rank_from_coordinates()`,
#'   `pop$coordinates_from_rank()`. A spiking population's
#'   `pop$compute_firing_rate(window)` makes its `r` the firing rate (Hz)
#'   over a sliding window of `window` ms (see [compute_firing_rate()]).
#' @examples
#' \donttest{
#' clear()
#' LIF <- Neuron(parameters = "tau = 10.0", equations = "tau * dv/dt = -v",
#'               spike = "v > 1", reset = "v = 0")
#' pop <- Population(100, LIF)
#' pop$v <- runif(100)
#' pop[1:10]$v <- 0
#' pop$set(list(tau = 20))
#' pop$parameters
#' grid <- Population(c(10, 10), LIF)
#' grid[2:3, 5]$ranks    # 15 25
#' grid[, 1]$v <- 0.5    # the first column
#' }
#' @export
Population <- function(geometry, neuron, name = NULL, stop_condition = NULL) {
  geometry <- check_geometry(geometry)
  neuron <- as_neuron(neuron)
  name <- check_name(name)
  if (!is.null(stop_condition) &&
      (!is.character(stop_condition) || length(stop_condition) != 1)) {
    stop("`stop_condition` must be one string", call. = FALSE)
  }
  net <- default_network()
  pop <- PopulationClass$new(geometry, neuron, name, "neuron", stop_condition,
                             net)
  net$register(pop, "populations")
  pop
}

#' Create a population of Poisson spike generators
#'
#' Each neuron spikes at each step with probability `rates * dt / 1000`.
#'
#' @param geometry Number of neurons or dimension sizes.
#' @param rates Firing rate (Hz): one number, one per neuron, or an equation
#'   string in `t` (ms), e.g. `"10 * (1 + sin(2*pi*t/1000))"`.
#' @param name Name of the population.
#' @return A population (see [Population()]) with attribute `rates`.
#' @examples
#' \donttest{
#' clear()
#' inputs <- PoissonPopulation(100, rates = 10)
#' inputs$rates <- 20
#' }
#' @export
PoissonPopulation <- function(geometry, rates = 10, name = NULL) {
  geometry <- check_geometry(geometry)
  size <- prod(geometry)
  if (is.character(rates)) {
    if (length(rates) != 1 || is.na(rates) || !nzchar(rates)) {
      stop("`rates` must be one equation string, a number or one number per ",
           "neuron", call. = FALSE)
    }
    neuron <- Neuron(
      equations = paste0("rates = ", rates,
                         "\np = Uniform(0.0, 1.0) * 1000.0 / dt"),
      spike = "p < rates", name = "PoissonPopulation")
    initial <- NULL
  } else {
    check_values(rates, size, "rates", "PoissonPopulation")
    check_poisson_rates(rates)
    neuron <- Neuron(
      parameters = "rates = 10.0",
      equations = "p = Uniform(0.0, 1.0) * 1000.0 / dt",
      spike = "p < rates", name = "PoissonPopulation")
    initial <- rates
  }
  pop <- Population(geometry, neuron, name = name)
  if (!is.null(initial)) set_population_attribute(pop, NULL, "rates", initial)
  pop
}

#' Create a population that emits spikes at given times
#'
#' @param spike_times A list of numeric vectors (ms), one per neuron, or one
#'   numeric vector for a single neuron.
#' @param name Name of the population.
#' @return A population (see [Population()]); `pop$spike_times` reads and
#'   writes the spike times.
#' @examples
#' \donttest{
#' clear()
#' src <- SpikeSourceArray(list(c(10, 20), c(15, 30, 45)))
#' src$size
#' }
#' @export
SpikeSourceArray <- function(spike_times, name = NULL) {
  spike_times <- check_spike_times(spike_times, NULL)
  name <- check_name(name)
  net <- default_network()
  pop <- PopulationClass$new(length(spike_times), NULL, name,
                             "spike_source_array", NULL, net)
  set_field(pop, "spike_times", spike_times)
  net$register(pop, "populations")
  pop
}

check_spike_times <- function(spike_times, size) {
  if (is.numeric(spike_times)) spike_times <- list(spike_times)
  if (!is.list(spike_times) || length(spike_times) < 1) {
    stop("`spike_times` must be a list of numeric vectors (ms), one per ",
         "neuron", call. = FALSE)
  }
  spike_times <- lapply(seq_along(spike_times), function(i) {
    s <- spike_times[[i]]
    if (is.null(s)) s <- numeric(0)
    if (!is.numeric(s) || anyNA(s) || any(!is.finite(s)) || any(s < 0)) {
      stop("`spike_times[[", i, "]]` must be non-negative numbers (ms)",
           call. = FALSE)
    }
    sort(as.numeric(s))
  })
  if (!is.null(size) && length(spike_times) != size) {
    stop("`spike_times` must have one element per neuron (", size, "), not ",
         length(spike_times), call. = FALSE)
  }
  spike_times
}

check_values <- function(value, n, attribute, where) {
  if (is_annr_distribution(value)) return(invisible(value))
  if (is.logical(value)) value <- as.numeric(value)
  if (!is.numeric(value) || anyNA(value) || any(!is.finite(value))) {
    stop("the value of '", attribute, "' in ", where,
         " must be finite numbers or a distribution", call. = FALSE)
  }
  if (length(value) != 1 && length(value) != n) {
    stop("the value of '", attribute, "' in ", where, " must have length 1 or ",
         n, ", not ", length(value), call. = FALSE)
  }
  invisible(value)
}

population_where <- function(pop) paste0("population '", pop$name, "'")

check_attribute <- function(pop, name) {
  attrs <- pop$neuron$attributes
  i <- match(name, attrs$name)
  if (is.na(i)) {
    stop(population_where(pop), " has no attribute '", name, "'",
         if (length(attrs$name)) paste0(" (its attributes: ",
                                        paste(attrs$name, collapse = ", "), ")"),
         call. = FALSE)
  }
  attrs[i, , drop = FALSE]
}

# ranks NULL = the whole population.
set_population_attribute <- function(pop, ranks, name, value) {
  if (!is.null(pop$derived) && name %in% names(pop$derived$inputs)) {
    return(set_derived_input(pop, ranks, name, value))
  }
  if (identical(name, "spike_times") && pop$type == "spike_source_array") {
    if (!is.null(ranks)) {
      stop("spike_times can only be set on the whole SpikeSourceArray",
           call. = FALSE)
    }
    st <- check_spike_times(value, pop$size)
    set_field(pop, "spike_times", st)
    net <- pop$network
    if (net$compiled) .annr_population_set_spike_times(net$live(), pop$id, st)
    return(invisible(pop))
  }
  info <- check_attribute(pop, name)
  n <- if (is.null(ranks)) pop$size else length(ranks)
  check_values(value, n, name, population_where(pop))
  if (name == "rates" && is_poisson_population(pop)) check_poisson_rates(value, population_where(pop))
  if (isTRUE(info$is_global) && !is_annr_distribution(value) &&
      length(value) != 1) {
    stop("'", name, "' is a global (population) attribute of ",
         population_where(pop), ": give one value", call. = FALSE)
  }
  record <- list(attribute = name,
                 ranks = if (is.null(ranks)) NULL else as.integer(ranks))
  if (is_annr_distribution(value)) {
    record$distribution <- distribution_spec(value)
    .annr_check_distribution(record$distribution)
  } else {
    record$values <- as.numeric(value)
  }
  set_field(pop, "values", c(pop$values, list(record)))
  net <- pop$network
  if (net$compiled) .annr_population_set(net$live(), pop$id, record)
  invisible(pop)
}

get_population_attribute <- function(pop, ranks, name) {
  if (identical(name, "spike_times") && pop$type == "spike_source_array") {
    st <- pop$spike_times
    return(if (is.null(ranks)) st else st[ranks])
  }
  info <- check_attribute(pop, name)
  net <- pop$network
  if (net$compiled) {
    v <- .annr_population_get(net$live(), pop$id, name)
  } else {
    # Not compiled: the defaults, then the recorded writes (distributions are
    # only drawn at compile time: NA until then).
    global <- isTRUE(info$is_global)
    v <- rep(info$init, if (global) 1 else pop$size)
    for (r in pop$values) {
      if (!identical(r$attribute, name)) next
      new <- if (is.null(r$distribution)) r$values else NA_real_
      if (global) v[] <- new[1]
      else if (is.null(r$ranks)) v[] <- new
      else v[r$ranks] <- new
    }
  }
  if (!is.null(ranks) && length(v) > 1) v <- v[ranks]
  if (info$type %in% c("int")) v <- as.integer(round(v))
  if (info$type %in% c("bool")) v <- v != 0
  v
}

# Internal writes bypass the attribute logic of `$<-`.
set_field <- function(x, name, value) {
  assign(name, value, envir = x)
  invisible(x)
}

#' @export
`$.annr_population` <- function(x, name) {
  if (identical(name, "attributes")) return(population_attributes(x))
  if (name %in% c("parameters", "variables")) return(population_attributes(x, name))
  if (identical(name, "update") && is_timed_array(x)) {
    return(function(rates, schedule = 0, period = -1) {
      timed_array_update(x, rates, schedule, period)
    })
  }
  if (exists(name, envir = x, inherits = FALSE)) {
    return(get(name, envir = x, inherits = FALSE))
  }
  # A function of the neuron model (ANNarchy's pop.f(x)), unless an attribute
  # has that name.
  neuron <- get0("neuron", envir = x, inherits = FALSE)
  if (!is.null(neuron) && !name %in% neuron$attributes$name) {
    f <- model_function(neuron, name)
    if (!is.null(f)) return(f)
  }
  get_population_attribute(x, NULL, name)
}

#' @export
`$<-.annr_population` <- function(x, name, value) {
  if (identical(name, "spike_times") &&
      identical(get("type", envir = x), "spike_source_array")) {
    set_population_attribute(x, NULL, name, value)
    return(invisible(x))
  }
  if (exists(name, envir = x, inherits = FALSE)) {
    if ((name %in% c("size", "geometry", "id", "neuron", "network") &&
         !is.null(get(name, envir = x))) || is.function(get(name, envir = x))) {
      stop("`", name, "` of a population cannot be changed", call. = FALSE)
    }
    assign(name, value, envir = x)
    return(invisible(x))
  }
  set_population_attribute(x, NULL, name, value)
  invisible(x)
}

#' @export
`[[.annr_population` <- function(x, i, ...) {
  if (is.character(i)) return(`$.annr_population`(x, i))
  stop("use pop[ranks] for a view of a population", call. = FALSE)
}

#' @export
`[.annr_population` <- function(x, i, j, ...) {
  n <- nargs() - 1L
  if (n <= 1L) {
    if (missing(i)) return(make_view(x, seq_len(x$size)))
    return(make_view(x, i))
  }
  # pop[i, j] / pop[i, j, k]: coordinates, each index a vector of 1-based
  # coordinates (missing: all; negative: all but those; logical).
  geometry <- x$geometry
  if (n != length(geometry)) {
    stop("population '", x$name, "' has ", length(geometry), " dimension(s) (",
         paste(geometry, collapse = " x "), "): index it by rank, pop[ranks], or by ",
         length(geometry), " coordinates", call. = FALSE)
  }
  all_of <- structure(list(), class = "annr_all_coordinates")  # a missing index
  idx <- list(if (missing(i)) all_of else i, if (missing(j)) all_of else j)
  dots <- as.list(substitute(list(...)))[-1L]
  frame <- parent.frame()
  # (an empty index is the missing argument itself: test it in place)
  for (k in seq_along(dots)) {
    idx[length(idx) + 1L] <- list(if (identical(dots[[k]], quote(expr = ))) all_of
                                  else eval(dots[[k]], frame))
  }
  coords <- lapply(seq_len(n), function(d) {
    if (inherits(idx[[d]], "annr_all_coordinates")) seq_len(geometry[d])
    else coordinate_index(idx[[d]], geometry[d], d, x)
  })
  view <- make_view(x, view_ranks(coords, geometry))
  attr(view, "geometry") <- lengths(coords)
  view
}

# One index of pop[i, j, ...] -> coordinates along dimension d (1-based).
coordinate_index <- function(i, size, d, pop) {
  where <- paste0("coordinate ", d, " of ", population_where(pop))
  if (is.logical(i)) {
    if (length(i) != size || anyNA(i)) {
      stop("a logical index for ", where, " must have ", size, " elements without NA",
           call. = FALSE)
    }
    return(which(i))
  }
  if (!is.numeric(i) || anyNA(i) || any(i != round(i))) {
    stop(where, " must be whole numbers", call. = FALSE)
  }
  if (length(i) && all(i < 0)) {
    if (any(-i > size)) stop(where, " must be in 1..", size, call. = FALSE)
    return(setdiff(seq_len(size), -i))
  }
  if (any(i < 1) || any(i > size)) {
    stop(where, " must be in 1..", size,
         if (any(i < 0)) " (negative indices, to leave coordinates out, cannot be mixed with positive ones)",
         call. = FALSE)
  }
  as.integer(i)
}

# Row-major ranks (1-based) of the sub-grid coords[[1]] x coords[[2]] x ...,
# the first coordinate varying slowest (ANNarchy's order).
view_ranks <- function(coords, geometry) {
  grid <- as.matrix(rev(expand.grid(rev(coords), KEEP.OUT.ATTRS = FALSE)))
  as.integer(coordinates_to_ranks(grid, geometry))
}

coordinates_to_ranks <- function(m, geometry) {
  strides <- rev(cumprod(c(1, rev(geometry)[-length(geometry)])))
  as.vector((m - 1) %*% strides) + 1
}

#' Ranks and coordinates of neurons in a population's geometry
#'
#' Ranks are row-major, as in ANNarchy: in a 4 x 5 population the neuron of
#' coordinates (2, 3) has rank `(2 - 1) * 5 + 3 = 8`; the last coordinate
#' varies fastest. Everything is 1-based (ANNarchy's rank 7 of coordinates
#' (1, 2) is rank 8 of coordinates (2, 3) here). Views by coordinates,
#' `pop[2:3, 2]`, `pop[, 3]`, `pop[1, , 2]`, select the ranks of that sub-grid
#' in the same order.
#'
#' @param pop A population (or a view: its population's geometry is used).
#' @param coordinates One neuron's coordinates (a vector with one entry per
#'   dimension), or a matrix with one row per neuron.
#' @param rank One or more ranks (1-based).
#' @return `rank_from_coordinates()`: the rank(s). `coordinates_from_rank()`:
#'   the coordinates, a vector for one rank, else a matrix with one row per
#'   rank. Also as methods, `pop$rank_from_coordinates(c(2, 3))`.
#' @examples
#' \donttest{
#' clear()
#' pop <- Population(c(4, 5), Neuron(equations = "r = 0"))
#' rank_from_coordinates(pop, c(2, 3))
#' coordinates_from_rank(pop, 14)
#' pop[2:3, 2]$ranks
#' pop[, 3]$ranks
#' }
#' @export
rank_from_coordinates <- function(pop, coordinates) {
  pop <- population_of(pop)
  g <- pop$geometry
  m <- if (is.matrix(coordinates)) coordinates else matrix(coordinates, nrow = 1)
  if (!is.numeric(m) || anyNA(m) || any(m != round(m)) || ncol(m) != length(g)) {
    stop("`coordinates` must be ", length(g), " whole number(s) per neuron (geometry ",
         paste(g, collapse = " x "), ")", call. = FALSE)
  }
  bad <- which(m < 1 | m > matrix(g, nrow(m), length(g), byrow = TRUE), arr.ind = TRUE)
  if (length(bad)) {
    stop("`coordinates` out of range for ", population_where(pop), " (geometry ",
         paste(g, collapse = " x "), ")", call. = FALSE)
  }
  as.integer(coordinates_to_ranks(m, g))
}

#' @rdname rank_from_coordinates
#' @export
coordinates_from_rank <- function(pop, rank) {
  pop <- population_of(pop)
  g <- pop$geometry
  if (!is.numeric(rank) || !length(rank) || anyNA(rank) || any(rank != round(rank)) ||
      any(rank < 1) || any(rank > pop$size)) {
    stop("`rank` must be whole numbers in 1..", pop$size, " (", population_where(pop), ")",
         call. = FALSE)
  }
  r <- as.integer(rank) - 1L
  out <- matrix(0L, length(r), length(g))
  for (d in rev(seq_along(g))) {
    out[, d] <- r %% g[d] + 1L
    r <- r %/% g[d]
  }
  if (length(rank) == 1) as.vector(out) else out
}

population_of <- function(x) {
  if (inherits(x, "annr_view")) return(unclass(x)$population)
  if (!inherits(x, "annr_population")) {
    stop("`pop` must be a population or a view of one", call. = FALSE)
  }
  x
}

#' @export
`[<-.annr_population` <- function(x, i, ..., value) {
  # `pop[1:10]$v <- -70` has already written through the view.
  x
}

#' @export
length.annr_population <- function(x) x$size

#' @export
names.annr_population <- function(x) population_attributes(x)

make_view <- function(pop, i) {
  size <- pop$size
  if (is.logical(i)) {
    if (length(i) != size || anyNA(i)) {
      stop("a logical index of ", population_where(pop), " must have ", size,
           " elements without NA", call. = FALSE)
    }
    i <- which(i)
  }
  if (!is.numeric(i) || anyNA(i) || any(i != round(i)) || any(i < 1) ||
      any(i > size)) {
    stop("ranks of ", population_where(pop), " must be whole numbers in 1..",
         size, call. = FALSE)
  }
  if (length(i) < 1) stop("a view needs at least one rank", call. = FALSE)
  if (anyDuplicated(i)) stop("ranks of a view must be distinct", call. = FALSE)
  structure(list(population = pop, ranks = as.integer(i)), class = "annr_view")
}

#' @export
`$.annr_view` <- function(x, name) {
  l <- unclass(x)
  if (name %in% c("population", "ranks")) return(l[[name]])
  if (identical(name, "size")) return(length(l$ranks))
  if (identical(name, "name")) {
    return(paste0(l$population$name, "[view]"))
  }
  if (identical(name, "id")) return(l$population$id)
  if (identical(name, "neuron")) return(l$population$neuron)
  if (identical(name, "attributes")) return(population_attributes(l$population))
  if (name %in% c("parameters", "variables")) return(population_attributes(l$population, name))
  if (identical(name, "geometry")) {
    g <- attr(x, "geometry")
    return(if (is.null(g)) length(l$ranks) else g)
  }
  if (identical(name, "get")) {
    return(function(name) {
      if (!is.character(name) || length(name) != 1 || is.na(name)) {
        stop("`name` must be one attribute name", call. = FALSE)
      }
      get_population_attribute(l$population, l$ranks, name)
    })
  }
  if (identical(name, "set")) {
    return(function(values) {
      check_named_values(values)
      for (nm in names(values)) set_population_attribute(l$population, l$ranks, nm, values[[nm]])
      invisible(x)
    })
  }
  if (identical(name, "rank_from_coordinates")) {
    return(function(coordinates) rank_from_coordinates(l$population, coordinates))
  }
  if (identical(name, "coordinates_from_rank")) {
    return(function(rank) coordinates_from_rank(l$population, rank))
  }
  get_population_attribute(l$population, l$ranks, name)
}

#' @export
`$<-.annr_view` <- function(x, name, value) {
  l <- unclass(x)
  set_population_attribute(l$population, l$ranks, name, value)
  x
}

#' @export
`[.annr_view` <- function(x, i, ...) {
  l <- unclass(x)
  sub <- make_view(structure(list(size = length(l$ranks),
                                  name = l$population$name),
                             class = "annr_fake"), i)
  make_view(l$population, l$ranks[unclass(sub)$ranks])
}

#' @export
`[<-.annr_view` <- function(x, i, ..., value) x

#' @export
length.annr_view <- function(x) length(unclass(x)$ranks)

#' @export
print.annr_view <- function(x, ...) {
  l <- unclass(x)
  cat("<annr view> of population '", l$population$name, "': ",
      length(l$ranks), " neuron(s)\n", sep = "")
  invisible(x)
}

#' @export
print.annr_population <- function(x, ...) x$print(...)

# Copy of a population's definition into another network.
copy_population <- function(pop, net) {
  copy <- PopulationClass$new(pop$geometry, pop$neuron, pop$name, pop$type,
                              pop$stop_condition, net, id = pop$id)
  set_field(copy, "values", pop$values)
  set_field(copy, "spike_times", pop$spike_times)
  set_field(copy, "timed", pop$timed)
  set_field(copy, "derived", pop$derived)
  set_field(copy, "firing_rate_window", pop$firing_rate_window)
  net$register(copy, "populations")
  copy
}

#' Make `r` of a spiking population its firing rate over a sliding window
#'
#' After `pop$compute_firing_rate(window)` (or `compute_firing_rate(pop,
#' window)`), the variable `r` of every neuron of a spiking population is,
#' at the end of each step, `1000 / window` times the number of its spikes in
#' the last `floor(window / dt)` steps, this step's spike included (ANNarchy
#' 4.7.3's rule: with a window that is not a multiple of `dt` the count and
#' the scale differ). So `r` reads 0 until the first spike, grows while the
#' window fills, and synapse equations (`post.r`, `pre.r`) see this step's
#' value. Refractory neurons are counted too. `reset()` empties the spike
#' history (and `r` goes back to its initial value); the window stays.
#' Calling it again changes the window and keeps the spikes counted so far.
#'
#' Called after [compile()], the counting starts at the current step; a
#' network rebuilt from the definition (a copy, [parallel_run()]) counts from
#' its first step.
#'
#' @param pop A spiking population (not a view, not a [SpikeSourceArray()]).
#' @param window Length of the window in ms (at least `dt`).
#' @return `pop`, invisibly.
#' @examples
#' \donttest{
#' clear()
#' inp <- PoissonPopulation(10, rates = 20)
#' inp$compute_firing_rate(1000)
#' compile()
#' simulate(2000)
#' inp$r    # about 20 Hz each
#' }
#' @export
compute_firing_rate <- function(pop, window) {
  if (!inherits(pop, "annr_population")) {
    stop("`pop` must be a population (a view has no firing rate of its own)",
         call. = FALSE)
  }
  if (is.null(pop$neuron) || !isTRUE(pop$neuron$spiking)) {
    stop("compute_firing_rate(): ", population_where(pop), " is ",
         if (is.null(pop$neuron)) "a spike source without a neuron model"
         else "rate-coded: its r is already a rate", call. = FALSE)
  }
  dt <- pop$network$dt
  if (!is.numeric(window) || length(window) != 1 || is.na(window) ||
      !is.finite(window) || window < dt) {
    stop("`window` must be one number of ms, at least dt (", dt, ")",
         call. = FALSE)
  }
  set_field(pop, "firing_rate_window", as.numeric(window))
  net <- pop$network
  if (net$compiled) .annr_population_compute_firing_rate(net$live(), pop$id, window)
  invisible(pop)
}
