# Synaptic attributes of projections as ANNarchy users reach for them:
# proj$tau, proj$size, proj$post_ranks, dendrites (the synapses of one
# post-synaptic neuron) and single synapses, readable and writable.
#
# Writes are recorded in the projection's definition (proj$values) and pushed
# to the live network; every build of the network (compile(), the rebuild
# after saveRDS(), copies made by Network$add() and parallel_run()) replays
# them in order: the values set before compile() before the state that
# reset(projections = TRUE) returns to is taken, the later ones after it.

# ---- kinds of attributes -----------------------------------------------------

# "synapse" (one value per synapse), "postsynaptic" (one per post neuron) or
# "projection" (one value), with the attribute's default.
projection_attribute_info <- function(proj, name) {
  if (name %in% c("w", "delay")) return(list(kind = "synapse", init = NA_real_))
  a <- if (is.null(proj$synapse)) NULL else proj$synapse$attributes
  i <- if (is.null(a)) NA_integer_ else match(name, a$name)
  if (is.na(i)) {
    known <- c("w", "delay", a$name)
    stop("projection '", proj$name, "' has no synaptic variable '", name, "' (its attributes: ",
         paste(known, collapse = ", "), ")", call. = FALSE)
  }
  list(kind = if (isTRUE(a$is_global[i])) "projection"
              else if (isTRUE(a$is_postsynaptic[i])) "postsynaptic" else "synapse",
       init = a$init[i])
}

projection_ptr <- function(proj) {
  if (!proj$network$compiled) {
    stop("projection '", proj$name, "': the network is not compiled yet; call compile() ",
         "before reading its synapses", call. = FALSE)
  }
  proj$network$live()
}

# Population rank (1-based) of each post neuron of the projection's view.
post_view_to_population <- function(proj) {
  if (is.null(proj$post_view_ranks)) seq_len(proj$post_population$size) else proj$post_view_ranks
}
pre_view_to_population <- function(proj) {
  if (is.null(proj$pre_ranks)) seq_len(proj$pre_population$size) else proj$pre_ranks
}

# The synapse table with population ranks and the view rank of each post.
projection_table <- function(proj, ptr = projection_ptr(proj)) {
  s <- .annr_projection_synapses(ptr, proj$id)
  list(post_view = s$post, post = post_view_to_population(proj)[s$post],
       pre = pre_view_to_population(proj)[s$pre], w = s$w, delay = s$delay)
}

# ANNarchy's post_ranks: post neurons with at least one synapse, in the order
# of the synapse table (ascending for whole populations).
projection_post_ranks <- function(proj, ptr = projection_ptr(proj)) {
  s <- .annr_projection_synapses(ptr, proj$id)
  post_view_to_population(proj)[unique(s$post)]
}

# Values of every synapse (synapses() order), one per post neuron of the
# view, or one value, as the core holds them.
flat_values <- function(proj, name, ptr) {
  if (name == "w") return(.annr_projection_synapses(ptr, proj$id)$w)
  if (name == "delay") return(.annr_projection_synapses(ptr, proj$id)$delay)
  .annr_projection_synapse_attribute(ptr, proj$id, name)
}

write_flat_values <- function(proj, name, values, ptr) {
  if (name == "w") .annr_projection_set_weights(ptr, proj$id, values)
  else if (name == "delay") .annr_projection_set_delays(ptr, proj$id, values)
  else .annr_projection_set_synapse_attribute(ptr, proj$id, name, values)
}

# ---- reading -----------------------------------------------------------------

# proj$get(name): flat values as the core holds them: one value
# (projection-wide), one per post neuron of the view (postsynaptic), one per
# synapse in synapses() order (w, delay and other per-synapse attributes).
get_projection_attribute <- function(proj, name) {
  info <- projection_attribute_info(proj, name)
  if (!proj$network$compiled && info$kind == "projection") {
    return(recorded_or_default(proj, name, info$init))
  }
  flat_values(proj, name, projection_ptr(proj))
}

