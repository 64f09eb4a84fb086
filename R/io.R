# Saving and loading parameters (a JSON file, ANNarchy's save_parameters()
# layout) and the state of one projection (proj$save()/proj$load()).

# ---- the global (population / projection) attributes -------------------------

# Attributes of a population's model flagged `: population` (parameters and
# variables, as ANNarchy lists them in its description['global']).
population_global_attributes <- function(pop) {
  a <- pop$neuron$attributes
  if (is.null(a) || !nrow(a)) return(data.frame(name = character(0), type = character(0)))
  a[a$is_global %in% TRUE, , drop = FALSE]
}

projection_global_attributes <- function(proj) {
  a <- if (is.null(proj$synapse)) NULL else proj$synapse$attributes
  if (is.null(a) || !nrow(a)) return(data.frame(name = character(0), is_parameter = logical(0)))
  a[a$is_global %in% TRUE, , drop = FALSE]
}

# The values of the global attributes the network starts from: its models'
# values and the ones set before compile(). Called by compile() (read from
# the freshly built core, so drawn values are included); without it (not
# compiled yet) they come from the definitions.
initial_global_values <- function(net) {
  ptr <- if (net$compiled) net$ptr else NULL
  pops <- list()
  for (p in net$populations) {
    a <- population_global_attributes(p)
    pops[[p$name]] <- stats::setNames(lapply(seq_len(nrow(a)), function(i) {
      v <- if (!is.null(ptr)) .annr_population_get(ptr, p$id, a$name[i])[1]
           else get_population_attribute(p, NULL, a$name[i])[1]
      typed_value(as.numeric(v), a$type[i])
    }), a$name)
  }
  projs <- list()
  for (pr in net$projections) {
    a <- projection_global_attributes(pr)
    projs[[pr$name]] <- stats::setNames(lapply(a$name, function(nm) {
      if (!is.null(ptr)) .annr_projection_synapse_attribute(ptr, pr$id, nm)[1]
      else recorded_or_default(pr, nm, a$init[a$name == nm])
    }), a$name)
  }
  list(populations = pops, projections = projs)
}

typed_value <- function(v, type) {
  if (identical(type, "int")) return(as.integer(round(v)))
  if (identical(type, "bool")) return(v != 0)
  v
}

# jsonlite writes an empty named list as {} only when it has names.
json_object <- function(x) if (length(x)) x else structure(list(), names = character(0))

need_jsonlite <- function(fn) {
  if (!requireNamespace("jsonlite", quietly = TRUE)) {
    stop(fn, "() needs the package 'jsonlite': install.packages(\"jsonlite\")", call. = FALSE)
  }
}

check_filename <- function(filename, arg = "filename") {
  if (!is.character(filename) || length(filename) != 1 || is.na(filename) || !nzchar(filename)) {
    stop("`", arg, "` must be one file name", call. = FALSE)
  }
}

