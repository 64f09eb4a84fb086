# Projections: connections from a pre-synaptic population (or view) to a
# post-synaptic one. Connectivity is described here and drawn in the core
# from the network's seed, so every copy of a network draws its own.

ProjectionClass <- R6::R6Class("annr_projection",
  cloneable = FALSE,
  public = list(
    id = NULL,
    name = NULL,
    pre = NULL,    # population or view, as given
    post = NULL,
    pre_population = NULL,
    post_population = NULL,
    pre_ranks = NULL,   # 1-based ranks of the views, NULL = all
    post_view_ranks = NULL,  # (proj$post_ranks: the post neurons with synapses)
    target = NULL,
    learning = TRUE,   # plasticity switch (enable_learning()/disable_learning())
    learning_period = 1,  # steps between synapse-equation updates
    learning_offset = 0,
    synapse = NULL,
    connector = NULL,
    network = NULL,
    # Synaptic values set by the user (proj$tau <- 10, d$w <- x on a dendrite):
    # replayed on every build of the network (see R/dendrite.R).
    values = list(),

    initialize = function(pre, post, target, synapse, name, network,
                          id = next_object_id()) {
      self$id <- id
      self$pre <- pre
      self$post <- post
      self$pre_population <- if (inherits(pre, "annr_view")) pre$population
                             else pre
      self$post_population <- if (inherits(post, "annr_view")) post$population
                              else post
      self$pre_ranks <- if (inherits(pre, "annr_view")) pre$ranks else NULL
      self$post_view_ranks <- if (inherits(post, "annr_view")) post$ranks else NULL
      self$target <- target
      self$synapse <- synapse
      self$name <- if (is.null(name)) paste0("proj", id) else name
      self$network <- network
    },

    print = function(...) {
      cat("<annr projection> '", self$name, "': ", self$pre$name, " -> ",
          self$post$name, " (", paste(self$target, collapse = ", "), "), connector ",
          if (is.null(self$connector)) "none yet" else self$connector$type,
          "\n", sep = "")
      invisible(self)
    },

    connect_all_to_all = function(weights, delays = 0,
                                  allow_self_connections = FALSE) {
      private$set_connector(list(
        type = "all_to_all", weights = weights, delays = delays,
        allow_self_connections = check_flag(allow_self_connections,
                                            "allow_self_connections")))
    },
    connect_one_to_one = function(weights, delays = 0) {
      if (self$pre_size() != self$post_size()) {
        stop("connect_one_to_one() of projection '", self$name, "': pre (",
             self$pre_size(), ") and post (", self$post_size(),
             ") must have the same size", call. = FALSE)
      }
      private$set_connector(list(type = "one_to_one", weights = weights,
                                 delays = delays))
    },
    connect_fixed_probability = function(probability, weights, delays = 0,
                                         allow_self_connections = FALSE) {
      if (!is.numeric(probability) || length(probability) != 1 ||
          is.na(probability) || probability < 0 || probability > 1) {
        stop("`probability` must be one number in [0, 1]", call. = FALSE)
      }
      private$set_connector(list(
        type = "fixed_probability", probability = as.numeric(probability),
        weights = weights, delays = delays,
        allow_self_connections = check_flag(allow_self_connections,
                                            "allow_self_connections")))
    },
    connect_fixed_number_pre = function(number, weights, delays = 0,
                                        allow_self_connections = FALSE) {
      check_number(number, self$pre_size(), "pre")
      private$set_connector(list(
        type = "fixed_number_pre", number = as.numeric(number),
        weights = weights, delays = delays,
        allow_self_connections = check_flag(allow_self_connections,
                                            "allow_self_connections")))
    },
    connect_fixed_number_post = function(number, weights, delays = 0,
                                         allow_self_connections = FALSE) {
      check_number(number, self$post_size(), "post")
      private$set_connector(list(
        type = "fixed_number_post", number = as.numeric(number),
        weights = weights, delays = delays,
        allow_self_connections = check_flag(allow_self_connections,
                                            "allow_self_connections")))
    },
    connect_from_matrix = function(weights, delays = 0) {
      explicit <- explicit_from_matrix(weights, delays, self$pre_size(),
                                       self$post_size())
      private$set_connector(list(type = "explicit", explicit = explicit,
                                 weights = 0, delays = scalar_delay(delays)))
    },
    connect_from_sparse = function(weights, delays = 0) {
      explicit <- explicit_from_sparse(weights, delays, self$pre_size(),
                                       self$post_size())
      private$set_connector(list(type = "explicit", explicit = explicit,
                                 weights = 0, delays = scalar_delay(delays)))
    },
    connect_gaussian = function(amp, sigma, delays = 0, limit = 0.01,
                                allow_self_connections = FALSE) {
      private$set_connector(distance_connector(
        self, "gaussian", list(amp = amp, sigma = sigma, limit = limit),
        delays, allow_self_connections))
    },
    connect_dog = function(amp_pos, sigma_pos, amp_neg, sigma_neg, delays = 0,
                           limit = 0.01, allow_self_connections = FALSE) {
      private$set_connector(distance_connector(
        self, "dog", list(amp_pos = amp_pos, sigma_pos = sigma_pos, amp_neg = amp_neg,
                          sigma_neg = sigma_neg, limit = limit),
        delays, allow_self_connections))
    },
    connect_from_file = function(filename) {
      if (!is.character(filename) || length(filename) != 1 || is.na(filename) ||
          !file.exists(filename)) {
        stop("`filename` must name an existing file written by save_connectivity()",
             call. = FALSE)
      }
      saved <- tryCatch(readRDS(filename), error = function(e) NULL)
      if (!is.list(saved) || !identical(saved$format, "annr connectivity")) {
        stop("'", filename, "' was not written by save_connectivity()", call. = FALSE)
      }
      if (saved$pre_size != self$pre_size() || saved$post_size != self$post_size()) {
        stop("'", filename, "' holds a ", saved$post_size, " x ", saved$pre_size,
             " connectivity; this projection is ", self$post_size(), " x ", self$pre_size(),
             call. = FALSE)
      }
      n <- length(saved$pre)
      ranks_ok <- function(r, size) {
        is.numeric(r) && length(r) == n && !anyNA(r) && all(r >= 1 & r <= size & r == round(r))
      }
      if (!ranks_ok(saved$pre, self$pre_size()) || !ranks_ok(saved$post, self$post_size()) ||
          !is.numeric(saved$w) || length(saved$w) != n || any(!is.finite(saved$w)) ||
          !is.numeric(saved$delay) || length(saved$delay) != n || any(!is.finite(saved$delay)) ||
          any(saved$delay < 0) || anyDuplicated(cbind(saved$pre, saved$post))) {
        stop("'", filename, "' holds an invalid connectivity: its pre/post ranks must be whole ",
             "numbers within the populations, one synapse per pair, with finite weights and ",
             "non-negative delays, all of the same length", call. = FALSE)
      }
      explicit <- list(pre = as.integer(saved$pre), post = as.integer(saved$post),
                       weights = as.numeric(saved$w), delays = as.numeric(saved$delay))
      private$set_connector(list(type = "explicit", explicit = explicit, weights = 0, delays = 0))
    },
    # Saves the synapses of the compiled projection (ranks, weights, delays)
    # in R's native format; connect_from_file() reads them back.
    save_connectivity = function(filename) {
      s <- self$synapses()
      saveRDS(list(format = "annr connectivity", version = 1L, pre_size = self$pre_size(),
                   post_size = self$post_size(), pre = s$pre, post = s$post, w = s$w,
                   delay = s$delay), filename)
      invisible(filename)
    },
    connect_with_func = function(method, ...) {
      if (!is.function(method)) {
        stop("`method` must be a function(pre, post, ...) returning the ",
             "connectivity", call. = FALSE)
      }
      private$set_connector(list(type = "function", method = method,
                                 args = list(...), weights = 0, delays = 0))
    },

    pre_size = function() {
      if (is.null(self$pre_ranks)) self$pre_population$size
      else length(self$pre_ranks)
    },
    post_size = function() {
      if (is.null(self$post_view_ranks)) self$post_population$size
      else length(self$post_view_ranks)
    },

    # data.frame(pre, post, w, delay): 1-based ranks within pre/post views.
    synapses = function() {
      s <- .annr_projection_synapses(private$live(), self$id)
      data.frame(pre = s$pre, post = s$post, w = s$w, delay = s$delay)
    },
    # The synapses of one post-synaptic neuron (ANNarchy's dendrite), by
    # its rank in the post-synaptic population: a handle (R/dendrite.R).
    dendrite = function(post) make_dendrite(self, post),
    # A synaptic variable or parameter by name (see projection_attribute()).
    get = function(name) {
      if (!is.character(name) || length(name) != 1 || is.na(name)) {
        stop("`name` must be one variable name", call. = FALSE)
      }
      get_projection_attribute(self, name)
    },
    # Sets synaptic variables and parameters by name: proj$set(w = 0.5,
    # tau_plus = 10), or proj$set(list(w = 0.5)) as in ANNarchy.
    set = function(...) {
      values <- list(...)
      if (length(values) == 1 && is.null(names(values)) && is.list(values[[1]])) values <- values[[1]]
      if (!length(values) || is.null(names(values)) || any(names(values) == "")) {
        stop("proj$set() takes named values, e.g. proj$set(w = 0.5)", call. = FALSE)
      }
      for (name in names(values)) set_projection_attribute(self, name, values[[name]])
      invisible(self)
    },
    # period / offset (ms): integrate the synapse equations only every
    # `period` ms, at times offset, offset + period, ... (events are not
    # affected); the equations still advance by dt each time, as in ANNarchy.
    enable_learning = function(period = NULL, offset = NULL) {
      dt <- self$network$dt
      for (arg in c("period", "offset")) {
        x <- get(arg)
        if (!is.null(x) && (!is.numeric(x) || length(x) != 1 || !is.finite(x) || x < 0)) {
          stop("`", arg, "` must be NULL or one number >= 0 (ms)", call. = FALSE)
        }
      }
      self$learning <- TRUE
      self$learning_period <- if (is.null(period)) 1 else max(1, round(period / dt))
      self$learning_offset <- if (is.null(offset)) 0 else round(offset / dt)
      private$push_learning()
    },
    disable_learning = function() {
      self$learning <- FALSE
      private$push_learning()
    },
    # The connectivity and every synaptic value of the compiled projection (R/io.R).
    save = function(filename) save_projection(self, filename),
    load = function(filename) load_projection(self, filename),
    connectivity_matrix = function() {
      s <- .annr_projection_synapses(private$live(), self$id)
      m <- matrix(0, self$post_size(), self$pre_size())
      m[cbind(s$post, s$pre)] <- s$w
      m
    }
  ),
  active = list(
    nb_synapses = function(value) {
      if (!missing(value)) stop("nb_synapses is read-only", call. = FALSE)
      .annr_projection_nb_synapses(private$live(), self$id)
    },
    w = function(value) {
      if (missing(value)) return(private$sparse("w"))
      set_projection_attribute(self, "w", value)
    },
    delay = function(value) {
      if (missing(value)) return(private$sparse("delay"))
      set_projection_attribute(self, "delay", value)
    },
    # ANNarchy's Projection.size: the number of post-synaptic neurons that
    # receive synapses (dendrites).
    size = function(value) {
      if (!missing(value)) stop("`size` of a projection is read-only", call. = FALSE)
      length(projection_post_ranks(self))
    },
    # ANNarchy's Projection.post_ranks: ranks (1-based, in the post-synaptic
    # population) of the post neurons that have at least one synapse.
    post_ranks = function(value) {
      if (!missing(value)) stop("`post_ranks` of a projection is read-only", call. = FALSE)
      projection_post_ranks(self)
    },
    # ANNarchy's Projection.dendrites: every dendrite, in post_ranks order.
    dendrites = function(value) {
      if (!missing(value)) stop("`dendrites` of a projection is read-only", call. = FALSE)
      lapply(projection_post_ranks(self), function(k) make_dendrite(self, k))
    },
    attributes = function(value) {
      if (!missing(value)) stop("`attributes` of a projection is read-only", call. = FALSE)
      c("w", "delay", if (!is.null(self$synapse)) self$synapse$attributes$name)
    }
  ),
  private = list(
    push_learning = function() {
      if (self$network$compiled) {
        .annr_projection_set_learning(private$live(), self$id, isTRUE(self$learning),
                                      self$learning_period, self$learning_offset)
      }
      invisible(self)
    },
    live = function() {
      if (!self$network$compiled) {
        stop("projection '", self$name, "': the network is not compiled ",
             "yet; call compile() before reading its synapses", call. = FALSE)
      }
      self$network$live()
    },
    sparse = function(field) {
      # built by Eigen in the C++ layer (RcppEigen), no R-level triplets
      need_matrix()
      .annr_projection_sparse(private$live(), self$id, field,
                              as.integer(self$post_size()), as.integer(self$pre_size()))
    },
    set_connector = function(connector) {
      if (self$network$compiled) {
        stop("projection '", self$name, "': the network is already compiled;",
             " connect projections before compile()", call. = FALSE)
      }
      if (!is.null(self$connector)) {
        stop("projection '", self$name, "' is already connected",
             call. = FALSE)
      }
      if (!identical(connector$type, "explicit") &&
          !identical(connector$type, "function")) {
        check_synapse_value(connector$weights, "weights")
      }
      check_synapse_value(connector$delays, "delays")
      check_connectivity_size(self, connector)
      self$connector <- connector
      invisible(self)
    }
  )
)