# The value a projection-wide attribute will have at compile(): its default
# or the last value set.
recorded_or_default <- function(proj, name, init) {
  v <- init
  for (r in proj$values) if (identical(r$attribute, name)) v <- r$values[1]
  v
}

projection_attribute_dollar <- function(proj, name) {
  info <- projection_attribute_info(proj, name)
  if (!proj$network$compiled) {
    if (info$kind == "projection") return(recorded_or_default(proj, name, info$init))
    projection_ptr(proj)
  }
  ptr <- proj$network$live()
  if (name %in% c("w", "delay")) {
    need_matrix()
    return(.annr_projection_sparse(ptr, proj$id, name, as.integer(proj$post_size()),
                                   as.integer(proj$pre_size())))
  }
  flat <- .annr_projection_synapse_attribute(ptr, proj$id, name)
  if (info$kind == "projection") return(flat)
  s <- .annr_projection_synapses(ptr, proj$id)
  views <- unique(s$post)
  ranks <- post_view_to_population(proj)[views]
  if (info$kind == "postsynaptic") return(flat[views])
  out <- split(flat, factor(s$post, levels = views))
  names(out) <- ranks
  out
}

# ---- writing -----------------------------------------------------------------

check_projection_numbers <- function(proj, name, value) {
  if (is_annr_distribution(value)) {
    stop("projection '", proj$name, "': '", name, "' takes numbers; random values per synapse ",
         "come from the connector (e.g. weights = Uniform(0, 1)), drawn from the network's seed",
         call. = FALSE)
  }
  if (is.logical(value)) value <- as.numeric(value)
  if (!is.numeric(value) || anyNA(value) || any(!is.finite(value))) {
    stop("projection '", proj$name, "': the value of '", name, "' must be finite numbers",
         call. = FALSE)
  }
  if (name == "delay" && any(value < 0)) {
    stop("projection '", proj$name, "': delays must be >= 0 (ms)", call. = FALSE)
  }
  as.numeric(value)
}

# proj$name <- value. Projection-wide: one value; postsynaptic: one value or
# one per dendrite; per synapse: one value, one per synapse in synapses()
# order, or a list with one element per dendrite (one value or one per
# synapse of that dendrite), as ANNarchy's proj.w = [[...], ...].
set_projection_attribute <- function(proj, name, value) {
  info <- projection_attribute_info(proj, name)
  if (is.list(value) && !is.data.frame(value) && !is_annr_distribution(value)) {
    if (info$kind != "synapse") {
      stop("projection '", proj$name, "': '", name, "' is ", info$kind, ": give numbers, not a list",
           call. = FALSE)
    }
    value <- dendrite_list_to_flat(proj, name, value)
  } else {
    value <- check_projection_numbers(proj, name, value)
  }
  if (info$kind == "projection" && length(value) != 1) {
    stop("'", name, "' is a projection-wide attribute of projection '", proj$name,
         "': give one value", call. = FALSE)
  }
  if (!proj$network$compiled && length(value) != 1) {
    stop("projection '", proj$name, "': before compile() '", name, "' takes one value ",
         "(its synapses are drawn at compile())", call. = FALSE)
  }
  record_projection_value(proj, list(attribute = name, post = NULL, pre = NULL, values = value))
}

dendrite_list_to_flat <- function(proj, name, value) {
  ptr <- projection_ptr(proj)
  s <- .annr_projection_synapses(ptr, proj$id)
  views <- unique(s$post)
  if (length(value) != length(views)) {
    stop("projection '", proj$name, "': a list of values of '", name, "' needs one element per ",
         "dendrite (", length(views), ", see proj$post_ranks), not ", length(value), call. = FALSE)
  }
  flat <- numeric(length(s$post))
  for (k in seq_along(views)) {
    at <- which(s$post == views[k])
    v <- check_projection_numbers(proj, name, value[[k]])
    if (length(v) != 1 && length(v) != length(at)) {
      stop("projection '", proj$name, "': element ", k, " of the values of '", name,
           "' (dendrite of post neuron ", post_view_to_population(proj)[views[k]], ") needs 1 or ",
           length(at), " values, not ", length(v), call. = FALSE)
    }
    flat[at] <- v
  }
  flat
}

