# Constant(): global constants of a network, usable by name in every neuron
# and synapse equation. The value lives in the network's definition
# (`net$constants`, a named numeric vector: plain R data that saveRDS(),
# network copies and parallel_run() workers carry along); the object
# Constant() returns is a handle (name + network). The core compiles a
# constant's name as a value it reads at the start of every step, so a new
# value needs no rebuild.

reserved_constant_names <- c("t", "dt", "pi", "t_last", "t_pre", "t_post", "w", "g_target",
                             "True", "False", "true", "false", "and", "or", "not", "if",
                             "else", "sum")

check_constant_name <- function(name, fn = "Constant") {
  if (!is.character(name) || length(name) != 1 || is.na(name)) {
    stop(fn, "(): `name` must be one string", call. = FALSE)
  }
  if (!grepl("^[A-Za-z_][A-Za-z0-9_]*$", name)) {
    stop(fn, "(): `name` '", name, "' is not a valid name for equations (letters, digits ",
         "and _, not starting with a digit)", call. = FALSE)
  }
  if (name %in% reserved_constant_names) {
    stop(fn, "(): `name` '", name, "' is reserved in equations", call. = FALSE)
  }
  invisible(name)
}

check_constant_value <- function(value, fn = "Constant") {
  if (inherits(value, "annr_constant")) value <- value$value
  if (!is.numeric(value) || length(value) != 1 || !is.finite(value)) {
    stop(fn, "(): `value` must be one finite number (or a Constant)", call. = FALSE)
  }
  as.numeric(value)
}

ConstantClass <- R6::R6Class("annr_constant",
  cloneable = FALSE,
  public = list(
    # name in equations, and the network the value lives in
    name = NULL,
    network = NULL,

    initialize = function(name, network) {
      self$name <- name
      self$network <- network
    },

    # ANNarchy's Constant.set(value).
    set = function(value) {
      set_network_constant(self$network, self$name, check_constant_value(value, "set"))
      invisible(self)
    },

    get = function() self$value,

    print = function(...) {
      cat("<annr constant> ", self$name, " = ", format(self$value, digits = 15), "\n", sep = "")
      invisible(self)
    }
  ),
  active = list(
    value = function(v) {
      if (missing(v)) {
        x <- self$network$constants[self$name]
        if (is.na(x)) {
          stop("the constant '", self$name, "' no longer exists in its network", call. = FALSE)
        }
        return(unname(x))
      }
      set_network_constant(self$network, self$name, check_constant_value(v, "value"))
    }
  )
)

# Writes a value into the definition and, when compiled, into the live core
# (equations see it from the next step on).
set_network_constant <- function(net, name, value) {
  if (!name %in% names(net$constants)) {
    stop("the network has no constant '", name, "' (define it with Constant())", call. = FALSE)
  }
  net$constants[[name]] <- value
  if (net$compiled && .annr_network_alive(net$ptr)) {
    .annr_network_set_constant(net$ptr, name, value)
  }
  invisible(value)
}

# Adds a constant to a network's definition (Constant(), net$add(),
# load_parameters()).
add_network_constant <- function(net, name, value) {
  if (net$compiled) {
    stop("Constant(): the network is already compiled: constants cannot be added to it ",
         "(call clear() to start a new network, or create a new Network())", call. = FALSE)
  }
  net$constants[[name]] <- value
  .annr_state$constant_names <- union(.annr_state$constant_names, name)
  ConstantClass$new(name, net)
}