#' Save and load the global parameters of a network
#'
#' `save_parameters()` writes the parameters of a network that have one
#' value per population (flag `population`) or per projection (flag
#' `projection`) to a JSON file, in the layout of ANNarchy's
#' `save_parameters()`: an object with the members `populations` and
#' `projections` (each mapping a population's or projection's name to an
#' object of attribute names and values), `network` (free values for the
#' user) and `constants` (the network's [Constant()]s and their current
#' values). As in ANNarchy, global variables are listed too, and the values
#' written for populations and projections are the ones the network starts
#' from: the models' values and those set before [compile()] (what [reset()]
#' returns to), not values set after it. Use `net$save()` (see [Network()])
#' for the current state of a simulation.
#'
#' `load_parameters()` reads such a file (written by annr or by ANNarchy,
#' or edited by hand) and sets the values. Names of populations and
#' projections must be those of the network. As in ANNarchy, variables are
#' skipped, and so are parameters that are not global unless
#' `global_only = FALSE` (then the one value is set for every neuron or
#' synapse); each skip is reported with a message. Constants under
#' `constants` get the value of the file (the simulation uses it from the
#' next step on; ANNarchy 4.7.3 changes only the Python value, and a
#' compiled network goes on with the old one); a constant the network does
#' not have is created, as in ANNarchy, unless the network is compiled
#' (then it could not be used, and it is an error). Everything is checked
#' before anything is set: a file with an unknown population, projection or
#' attribute, or a value that is not one number gives an error naming the
#' field, and the network is left unchanged.
#'
#' Both need the package 'jsonlite'.
#'
#' @param filename Path of the JSON file.
#' @param net The network (default: the default network).
#' @param global_only If `TRUE` (default), only global parameters are loaded.
#' @param verbose If `TRUE`, prints each value changed (old -> new).
#' @return `save_parameters()`: `filename`, invisibly. `load_parameters()`:
#'   the named list of numbers found under `network` in the file (empty if
#'   none).
#' @examples
#' \donttest{
#' if (requireNamespace("jsonlite", quietly = TRUE)) {
#'   clear()
#'   neuron <- Neuron(parameters = "tau = 10 : population", equations = "tau * dr/dt + r = 1")
#'   pop <- Population(2, neuron, name = "rate")
#'   f <- tempfile(fileext = ".json")
#'   save_parameters(f)
#'   cat(readLines(f), sep = "\n")
#'   pop$tau <- 50
#'   load_parameters(f)
#'   pop$tau
#' }
#' }
#' @export
save_parameters <- function(filename, net = default_network()) {
  check_filename(filename)
  check_network_arg(net)
  need_jsonlite("save_parameters")
  init <- if (net$compiled && !is.null(net$initial_globals)) net$initial_globals
          else initial_global_values(net)
  desc <- list(populations = json_object(lapply(init$populations, json_object)),
               projections = json_object(lapply(init$projections, json_object)),
               network = json_object(list()),
               constants = json_object(as.list(net$constants)))  # R/constant.R
  text <- jsonlite::toJSON(desc, auto_unbox = TRUE, digits = NA, pretty = 4)
  text <- gsub("\\{\\s*\\}", "{}", text)  # empty objects as {} (as Python's json writes them)
  ok <- tryCatch({ writeLines(text, filename); TRUE }, error = function(e) FALSE,
                 warning = function(w) FALSE)
  if (!ok) {
    stop("save_parameters(): cannot write '", filename, "' (does its folder exist?)",
         call. = FALSE)
  }
  invisible(filename)
}

check_network_arg <- function(net) {
  if (!inherits(net, "annr_network")) stop("`net` must be a Network", call. = FALSE)
}

# One number (or logical) read from the JSON file, else an error naming it.
json_number <- function(v, field) {
  if (is.logical(v) && length(v) == 1 && !is.na(v)) return(as.numeric(v))
  if (!is.numeric(v) || length(v) != 1 || !is.finite(v)) {
    stop("load_parameters(): '", field, "' must be one number (the file cannot hold arrays)",
         call. = FALSE)
  }
  as.numeric(v)
}