check_flag <- function(x, arg) {
  if (!is.logical(x) || length(x) != 1 || is.na(x)) {
    stop("`", arg, "` must be TRUE or FALSE", call. = FALSE)
  }
  x
}

check_number <- function(number, size, side) {
  if (!is.numeric(number) || length(number) != 1 || is.na(number) ||
      number < 0 || number != round(number) || number > size) {
    stop("`number` must be a whole number in 0..", size, " (the size of the ",
         side, "-synaptic population)", call. = FALSE)
  }
}

check_synapse_value <- function(x, arg) {
  if (is_annr_distribution(x)) {
    .annr_check_distribution(distribution_spec(x))
    return(invisible(x))
  }
  if (!is.numeric(x) || length(x) != 1 || !is.finite(x)) {
    stop("`", arg, "` must be one finite number or a distribution (e.g. ",
         "Uniform(0, 1))", call. = FALSE)
  }
  if (arg == "delays" && x < 0) {
    stop("`delays` must be >= 0 (ms)", call. = FALSE)
  }
  invisible(x)
}

# The connector-wide delay of explicit connectivity: a number, or a
# distribution the core draws per synapse from the network's seed (a matrix
# of delays is already in the synapse list).
scalar_delay <- function(delays) {
  if ((is.numeric(delays) && length(delays) == 1) || is_distribution(delays)) delays else 0
}