#' Global constants
#'
#' `Constant(name, value)` defines a named value that every neuron and
#' synapse equation of the network may use by its name, as ANNarchy's
#' `Constant`. A parameter or variable of a model with the same name hides
#' the constant in that model. The value can be changed at any time, also
#' after [compile()]: with `tau$value <- 10`, `tau$set(10)` (ANNarchy's
#' `tau.set(10)`) or `set_constant("tau", 10)`; the equations use the new
#' value from the next step on, without a rebuild.
#'
#' Constants belong to a network like populations: `Constant()` adds one to
#' the default network, before it is compiled; [Network()] with
#' `everything = TRUE`, `net$add(tau)` and the copies [parallel_run()]
#' simulates take a copy of the value, which then changes independently
#' (`net[[tau]]$value <- 5` or `set_constant("tau", 5, net = net)` changes
#' the copy in `net` only; ANNarchy shares one value between all its
#' networks). A model that uses a constant
#' is checked when it is defined against the constants defined so far (since
#' [clear()], in any network), so define the constants first; [compile()]
#' checks it against the constants of its network.
#'
#' The object behaves as its current value in arithmetic (`tau * 2`,
#' `Constant("real_tau", tau * factor)`, `exp(-dt / tau)`; in ANNarchy,
#' a Python float, arithmetic keeps using the value given at creation); as
#' in ANNarchy, a constant defined from others keeps the value computed at
#' its definition. Constants cannot (yet) be the value of a model's
#' parameter (`"a = tau"`) or an `init =` flag.
#'
#' [save_parameters()] writes the constants under `constants`,
#' [load_parameters()] sets them (and creates those a network not yet
#' compiled does not have), and [report()] lists them.
#'
#' @param name Name used in equations: letters, digits and `_`, unique in the
#'   network, not one of the reserved names (`t`, `dt`, `pi`, `w`, ...).
#' @param value One finite number, or a Constant.
#' @param net The network (default: the default network).
#' @return `Constant()`: an object of class `annr_constant` with fields
#'   `name`, `value` (read and write) and a method `set(value)`.
#'   `get_constant()`: that object, or `NULL` when the network has no such
#'   constant. `list_constants()`: the names. `set_constant()`: the value,
#'   invisibly.
#' @examples
#' \donttest{
#' clear()
#' tau <- Constant("tau", 20)
#' pop <- Population(1, Neuron(equations = "tau * dr/dt + r = 1"))
#' compile()
#' simulate(10)
#' pop$r
#' tau$value <- 5          # or tau$set(5), set_constant("tau", 5)
#' simulate(10)
#' pop$r
#' list_constants()
#' tau * 2
#' }
#' @export
Constant <- function(name, value, net = default_network()) {
  check_constant_name(name)
  value <- check_constant_value(value)
  check_network_arg(net)
  if (name %in% names(net$constants)) {
    stop("Constant(): the constant '", name, "' is already defined; change its value with ",
         "set_constant() or $value", call. = FALSE)
  }
  invisible(add_network_constant(net, name, value))
}

#' @rdname Constant
#' @export
get_constant <- function(name, net = default_network()) {
  check_constant_name(name, "get_constant")
  check_network_arg(net)
  if (!name %in% names(net$constants)) return(NULL)
  ConstantClass$new(name, net)
}

#' @rdname Constant
#' @export
set_constant <- function(name, value, net = default_network()) {
  check_constant_name(name, "set_constant")
  value <- check_constant_value(value, "set_constant")
  check_network_arg(net)
  if (!name %in% names(net$constants)) {
    stop("set_constant(): the network has no constant '", name, "' (define it with Constant())",
         call. = FALSE)
  }
  set_network_constant(net, name, value)
}

#' @rdname Constant
#' @export
list_constants <- function(net = default_network()) {
  check_network_arg(net)
  constant_names_of(net)
}

constant_names_of <- function(net) {
  n <- names(net$constants)
  if (is.null(n)) character(0) else n
}

# What a Neuron() or Synapse() is checked against when it is defined: the
# names of the constants defined since clear(), in any network (a model does
# not know yet which network it will be used in; compile() checks against
# that network's constants).
definition_constants <- function() {
  x <- .annr_state$constant_names
  if (is.null(x)) character(0) else x
}

# A constant behaves as its value in arithmetic and in math functions.
#' @export
Ops.annr_constant <- function(e1, e2) {
  if (inherits(e1, "annr_constant")) e1 <- e1$value
  if (!missing(e2) && inherits(e2, "annr_constant")) e2 <- e2$value
  if (missing(e2)) get(.Generic)(e1) else get(.Generic)(e1, e2)
}

#' @export
Math.annr_constant <- function(x, ...) get(.Generic)(x$value, ...)

#' @export
as.double.annr_constant <- function(x, ...) x$value

#' @export
format.annr_constant <- function(x, ...) format(x$value, ...)