# Applies a record to the live network when compiled (which checks it
# against the synapses), then keeps it in the definition. A write to the
# whole projection makes the earlier ones of the same attribute useless.
record_projection_value <- function(proj, record) {
  net <- proj$network
  record$after_compile <- isTRUE(net$compiled)
  if (net$compiled) apply_projection_record(proj, record, net$live(), replay = FALSE)
  keep <- proj$values
  if (is.null(record$post)) {
    keep <- Filter(function(r) !(identical(r$attribute, record$attribute) &&
                                   identical(r$after_compile, record$after_compile)), keep)
  }
  set_field(proj, "values", c(keep, list(record)))
  invisible(proj)
}

# replay: the record was made for another build (a copy, a rebuild), whose
# synapses may differ; else it is a write being checked.
apply_projection_record <- function(proj, r, ptr, replay = TRUE) {
  name <- r$attribute
  info <- projection_attribute_info(proj, name)
  v <- r$values
  fit_error <- function(n) {
    if (!replay) {
      stop("projection '", proj$name, "': '", name, "' needs 1 or ", n, " values (one per ",
           if (info$kind == "postsynaptic") "dendrite, see proj$post_ranks" else "synapse",
           "), not ", length(v), call. = FALSE)
    }
    stop("projection '", proj$name, "': ", length(v), " values of '", name, "' were set, but ",
         if (is.null(r$post)) "it" else paste0("the dendrite of post neuron ", r$post), " has ", n,
         " here (random connectivity is drawn anew from each network's seed: set one value, ",
         "or give explicit connectivity)", call. = FALSE)
  }
  if (info$kind == "projection") {
    write_flat_values(proj, name, v, ptr)
    return(invisible())
  }
  s <- .annr_projection_synapses(ptr, proj$id)
  if (info$kind == "postsynaptic") {
    views <- unique(s$post)
    if (!is.null(r$post)) views <- match(r$post, post_view_to_population(proj))
    if (length(v) != 1 && length(v) != length(views)) fit_error(length(views))
    if (is.null(r$post) && length(v) == 1) return(write_flat_values(proj, name, v, ptr))
    full <- flat_values(proj, name, ptr)
    full[views] <- v
    return(write_flat_values(proj, name, full, ptr))
  }
  if (is.null(r$post)) {
    if (length(v) != 1 && length(v) != length(s$post)) fit_error(length(s$post))
    return(write_flat_values(proj, name, v, ptr))
  }
  sel <- post_view_to_population(proj)[s$post] == r$post
  if (!is.null(r$pre)) sel <- sel & pre_view_to_population(proj)[s$pre] == r$pre
  at <- which(sel)
  if (!length(at) || (length(v) != 1 && length(v) != length(at))) fit_error(length(at))
  full <- flat_values(proj, name, ptr)
  full[at] <- v
  write_flat_values(proj, name, full, ptr)
}

# Replays every projection's records on a newly built network (called by
# compile() and by the rebuild of a dead pointer).
apply_projection_values <- function(net) {
  ptr <- net$ptr
  projs <- net$projections
  for (p in projs) for (r in p$values) if (!isTRUE(r$after_compile)) apply_projection_record(p, r, ptr)
  if (any(vapply(projs, function(p) length(p$values) > 0, logical(1)))) {
    .annr_projection_keep_as_initial(ptr)
  }
  for (p in projs) for (r in p$values) if (isTRUE(r$after_compile)) apply_projection_record(p, r, ptr)
  invisible(net)
}

# ---- `$` on projections --------------------------------------------------------