#' @rdname save_parameters
#' @export
load_parameters <- function(filename, global_only = TRUE, verbose = FALSE,
                            net = default_network()) {
  check_filename(filename)
  check_network_arg(net)
  check_flag(global_only, "global_only")
  check_flag(verbose, "verbose")
  need_jsonlite("load_parameters")
  if (!file.exists(filename)) {
    stop("load_parameters(): the file '", filename, "' does not exist", call. = FALSE)
  }
  desc <- tryCatch(jsonlite::fromJSON(filename, simplifyVector = FALSE),
                   error = function(e) stop("load_parameters(): '", filename,
                                            "' is not a JSON file: ", conditionMessage(e),
                                            call. = FALSE))
  if (!is.list(desc) || (length(desc) && is.null(names(desc)))) {
    stop("load_parameters(): '", filename, "' must hold a JSON object", call. = FALSE)
  }
  section <- function(key) {
    s <- desc[[key]]
    if (is.null(s)) return(list())
    if (!is.list(s) || (length(s) && is.null(names(s)))) {
      stop("load_parameters(): '", key, "' must be a JSON object", call. = FALSE)
    }
    s
  }
  unknown <- setdiff(names(desc), c("populations", "projections", "network", "constants"))
  if (length(unknown)) {
    stop("load_parameters(): unknown member '", unknown[1], "' in '", filename,
         "' (expected populations, projections, network, constants)", call. = FALSE)
  }
  constants <- section("constants")
  constant_values <- numeric(0)
  for (cname in names(constants)) {
    field <- paste0("constants/", cname)
    constant_values[[cname]] <- json_number(constants[[cname]], field)
    if (!cname %in% names(net$constants)) {
      if (net$compiled) {
        stop("load_parameters(): '", field, "': the network has no constant '", cname,
             "' and is compiled, so its equations could not use a new one", call. = FALSE)
      }
      tryCatch(check_constant_name(cname, "load_parameters"),
               error = function(e) stop("load_parameters(): '", field, "': not a valid constant name",
                                        call. = FALSE))
    }
  }
  # Everything is checked first: `todo` collects the writes.
  todo <- list()
  skipped <- character(0)
  plan <- function(kind, objects, label, attrs_of, set) {
    entries <- section(kind)
    for (oname in names(entries)) {
      found <- Filter(function(o) identical(o$name, oname), objects)
      if (!length(found)) {
        stop("load_parameters(): '", kind, "/", oname, "': this network has no ", label,
             " named '", oname, "'", call. = FALSE)
      }
      obj <- found[[1]]
      params <- entries[[oname]]
      if (!is.list(params) || (length(params) && is.null(names(params)))) {
        stop("load_parameters(): '", kind, "/", oname, "' must be a JSON object", call. = FALSE)
      }
      a <- attrs_of(obj)
      for (pname in names(params)) {
        field <- paste0(kind, "/", oname, "/", pname)
        i <- match(pname, a$name)
        if (is.na(i)) {
          stop("load_parameters(): '", field, "': ", label, " '", oname,
               "' has no attribute '", pname, "'", call. = FALSE)
        }
        value <- json_number(params[[pname]], field)
        if (!isTRUE(a$is_parameter[i]) || (global_only && !isTRUE(a$is_global[i]))) {
          skipped <<- c(skipped, paste0(field, if (!isTRUE(a$is_parameter[i])) " (a variable)"
                                        else " (not a global parameter)"))
          next
        }
        todo[[length(todo) + 1]] <<- list(obj = obj, name = pname, value = value,
                                          field = field, set = set)
      }
    }
  }
  plan("populations", net$populations, "population",
       function(p) if (is.null(p$neuron$attributes)) data.frame(name = character(0))
                   else p$neuron$attributes,
       function(o, nm, v) o$set(stats::setNames(list(v), nm)))
  plan("projections", net$projections, "projection",
       function(p) if (is.null(p$synapse)) data.frame(name = character(0)) else p$synapse$attributes,
       function(o, nm, v) o$set(stats::setNames(list(v), nm)))
  network_values <- section("network")
  out <- stats::setNames(lapply(names(network_values), function(nm) {
    json_number(network_values[[nm]], paste0("network/", nm))
  }), names(network_values))
  if (length(skipped)) {
    message("load_parameters(): skipped ", paste(skipped, collapse = ", "))
  }
  for (w in todo) {
    if (verbose) {
      old <- w$obj$get(w$name)
      message(w$field, ": ", paste(format(utils::head(old, 3)), collapse = " "),
              if (length(old) > 3) " ...", " -> ", format(w$value))
    }
    w$set(w$obj, w$name, w$value)
  }
  for (cname in names(constant_values)) {
    if (cname %in% names(net$constants)) {
      if (verbose) message("constants/", cname, ": ", format(net$constants[[cname]]), " -> ",
                           format(constant_values[[cname]]))
      set_network_constant(net, cname, constant_values[[cname]])
    } else {
      add_network_constant(net, cname, constant_values[[cname]])
    }
  }
  invisible(out)
}

# ---- one projection ------------------------------------------------------------

# proj$save(filename): connectivity and every synaptic value of a compiled
# projection, in an .rds file.
save_projection <- function(proj, filename) {
  check_filename(filename)
  ptr <- projection_ptr(proj)
  s <- .annr_projection_synapses(ptr, proj$id)
  vars <- .annr_projection_synapse_attribute_names(ptr, proj$id)
  state <- list(format = "annr projection state", version = 1L, name = proj$name,
                pre_size = proj$pre_size(), post_size = proj$post_size(),
                pre = as.integer(s$pre), post = as.integer(s$post),
                w = as.numeric(s$w), delay = as.numeric(s$delay),
                variables = stats::setNames(lapply(vars, function(v) {
                  .annr_projection_synapse_attribute(ptr, proj$id, v)
                }), vars))
  saveRDS(state, filename)
  invisible(filename)
}

