# Global functions (ANNarchy's add_function()) and calling a model's
# functions from R (ANNarchy's functions() / pop.f()).

# name -> definition line, in the order they were added.
.annr_global_functions <- new.env(parent = emptyenv())

function_name <- function(definition) {
  sub("^\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\(.*$", "\\1", definition)
}

#' Define functions usable in every model
#'
#' `add_function("logistic(x) = 1 / (1 + exp(-x))")` makes `logistic()`
#' usable in the equations of every neuron and synapse model defined after
#' the call, as ANNarchy's `add_function()` does. A function sees only its
#' arguments and may call the mathematical functions of the language and
#' other user functions. A model's own `functions` take precedence over a
#' global function of the same name. Define global functions before the
#' models that use them: a model is checked (and takes its copy of the
#' global functions) when it is defined.
#'
#' @param definition One or more definitions `"name(x, y) = expression"`,
#'   as a character vector or one per line.
#' @return The names of the functions defined, invisibly.
#' @seealso [functions()] to call them from R; [clear_functions()].
#' @examples
#' add_function("logistic(x) = 1 / (1 + exp(-x))")
#' functions("logistic")(c(-1, 0, 1))
#' clear_functions()
#' @export
add_function <- function(definition) {
  if (!is.character(definition) || anyNA(definition) || !length(definition)) {
    stop("`definition` must be a string such as \"f(x) = x^2\"", call. = FALSE)
  }
  lines <- trimws(unlist(strsplit(definition, "[\n;]")))
  lines <- lines[nzchar(lines)]
  if (!length(lines)) stop("`definition` is empty", call. = FALSE)
  # Checked by the core: syntax, and a body that only uses its arguments
  # (global functions defined before may be called).
  text <- paste(c(global_functions_text(), lines), collapse = "\n")
  .annr_analyse_model(list(name = "add_function", parameters = "",
                           equations = "", functions = text))
  names <- function_name(lines)
  for (i in seq_along(lines)) assign(names[i], lines[i], envir = .annr_global_functions)
  order <- c(setdiff(get0(".order", envir = .annr_global_functions,
                          ifnotfound = character(0)), names), names)
  assign(".order", order, envir = .annr_global_functions)
  invisible(names)
}

#' @rdname add_function
#' @return `clear_functions()`: `NULL`, invisibly (models already defined
#'   keep their copy).
#' @export
clear_functions <- function() {
  rm(list = ls(.annr_global_functions, all.names = TRUE), envir = .annr_global_functions)
  invisible(NULL)
}

global_functions_text <- function(except = character(0)) {
  order <- get0(".order", envir = .annr_global_functions, ifnotfound = character(0))
  order <- setdiff(order, except)
  if (!length(order)) return(character(0))
  vapply(order, function(n) get(n, envir = .annr_global_functions), character(1),
         USE.NAMES = FALSE)
}

# A model's `functions` text with the global functions it does not define
# itself put first (a later definition of a name wins in the core).
with_global_functions <- function(text) {
  local <- if (is.null(text)) character(0) else trimws(strsplit(text, "[\n;]")[[1]])
  local <- local[nzchar(local)]
  global <- global_functions_text(except = function_name(local))
  if (!length(global)) return(text)
  paste(c(global, local), collapse = "\n")
}

#' Call a model's or a global function from R
#'
#' Returns an R function that evaluates a user function with the numbers the
#' equations use (it is compiled and run by the same core), vectorised over
#' its arguments (each of length 1 or n). The R counterpart of ANNarchy's
#' `functions("f")(x)` and `pop.f(x)`; no `compile()` is needed.
#'
#' @param name Name of the function.
#' @param model `NULL` for the functions of [add_function()], or a
#'   [Neuron()] / [Synapse()] (its own functions and the global ones it took
#'   when defined), or a population (its neuron model).
#' @return A function of the user function's arguments returning a numeric
#'   vector.
#' @examples
#' n <- Neuron(equations = "r = f(t, 2)", functions = "f(x, y) = x * y + 1")
#' functions("f", n)(1:3, 0.5)
#' @export
functions <- function(name, model = NULL) {
  if (!is.character(name) || length(name) != 1 || is.na(name)) {
    stop("`name` must be the name of a function", call. = FALSE)
  }
  if (is.environment(model) && !is.null(get0("neuron", envir = model, inherits = FALSE))) {
    model <- get("neuron", envir = model, inherits = FALSE)
  }
  if (is.null(model)) {
    text <- paste(global_functions_text(), collapse = "\n")
  } else if (inherits(model, "annr_neuron") || inherits(model, "annr_synapse")) {
    text <- if (is.null(model$functions)) "" else model$functions
  } else {
    stop("`model` must be NULL, a Neuron(), a Synapse() or a population", call. = FALSE)
  }
  force(text)
  function(...) {
    args <- list(...)
    for (i in seq_along(args)) {
      a <- args[[i]]
      # ANNarchy also takes Python lists: accept a list of numbers.
      if (is.list(a) && all(vapply(a, function(e) is.numeric(e) || is.logical(e), logical(1)))) {
        a <- unlist(a, use.names = FALSE)
      }
      if (is.logical(a)) a <- as.numeric(a)
      if (!is.numeric(a)) {
        stop("argument ", i, " of ", name, "() must be numeric", call. = FALSE)
      }
      args[[i]] <- as.numeric(a)
    }
    .annr_call_function(text, name, args)
  }
}

# The function `name` of a Neuron() / Synapse() as an R function (what
# `pop$f` and `proj$f` return, ANNarchy's pop.f(x) / proj.f(x)), or NULL
# when the model has no function of that name.
model_function <- function(model, name) {
  if (is.null(model) || !(inherits(model, "annr_neuron") || inherits(model, "annr_synapse"))) {
    return(NULL)
  }
  text <- model$functions
  if (is.null(text) || !nzchar(text)) return(NULL)
  defs <- trimws(strsplit(text, "[\n;]")[[1]])
  defs <- defs[grepl("^[A-Za-z_][A-Za-z0-9_]*\\s*\\(", defs)]
  if (!name %in% function_name(defs)) return(NULL)
  functions(name, model)
}