#' @export
`$.annr_projection` <- function(x, name) {
  if (exists(name, envir = x, inherits = FALSE)) return(get(name, envir = x, inherits = FALSE))
  f <- model_function(get0("synapse", envir = x, inherits = FALSE), name)  # proj$hebb(x, y)
  if (!is.null(f)) return(f)
  projection_attribute_dollar(x, name)
}

#' @export
`$<-.annr_projection` <- function(x, name, value) {
  if (exists(name, envir = x, inherits = FALSE)) {
    if (name %in% c("id", "pre", "post", "network", "synapse", "target") &&
        !is.null(get(name, envir = x))) {
      stop("`", name, "` of a projection cannot be changed", call. = FALSE)
    }
    assign(name, value, envir = x)
    return(invisible(x))
  }
  set_projection_attribute(x, name, value)
  invisible(x)
}

#' @export
names.annr_projection <- function(x) x$attributes

# ---- dendrites -----------------------------------------------------------------

make_dendrite <- function(proj, post) {
  npop <- proj$post_population$size
  if (!is.numeric(post) || length(post) != 1 || is.na(post) || post != round(post) ||
      post < 1 || post > npop) {
    stop("`post` must be the rank (1..", npop, ") of a post-synaptic neuron of projection '",
         proj$name, "'", call. = FALSE)
  }
  post <- as.integer(post)
  if (!post %in% post_view_to_population(proj)) {
    stop("post-synaptic neuron ", post, " is not in the view projection '", proj$name,
         "' targets", call. = FALSE)
  }
  if (proj$network$compiled) {
    ranks <- projection_post_ranks(proj)
    if (!post %in% ranks) {
      stop("post-synaptic neuron ", post, " has no dendrite in projection '", proj$name,
           "' (no synapse reaches it; see proj$post_ranks)", call. = FALSE)
    }
  }
  structure(list(projection = proj, post = post), class = "annr_dendrite")
}

#' Dendrites: the synapses of one post-synaptic neuron
#'
#' `proj$dendrite(post)` or `dendrite(proj, post)` gives the dendrite of the
#' post-synaptic neuron of rank `post` (1-based, in the post-synaptic
#' population, one of `proj$post_ranks`), as ANNarchy's
#' `proj.dendrite(post)`. It is a handle on the live projection: reading it
#' after `simulate()` gives the new values.
#'
#' Read with `$`: `d$w`, `d$delay` and other per-synapse attributes (one
#' value per synapse, ordered by pre-synaptic rank), `postsynaptic` and
#' projection-wide attributes (one value), `d$size` (number of synapses),
#' `d$pre_ranks` (1-based ranks in the pre-synaptic population), `d$post_rank`,
#' `d$get(name)`, `d$attributes` (`d[["w"]]` is `d$w`, and `d[["w"]] <- x`
#' is `d$w <- x`); `as.data.frame(d)` gives one row per
#' synapse. `d[pre]` is the synapse coming from pre-synaptic neuron `pre`
#' (as ANNarchy's `dendrite[pre]`), with the same `$` access.
#'
#' Write with `$<-` (one value, or one per synapse for per-synapse
#' attributes; one value for `postsynaptic` ones; projection-wide attributes
#' are set on the projection), or `d$set(w = x, tau = 10)`. R cannot assign
#' into the result of a call (`proj$dendrite(k)$w <- x` is an error of R
#' itself), so write through a variable or the replacement function:
#' `d <- proj$dendrite(k); d$w <- x`, `dendrite(proj, k)$w <- x`,
#' `dendrite(proj, k)[3]$w <- x` (one synapse), `d$w[2] <- x`, or
#' `proj$dendrite(k)$set(w = x)`. Each write changes the live network and
#' is kept in the projection's definition, so it survives `saveRDS()` and
#' is carried by copies (`Network$add()`, `parallel_run()`). A copy whose
#' random connectivity gives a dendrite another number of synapses than the
#' values set reports an error.
#'
#' `Monitor(d, "w")` records the dendrite's synapses over time (see
#' [Monitor()]).
#'
#' @param proj A compiled projection (a dendrite can be made before
#'   `compile()` for a [Monitor()]; its values can only be read after).
#' @param post Rank of the post-synaptic neuron (1-based).
#' @param value The dendrite (what `$<-` on it returned).
#' @return A dendrite (class `annr_dendrite`); `dendrite<-` returns `proj`.
#' @examples
#' \donttest{
#' clear()
#' pre <- Population(3, Neuron(parameters = "r = 1"))
#' post <- Population(2, Neuron(equations = "r = sum(exc)"))
#' proj <- Projection(pre, post, "exc")
#' proj$connect_all_to_all(weights = 0.5)
#' compile()
#' d <- proj$dendrite(2)
#' d$w <- c(0.1, 0.2, 0.3)
#' dendrite(proj, 1)[2]$w <- 1
#' proj$dendrite(1)$w
#' }
#' @export
dendrite <- function(proj, post) {
  if (!inherits(proj, "annr_projection")) stop("`proj` must be a projection", call. = FALSE)
  make_dendrite(proj, post)
}