# proj$load(filename): checks the whole file against the projection, then
# writes the values (nothing is changed when a check fails).
load_projection <- function(proj, filename) {
  check_filename(filename)
  ptr <- projection_ptr(proj)
  where <- paste0("projection '", proj$name, "'")
  if (!file.exists(filename)) stop(where, ": the file '", filename, "' does not exist", call. = FALSE)
  state <- tryCatch(suppressWarnings(readRDS(filename)), error = function(e) NULL)
  if (is.list(state) && identical(state$format, "annr network state")) {
    stop("'", filename, "' holds the state of a whole network (written by net$save()); read it with net$load()",
         call. = FALSE)
  }
  if (!is.list(state) || !identical(state$format, "annr projection state")) {
    stop("'", filename, "' was not written by proj$save()", call. = FALSE)
  }
  if (!identical(as.integer(state$pre_size), as.integer(proj$pre_size())) ||
      !identical(as.integer(state$post_size), as.integer(proj$post_size()))) {
    stop(where, ": the saved projection connects ", state$pre_size, " to ", state$post_size,
         " neurons, this one ", proj$pre_size(), " to ", proj$post_size(), call. = FALSE)
  }
  now <- .annr_projection_synapses(ptr, proj$id)
  if (!identical(state$pre, as.integer(now$pre)) || !identical(state$post, as.integer(now$post))) {
    stop(where, " has other synapses than the saved one (random connectivity is drawn from ",
         "the seed: compile with the same seed)", call. = FALSE)
  }
  n <- length(now$pre)
  for (f in c("w", "delay")) {
    if (!is.numeric(state[[f]]) || length(state[[f]]) != n || anyNA(state[[f]])) {
      stop(where, ": '", f, "' in '", filename, "' must be ", n, " numbers", call. = FALSE)
    }
  }
  vars <- .annr_projection_synapse_attribute_names(ptr, proj$id)
  for (v in names(state$variables)) {
    if (!v %in% vars) {
      stop(where, ": the file holds '", v, "', which this projection's synapse model does not have",
           call. = FALSE)
    }
    expected <- length(.annr_projection_synapse_attribute(ptr, proj$id, v))
    x <- state$variables[[v]]
    if (!is.numeric(x) || length(x) != expected || anyNA(x)) {
      stop(where, ": '", v, "' in '", filename, "' must be ", expected, " numbers", call. = FALSE)
    }
  }
  # The core still checks the values (finite weights, delays in range); when
  # it refuses one, what was already written is put back, so a file that
  # fails changes nothing.
  before <- list(w = now$w, delay = now$delay,
                 variables = stats::setNames(lapply(names(state$variables), function(v) {
                   .annr_projection_synapse_attribute(ptr, proj$id, v)
                 }), names(state$variables)))
  write <- function(x) {
    .annr_projection_set_weights(ptr, proj$id, as.numeric(x$w))
    .annr_projection_set_delays(ptr, proj$id, as.numeric(x$delay))
    for (v in names(x$variables)) {
      .annr_projection_set_synapse_attribute(ptr, proj$id, v, as.numeric(x$variables[[v]]))
    }
  }
  tryCatch(write(state), error = function(e) {
    write(before)
    stop(where, ": '", filename, "': ", conditionMessage(e), call. = FALSE)
  })
  invisible(proj)
}

# ---- the whole network (net$save() / net$load()) -------------------------------

# Version 2: the core's whole simulated state (src/bindings_state.cpp), the
# network's shape and its constants. Version 1 (weights, delays and the
# variables only) lost the spikes in flight and the random streams.
network_state_version <- 2L

# What a state file must match: populations (name, type, size, model
# attributes) and projections (name, populations, target, synapse model
# attributes, number of synapses), in the network's order.
network_shape <- function(net, ptr) {
  pops <- lapply(unname(net$populations), function(p) {
    list(name = p$name, type = p$type, size = as.numeric(p$size),
         model = if (is.null(p$neuron$name)) "" else p$neuron$name,
         attributes = if (identical(p$type, "spike_source_array")) character(0)
                      else as.character(p$neuron$attributes$name))
  })
  projs <- lapply(unname(net$projections), function(pr) {
    list(name = pr$name, pre = pr$pre_population$name, post = pr$post_population$name,
         target = as.character(pr$target),
         synapse = if (is.null(pr$synapse$name)) "" else pr$synapse$name,
         attributes = .annr_projection_synapse_attribute_names(ptr, pr$id),
         nb_synapses = .annr_projection_nb_synapses(ptr, pr$id))
  })
  list(populations = pops, projections = projs, constants = names(net$constants))
}