#' Connect two populations
#'
#' @param pre,post Pre- and post-synaptic population (or view, `pop[1:10]`).
#' @param target Target of the synapses: spiking post-synaptic neurons add the
#'   weights to `g_<target>`, rate-coded ones read `sum(target)`. A spiking
#'   projection may have several targets (`c("ampa", "nmda")`, ANNarchy's
#'   `target=['ampa', 'nmda']`): each spike then adds the same value to
#'   every `g_<target>` (`w` for static synapses, or what the synapse's
#'   `g_target += ...` adds, computed once per synapse and spike); a target
#'   the post-synaptic model lacks is skipped. As in
#'   ANNarchy, a target the post-synaptic model does not read is accepted
#'   (its input is unused; a rate-coded `sum(target)` can still be
#'   monitored), and so is a spike source (such as [SpikeSourceArray()]) as
#'   `post`: the target is ignored, its spikes still run `post_spike`.
#' @param synapse Synapse model ([Synapse()], [STDP()], [Oja()], ...), or
#'   `NULL` for static synapses (spiking: `g_target += w`; rate-coded:
#'   `sum(target)` is the weighted sum of `pre.r`).
#' @param name Name of the projection.
#' @return A projection (R6 object of class `annr_projection`) with the
#'   connector methods `connect_all_to_all()`, `connect_one_to_one()`,
#'   `connect_fixed_probability()`, `connect_fixed_number_pre()`,
#'   `connect_fixed_number_post()`, `connect_from_matrix()`,
#'   `connect_from_sparse()`, `connect_gaussian()`, `connect_dog()`,
#'   `connect_with_func()` and, after compile, `w`, `delay` (sparse post x
#'   pre matrices, also writable), `nb_synapses`, `synapses()`,
#'   `dendrite(post)` (see [dendrite()]), `connectivity_matrix()`,
#'   `get()`/`set()` of synaptic variables, `save(filename)` /
#'   `load(filename)` (the weights, delays and every synaptic variable of
#'   this projection in an `.rds` file; loading checks the whole file first
#'   and needs the same synapses: same connectivity, or the same seed for
#'   random connectivity), and the attributes below.
#' @section Attributes (as ANNarchy's):
#' After `compile()`, `proj$size` is the number of post-synaptic neurons
#' that receive at least one synapse (dendrites), `proj$post_ranks` their
#' ranks (1-based, in the post-synaptic population) and `proj$dendrites` the
#' list of their dendrites. Synaptic parameters and
#' variables are read and written by name with `$`, in ANNarchy's shapes:
#' a `projection`-wide attribute is one number (readable before
#' `compile()` too); a `postsynaptic` one has one value per dendrite (in
#' `post_ranks` order); any other is a list with one numeric vector per
#' dendrite (named by post rank; each ordered by pre-synaptic rank, as
#' ANNarchy's list of lists). `w` and `delay` are the exception: they come as
#' sparse post x pre matrices (`Matrix::dgCMatrix`; `proj$dendrite(k)$w`
#' gives one dendrite's weights). `proj$get(name)` gives the flat values
#' instead: one per synapse in `synapses()` order, one per post neuron of the
#' post view for `postsynaptic` attributes. `names(proj)` lists the
#' attributes. Writes (`proj$tau <- 10`, `proj$set(tau = 10)`,
#' `proj$set(list(tau = 10))`) take one value; or, for `postsynaptic`
#' attributes, one per dendrite; for per-synapse ones (`w` included), one
#' per synapse in `synapses()` order or a list with one element per
#' dendrite (one value or one per synapse of that dendrite). A
#' projection-wide attribute takes exactly one value. Before `compile()`
#' every attribute takes one value. Writes are kept in the projection's
#' definition (so they are carried by copies and by the network rebuilt
#' after `saveRDS()`) and pushed to the live network; values set before
#' `compile()` are part of the state `reset(projections = TRUE)` returns
#' to. A synaptic attribute named like a field of the projection (`size`,
#' `name`, `target`, ...) is read with `proj$get()`.
#' @section Delays:
#' A delay `d` (ms) becomes `max(1, round(d / dt))` steps; one number gives
#' every synapse the same delay, a matrix or distribution one delay per
#' synapse. A spike emitted at step `n` reaches its targets at step `n +
#' delay`. A rate-coded projection with a delay of `k` steps reads `pre.r`
#' as it was `k` steps before (`k = 1`: the previous step's rates), the
#' initial `r` before the simulation started; a `psp` reads every
#' pre-synaptic value it uses (`pre.r`, other variables, population-wide
#' values) delayed alike, as ANNarchy does. Setting
#' a longer delay after `compile()` reads the rates that were kept and the
#' current `r` for older steps.
#' @section Dense projections:
#' A rate-coded projection in which every pre-synaptic neuron reaches every
#' post-synaptic one (`connect_all_to_all()` between whole populations, or a
#' full matrix) with the default `psp` and `operation = "sum"` and one
#' delay is summed as a dense matrix-vector product by R's BLAS (the
#' weights are stored once, as that matrix); otherwise a sparse layout is
#' used. Both give the same sums.
#' @examples
#' \donttest{
#' clear()
#' inp <- PoissonPopulation(100, rates = 10)
#' LIF <- Neuron(parameters = "tau = 10.0", equations = "tau * dv/dt = -v + g_exc",
#'               spike = "v > 1", reset = "v = 0")
#' pop <- Population(100, LIF)
#' proj <- Projection(inp, pop, "exc")
#' proj$connect_fixed_probability(probability = 0.2, weights = 0.5)
#' }
#' @export
Projection <- function(pre, post, target, synapse = NULL, name = NULL) {
  for (arg in c("pre", "post")) {
    obj <- get(arg)
    if (!inherits(obj, c("annr_population", "annr_view"))) {
      stop("`", arg, "` must be a population or a view of one",
           call. = FALSE)
    }
  }
  if (!is.character(target) || length(target) < 1 || anyNA(target) ||
      !all(grepl("^[A-Za-z_][A-Za-z0-9_]*$", target))) {
    stop("`target` must be a name such as \"exc\" or \"inh\", or several ",
         "names such as c(\"ampa\", \"nmda\")", call. = FALSE)
  }
  if (anyDuplicated(target)) {
    stop("`target` names a target twice: ", paste(target, collapse = ", "),
         call. = FALSE)
  }
  if (length(target) > 1) {
    # ANNarchy 4.7.3 generates C++ that does not compile for a rate-coded
    # projection with several targets; only spiking ones have them.
    pre_pop <- if (inherits(pre, "annr_view")) pre$population else pre
    if (!is.null(pre_pop$neuron) && !isTRUE(pre_pop$neuron$spiking)) {
      stop("`target`: only spiking projections can have several targets (",
           "the pre-synaptic population '", pre_pop$name, "' is rate-coded)",
           call. = FALSE)
    }
  }
  if (is.function(synapse)) synapse <- synapse()
  if (!is.null(synapse) && !inherits(synapse, "annr_synapse")) {
    stop("`synapse` must be NULL (static synapses) or a Synapse() such as STDP()",
         call. = FALSE)
  }
  name <- check_name(name)
  net <- default_network()
  for (p in list(pre, post)) {
    pp <- if (inherits(p, "annr_view")) p$population else p
    if (!identical(pp$network, net)) {
      stop("`pre` and `post` must belong to the default network (use ",
           "net$add() to build other networks)", call. = FALSE)
    }
  }
  proj <- ProjectionClass$new(pre, post, target, synapse, name, net)
  net$register(proj, "projections")
  proj
}