#' @rdname dendrite
#' @export
`dendrite<-` <- function(proj, post, value) {
  # `dendrite(proj, k)$w <- x` has already written through the handle.
  if (!inherits(value, "annr_dendrite") || !identical(unclass(value)$projection, proj)) {
    stop("`dendrite(proj, post) <- value`: value must be a dendrite of proj (write its ",
         "attributes: dendrite(proj, post)$w <- x)", call. = FALSE)
  }
  proj
}

dendrite_selection <- function(d, ptr) {
  l <- unclass(d)
  s <- projection_table(l$projection, ptr)
  at <- which(s$post == l$post)
  if (!is.null(l$pre)) at <- at[s$pre[at] == l$pre]
  list(at = at, table = s)
}

dendrite_get <- function(d, name) {
  l <- unclass(d)
  proj <- l$projection
  info <- projection_attribute_info(proj, name)
  ptr <- projection_ptr(proj)
  if (info$kind == "projection") return(.annr_projection_synapse_attribute(ptr, proj$id, name))
  if (info$kind == "postsynaptic") {
    flat <- .annr_projection_synapse_attribute(ptr, proj$id, name)
    return(flat[match(l$post, post_view_to_population(proj))])
  }
  sel <- dendrite_selection(d, ptr)
  flat_values(proj, name, ptr)[sel$at]
}

dendrite_set <- function(d, name, value) {
  l <- unclass(d)
  proj <- l$projection
  info <- projection_attribute_info(proj, name)
  where <- if (is.null(l$pre)) paste0("the dendrite of post neuron ", l$post)
           else paste0("the synapse ", l$pre, " -> ", l$post)
  if (info$kind == "projection") {
    stop("'", name, "' is a projection-wide attribute of projection '", proj$name,
         "': set it on the projection (proj$", name, " <- value)", call. = FALSE)
  }
  value <- check_projection_numbers(proj, name, value)
  ptr <- projection_ptr(proj)
  n <- if (info$kind == "postsynaptic") 1L else length(dendrite_selection(d, ptr)$at)
  if (length(value) != 1 && length(value) != n) {
    stop("'", name, "' of ", where, " in projection '", proj$name, "' takes ",
         if (n == 1) "one value" else paste0("1 or ", n, " values (one per synapse)"),
         ", not ", length(value), call. = FALSE)
  }
  if (info$kind == "postsynaptic" && !is.null(l$pre)) {
    stop("'", name, "' is a postsynaptic attribute: set it on the dendrite", call. = FALSE)
  }
  record_projection_value(proj, list(attribute = name, post = l$post, pre = l$pre, values = value))
}

dendrite_fields <- c("projection", "post_rank", "size", "pre_ranks", "get", "set", "attributes")