# The first difference between a saved shape and this network's, as a
# sentence (NULL when they agree).
shape_difference <- function(saved, now) {
  list_names <- function(x) if (length(x)) paste(x, collapse = ", ") else "none"
  names_of <- function(l) vapply(l, function(e) as.character(e$name)[1], "")
  if (length(saved$populations) != length(now$populations)) {
    return(sprintf("the file has %d population(s) (%s), this network %d (%s)",
                   length(saved$populations), list_names(names_of(saved$populations)),
                   length(now$populations), list_names(names_of(now$populations))))
  }
  for (i in seq_along(now$populations)) {
    s <- saved$populations[[i]]
    n <- now$populations[[i]]
    if (!identical(s$name, n$name)) {
      return(sprintf("population %d is '%s' in the file, '%s' in this network", i, s$name, n$name))
    }
    where <- paste0("population '", n$name, "'")
    if (!identical(s$type, n$type)) {
      return(sprintf("%s is a %s in the file, a %s in this network", where, s$type, n$type))
    }
    if (!identical(as.numeric(s$size), n$size)) {
      return(sprintf("%s has %g neurons in the file, %g in this network", where, s$size, n$size))
    }
    if (!identical(as.character(s$attributes), n$attributes)) {
      return(sprintf("%s: the neuron model's attributes differ (file: %s; this network: %s)",
                     where, list_names(s$attributes), list_names(n$attributes)))
    }
  }
  if (length(saved$projections) != length(now$projections)) {
    return(sprintf("the file has %d projection(s) (%s), this network %d (%s)",
                   length(saved$projections), list_names(names_of(saved$projections)),
                   length(now$projections), list_names(names_of(now$projections))))
  }
  for (i in seq_along(now$projections)) {
    s <- saved$projections[[i]]
    n <- now$projections[[i]]
    if (!identical(s$name, n$name)) {
      return(sprintf("projection %d is '%s' in the file, '%s' in this network", i, s$name, n$name))
    }
    where <- paste0("projection '", n$name, "'")
    if (!identical(c(s$pre, s$post), c(n$pre, n$post))) {
      return(sprintf("%s connects '%s' to '%s' in the file, '%s' to '%s' in this network",
                     where, s$pre, s$post, n$pre, n$post))
    }
    if (!identical(as.character(s$target), n$target)) {
      return(sprintf("%s has the target %s in the file, %s in this network", where,
                     list_names(s$target), list_names(n$target)))
    }
    if (!identical(as.character(s$attributes), as.character(n$attributes))) {
      return(sprintf("%s: the synapse model's attributes differ (file: %s; this network: %s)",
                     where, list_names(s$attributes), list_names(n$attributes)))
    }
    if (!identical(as.numeric(s$nb_synapses), as.numeric(n$nb_synapses))) {
      return(sprintf("%s has other synapses than the saved one (%g in the file, %g in this network; random connectivity is drawn from the seed: compile with the same seed)",
                     where, s$nb_synapses, n$nb_synapses))
    }
  }
  if (!identical(sort(as.character(saved$constants)), sort(as.character(now$constants)))) {
    return(sprintf("the constants differ (file: %s; this network: %s)",
                   list_names(saved$constants), list_names(now$constants)))
  }
  NULL
}

save_network_state <- function(net, file) {
  check_filename(file, "file")
  ptr <- net$live()
  core <- .annr_network_save_state(ptr)
  pops <- unname(net$populations)
  projs <- unname(net$projections)
  # names for the core's messages; populations and projections come in the
  # network's order
  for (i in seq_along(pops)) core$populations[[i]]$name <- pops[[i]]$name
  for (i in seq_along(projs)) core$projections[[i]]$name <- projs[[i]]$name
  # a state net$load() would refuse (a variable gone to NaN) is not written
  tryCatch(.annr_network_load_state(ptr, core, TRUE), error = function(e) {
    stop("net$save(): the state cannot be saved: ", conditionMessage(e), call. = FALSE)
  })
  state <- list(format = "annr network state", version = network_state_version,
                annr_version = as.character(utils::packageVersion("annr")),
                dt = net$dt, step = core$step, seed = core$seed,
                shape = network_shape(net, ptr),
                constants = as.list(net$constants),
                firing_rate_windows = lapply(pops, function(p) p$firing_rate_window),
                core = core)
  ok <- tryCatch({
    saveRDS(state, file)
    TRUE
  }, error = function(e) FALSE, warning = function(w) FALSE)
  if (!ok) stop("net$save(): cannot write '", file, "' (does its folder exist?)", call. = FALSE)
  invisible(file)
}