copy_projection <- function(proj, net) {
  pre <- net$get(proj$pre)
  post <- net$get(proj$post)
  cls <- if (inherits(proj, "annr_current_injection")) CurrentInjectionClass else ProjectionClass
  copy <- cls$new(pre, post, proj$target, proj$synapse, proj$name,
                              net, id = proj$id)
  copy$connector <- proj$connector
  copy$learning <- proj$learning
  copy$learning_period <- proj$learning_period
  copy$learning_offset <- proj$learning_offset
  copy$values <- proj$values
  net$register(copy, "projections")
  copy
}

connector_function <- function(method_name) {
  force(method_name)
  function(proj, ...) {
    if (!inherits(proj, "annr_projection")) {
      stop("the first argument of ", method_name, "() must be a Projection",
           call. = FALSE)
    }
    proj[[method_name]](...)
    invisible(proj)
  }
}

#' Connectors as functions (pipe-friendly)
#'
#' Each function calls the method of the same name of `proj` and returns the
#' projection invisibly, so `Projection(a, b, "exc") |>
#' connect_fixed_probability(probability = 0.2, weights = 5)` works.
#'
#' @param proj A projection.
#' @param ... Arguments of the connector: `weights`, `delays`,
#'   `probability`, `number`, `allow_self_connections`; for
#'   `connect_with_func()` the function `method` and its extra arguments;
#'   for `connect_gaussian()` `amp`, `sigma`, `limit` (weights
#'   `amp * exp(-d^2 / (2 sigma^2))` where `d` is the distance between the
#'   neurons in normalised coordinates, each population's grid mapped to
#'   `[0, 1]^d`; synapses with `|w| <= limit * |amp|` are left out); for
#'   `connect_dog()` `amp_pos`, `sigma_pos`, `amp_neg`, `sigma_neg`, `limit`
#'   (difference of two Gaussians, threshold `limit * |amp_pos - amp_neg|`);
#'   for `connect_from_file()` the `filename` written by
#'   `proj$save_connectivity(filename)` (ranks, weights and delays in R's
#'   native format).
#' @return `proj`, invisibly.
#' @details `connect_gaussian()` and `connect_dog()` are built in the C++
#'   core from the neurons near each post-synaptic neuron, so their memory
#'   and time grow with the number of synapses, not with pre x post.
#' @examples
#' \donttest{
#' clear()
#' inp <- PoissonPopulation(10, rates = 10)
#' out <- Population(10, Izhikevich())
#' proj <- connect_all_to_all(Projection(inp, out, "exc"), weights = 1)
#' # a 2-d sheet of rate-coded neurons with Gaussian lateral connections
#' sheet <- Population(c(20, 20), LeakyIntegrator())
#' lateral <- connect_gaussian(Projection(sheet, sheet, "exc"), amp = 1, sigma = 0.1)
#' compile()
#' simulate(10)
#' lateral$nb_synapses
#' clear()
#' }
#' @name connectors
NULL