#' @export
`$.annr_dendrite` <- function(x, name) {
  l <- unclass(x)
  proj <- l$projection
  switch(name,
    projection = proj,
    post_rank = l$post,
    pre_rank = if (is.null(l$pre)) NULL else l$pre,
    size = length(dendrite_selection(x, projection_ptr(proj))$at),
    pre_ranks = {
      sel <- dendrite_selection(x, projection_ptr(proj))
      sel$table$pre[sel$at]
    },
    attributes = proj$attributes,
    get = function(name) dendrite_get(x, name),
    set = function(...) {
      values <- list(...)
      if (length(values) == 1 && is.null(names(values)) && is.list(values[[1]])) values <- values[[1]]
      if (!length(values) || is.null(names(values)) || any(names(values) == "")) {
        stop("set() of a dendrite takes named values, e.g. d$set(w = 0.5)", call. = FALSE)
      }
      for (nm in names(values)) dendrite_set(x, nm, values[[nm]])
      invisible(x)
    },
    dendrite_get(x, name))
}

#' @export
`$<-.annr_dendrite` <- function(x, name, value) {
  if (name %in% c(dendrite_fields, "post_rank", "pre_rank")) {
    stop("`", name, "` of a dendrite cannot be changed", call. = FALSE)
  }
  dendrite_set(x, name, value)
  x
}

#' @export
`[.annr_dendrite` <- function(x, i, ...) {
  l <- unclass(x)
  if (!is.null(l$pre)) stop("a synapse cannot be indexed further", call. = FALSE)
  ranks <- x$pre_ranks
  if (!is.numeric(i) || length(i) != 1 || is.na(i) || !i %in% ranks) {
    stop("the dendrite of post neuron ", l$post, " in projection '", l$projection$name,
         "' has no synapse from pre-synaptic neuron ", paste(i, collapse = ", "),
         " (its pre_ranks: ", paste(ranks, collapse = ", "), ")", call. = FALSE)
  }
  l$pre <- as.integer(i)
  structure(l, class = "annr_dendrite")
}

#' @export
`[<-.annr_dendrite` <- function(x, i, ..., value) x

#' @export
`[[.annr_dendrite` <- function(x, i, ...) {
  if (!is.character(i) || length(i) != 1 || is.na(i)) {
    stop("a dendrite is indexed by the name of an attribute with [[ (d[[\"w\"]]), ",
         "or by a pre-synaptic rank with [ (d[3])", call. = FALSE)
  }
  `$.annr_dendrite`(x, i)
}

#' @export
`[[<-.annr_dendrite` <- function(x, i, ..., value) {
  if (!is.character(i) || length(i) != 1 || is.na(i)) {
    stop("a dendrite is indexed by the name of an attribute with [[ (d[[\"w\"]] <- 0.5)",
         call. = FALSE)
  }
  `$<-.annr_dendrite`(x, i, value)
}

#' @export
length.annr_dendrite <- function(x) x$size

#' @export
names.annr_dendrite <- function(x) unclass(x)$projection$attributes

#' @export
as.data.frame.annr_dendrite <- function(x, ...) {
  l <- unclass(x)
  proj <- l$projection
  ptr <- projection_ptr(proj)
  sel <- dendrite_selection(x, ptr)
  out <- data.frame(pre = sel$table$pre[sel$at], w = sel$table$w[sel$at],
                    delay = sel$table$delay[sel$at])
  a <- if (is.null(proj$synapse)) NULL else proj$synapse$attributes
  local <- if (is.null(a)) character(0) else a$name[!a$is_global & !a$is_postsynaptic]
  for (v in local) {
    out[[v]] <- .annr_projection_synapse_attribute(ptr, proj$id, v)[sel$at]
  }
  out
}

#' @export
print.annr_dendrite <- function(x, ...) {
  l <- unclass(x)
  cat("<annr dendrite> of post neuron ", l$post,
      if (!is.null(l$pre)) paste0(", synapse from pre neuron ", l$pre),
      " in projection '", l$projection$name, "'\n", sep = "")
  if (l$projection$network$compiled) print(as.data.frame(x))
  invisible(x)
}