load_network_state <- function(net, file) {
  check_filename(file, "file")
  fail <- function(...) stop("net$load('", file, "'): ", ..., call. = FALSE)
  if (!file.exists(file)) fail("the file does not exist")
  state <- tryCatch(suppressWarnings(readRDS(file)), error = function(e) NULL)
  if (!is.list(state) || !is.character(state$format) || length(state$format) != 1) {
    fail("not an annr network state (a file written by net$save())")
  }
  if (identical(state$format, "annr projection state")) {
    fail("the file holds the state of one projection (written by proj$save()); read it with proj$load()")
  }
  if (!identical(state$format, "annr network state")) {
    fail("not an annr network state (a file written by net$save())")
  }
  version <- state$version
  if (!is.numeric(version) || length(version) != 1 || is.na(version)) {
    fail("the file has no valid format version")
  }
  if (version < network_state_version) {
    fail("the file has state format version ", version, ", written by an older annr that did not ",
         "save the spikes in flight nor the random streams; this annr reads version ",
         network_state_version, " (simulate again and save with this annr)")
  }
  if (version > network_state_version) {
    fail("the file has state format version ", version, ", written by a newer annr; this annr reads ",
         "version ", network_state_version)
  }
  if (!is.numeric(state$dt) || length(state$dt) != 1 || !isTRUE(all.equal(state$dt, net$dt))) {
    fail("the file was saved with dt = ", format(state$dt), " ms; this network has dt = ", net$dt, " ms")
  }
  ptr <- net$live()
  if (!is.list(state$shape) || !is.list(state$core)) fail("the file has no network shape or state")
  diff <- tryCatch(shape_difference(state$shape, network_shape(net, ptr)),
                   error = function(e) "its description of the network is damaged")
  if (!is.null(diff)) fail("the file is the state of another network: ", diff)
  # Constants: the same names (checked above), finite values.
  consts <- state$constants
  if (length(net$constants) &&
      (!is.list(consts) || !all(names(net$constants) %in% names(consts)) ||
       !all(vapply(consts, function(x) is.numeric(x) && length(x) == 1 && is.finite(x), TRUE)))) {
    fail("'constants' must hold one finite number for each constant (", paste(names(net$constants), collapse = ", "), ")")
  }
  pops <- unname(net$populations)
  projs <- unname(net$projections)
  core <- state$core
  if (!is.list(core$populations) || length(core$populations) != length(pops) ||
      !is.list(core$projections) || length(core$projections) != length(projs)) {
    fail("the state does not hold one entry per population and projection")
  }
  windows <- state$firing_rate_windows
  if (!is.list(windows) || length(windows) != length(pops)) fail("'firing_rate_windows' is damaged")
  # The file's entries, matched by position, carry the ids of this network
  # (a network built again in another session may have other ids).
  for (i in seq_along(pops)) {
    entry <- core$populations[[i]]
    if (!is.list(entry)) fail("the state of population '", pops[[i]]$name, "' is damaged")
    entry$id <- as.integer(pops[[i]]$id)
    entry$name <- pops[[i]]$name
    # the checks of pop$rates <- x
    if (is_poisson_population(pops[[i]]) && is.list(entry$values) && is.numeric(entry$values$rates)) {
      tryCatch(check_poisson_rates(entry$values$rates, population_where(pops[[i]])),
               error = function(e) fail(conditionMessage(e)))
    }
    core$populations[[i]] <- entry
  }
  for (i in seq_along(projs)) {
    entry <- core$projections[[i]]
    if (!is.list(entry)) fail("the state of projection '", projs[[i]]$name, "' is damaged")
    entry$id <- as.integer(projs[[i]]$id)
    entry$name <- projs[[i]]$name
    core$projections[[i]] <- entry
  }
  core$dt <- net$dt
  # The core checks every field, then applies all of it or nothing.
  tryCatch(.annr_network_load_state(ptr, core, FALSE),
           error = function(e) fail(conditionMessage(e)))
  # What R keeps besides the core (cannot fail after the checks above).
  for (cname in names(net$constants)) set_network_constant(net, cname, as.numeric(consts[[cname]]))
  for (i in seq_along(pops)) set_field(pops[[i]], "firing_rate_window", windows[[i]])
  net$compiled_seed <- core$seed
  if (!is.null(net$seed)) net$seed <- core$seed
  invisible(net)
}