#' @rdname connectors
#' @export
connect_all_to_all <- connector_function("connect_all_to_all")
#' @rdname connectors
#' @export
connect_one_to_one <- connector_function("connect_one_to_one")
#' @rdname connectors
#' @export
connect_fixed_probability <- connector_function("connect_fixed_probability")
#' @rdname connectors
#' @export
connect_fixed_number_pre <- connector_function("connect_fixed_number_pre")
#' @rdname connectors
#' @export
connect_fixed_number_post <- connector_function("connect_fixed_number_post")
#' @rdname connectors
#' @export
connect_from_matrix <- connector_function("connect_from_matrix")
#' @rdname connectors
#' @export
connect_from_sparse <- connector_function("connect_from_sparse")
#' @rdname connectors
#' @export
connect_with_func <- connector_function("connect_with_func")
#' @rdname connectors
#' @export
connect_gaussian <- connector_function("connect_gaussian")
#' @rdname connectors
#' @export
connect_from_file <- connector_function("connect_from_file")
#' @rdname connectors
#' @export
connect_dog <- connector_function("connect_dog")

# The expected number of synapses of a connector, and the memory they need
# (weight, pre index, post index and the synapse model's per-synapse
# variables as doubles): refused at once when it cannot fit.
check_connectivity_size <- function(proj, connector) {
  n_pre <- as.numeric(proj$pre_size())
  n_post <- as.numeric(proj$post_size())
  expected <- switch(connector$type,
    all_to_all = n_pre * n_post,
    one_to_one = n_post,
    fixed_probability = n_pre * n_post * connector$probability,
    fixed_number_pre = n_post * connector$number,
    fixed_number_post = n_pre * connector$number,
    NA_real_)
  if (!is.finite(expected)) return(invisible(NULL))
  per_synapse <- 8 + 4 + 4 + 8 * length(proj$synapse$attributes %||% character())
  check_fits_in_memory(sprintf("projection '%s' (%s, about %s synapses)", proj$name,
                               connector$type, format(round(expected), big.mark = ",")),
                       expected * per_synapse)
}
