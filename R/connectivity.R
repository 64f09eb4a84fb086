# Explicit connectivity: dense matrices, Matrix sparse matrices and user
# functions turned into synapse lists (1-based ranks, sorted by post then
# pre) for the core. Matrices follow ANNarchy's convention: rows are
# post-synaptic neurons, columns pre-synaptic ones.

check_dims <- function(m, pre_size, post_size, arg) {
  if (nrow(m) != post_size || ncol(m) != pre_size) {
    stop(sprintf("`%s` must be a post x pre matrix of %d x %d, not %d x %d.",
                 arg, post_size, pre_size, nrow(m), ncol(m)), call. = FALSE)
  }
}

finish_explicit <- function(pre, post, weights, delays) {
  if (any(!is.finite(weights))) stop("`weights` must be finite numbers.", call. = FALSE)
  if (!is.null(delays) && any(!is.finite(delays) | delays < 0)) {
    stop("`delays` must be numbers >= 0 (ms).", call. = FALSE)
  }
  o <- order(post, pre)
  list(pre = as.integer(pre[o]), post = as.integer(post[o]),
       weights = as.numeric(weights[o]),
       delays = if (is.null(delays)) NULL else as.numeric(delays[o]))
}

explicit_delays <- function(delays, index, pre_size, post_size) {
  if (is.null(delays) || is_distribution(delays)) return(NULL)
  if (is.numeric(delays) && length(delays) == 1) return(rep(delays, nrow(index)))
  d <- if (methods::is(delays, "Matrix")) as.matrix(delays) else delays
  if (!is.matrix(d)) stop("`delays` must be a number, a distribution or a post x pre matrix.", call. = FALSE)
  check_dims(d, pre_size, post_size, "delays")
  d[index]
}

explicit_from_matrix <- function(weights, delays = NULL, pre_size, post_size) {
  if (!is.matrix(weights) || !is.numeric(weights)) {
    stop("`weights` must be a numeric matrix (post x pre; NA = no synapse).", call. = FALSE)
  }
  check_dims(weights, pre_size, post_size, "weights")
  index <- which(!is.na(weights), arr.ind = TRUE)
  finish_explicit(pre = index[, 2], post = index[, 1], weights = weights[index],
                  delays = explicit_delays(delays, index, pre_size, post_size))
}

explicit_from_sparse <- function(weights, delays = NULL, pre_size, post_size) {
  if (!methods::is(weights, "Matrix")) {
    stop("`weights` must be a sparse matrix of the Matrix package (post x pre).", call. = FALSE)
  }
  check_dims(weights, pre_size, post_size, "weights")
  if (methods::is(weights, "TsparseMatrix") && has_duplicate_entries(weights)) {
    stop("`weights` has the same synapse twice.", call. = FALSE)
  }
  weights <- as_dgc(weights)
  if (any(!is.finite(weights@x))) stop("`weights` must be finite numbers.", call. = FALSE)
  sparse_delays <- NULL
  if (methods::is(delays, "Matrix")) {
    check_dims(delays, pre_size, post_size, "delays")
    sparse_delays <- as_dgc(delays)
  } else if (!is.null(delays) && !is_distribution(delays) &&
             !(is.numeric(delays) && length(delays) == 1)) {
    stop("`delays` must be a number, a distribution or a post x pre sparse matrix.", call. = FALSE)
  }
  # read in place by the C++ layer (RcppEigen), ordered by post then pre
  s <- .annr_sparse_synapses(weights, sparse_delays)
  if (is.numeric(delays) && length(delays) == 1) s$delays <- rep(as.numeric(delays), length(s$pre))
  if (!is.null(s$delays) && any(!is.finite(s$delays) | s$delays < 0)) {
    stop("`delays` must be numbers >= 0 (ms).", call. = FALSE)
  }
  s
}

# A general double-precision column-compressed matrix (dgCMatrix), the layout
# the C++ layer reads in place; pattern matrices get weight 1.
as_dgc <- function(m) {
  m <- methods::as(m, "CsparseMatrix")
  m <- methods::as(m, "generalMatrix")
  if (!methods::is(m, "dMatrix")) m <- methods::as(m, "dMatrix")
  m
}

# A triplet matrix may list an entry twice (Matrix would add them up).
has_duplicate_entries <- function(m) {
  anyDuplicated(as.numeric(m@i) + as.numeric(m@j) * nrow(m)) > 0
}

explicit_from_function <- function(method, pre, post, args) {
  res <- do.call(method, c(list(pre, post), args))
  pre_size <- pre$size
  post_size <- post$size
  if (is.matrix(res)) return(explicit_from_matrix(res, NULL, pre_size, post_size))
  if (methods::is(res, "Matrix")) return(explicit_from_sparse(res, NULL, pre_size, post_size))
  if (is.data.frame(res)) {
    w <- if ("w" %in% names(res)) res$w else res$weight
    if (is.null(w) || is.null(res$pre) || is.null(res$post)) {
      stop("the connection function must return a post x pre matrix or a data frame ",
           "with columns pre, post, w (and optionally delay).", call. = FALSE)
    }
    if (any(res$pre < 1 | res$pre > pre_size | res$post < 1 | res$post > post_size)) {
      stop("the connection function returned ranks out of range.", call. = FALSE)
    }
    if (anyDuplicated(cbind(res$pre, res$post))) {
      stop("the connection function returned the same synapse twice.", call. = FALSE)
    }
    return(finish_explicit(res$pre, res$post, w, res$delay))
  }
  stop("the connection function must return a post x pre matrix, a Matrix sparse ",
       "matrix or a data frame (pre, post, w).", call. = FALSE)
}

# connect_gaussian() / connect_dog(): the connector is checked here and built
# in the C++ core (src/connectors.cpp), which visits only the pre-synaptic
# neurons near each post-synaptic one: no post x pre matrix is ever made.
# `args` holds the user's named numbers (amp/sigma or amp_pos/sigma_pos/
# amp_neg/sigma_neg, and limit), kept under those names for report().
distance_connector <- function(proj, type, args, delays, allow_self_connections) {
  for (nm in names(args)) {
    x <- args[[nm]]
    if (!is.numeric(x) || length(x) != 1 || !is.finite(x)) {
      stop("`", nm, "` must be one finite number", call. = FALSE)
    }
    if (startsWith(nm, "sigma") && x <= 0) stop("`", nm, "` must be > 0", call. = FALSE)
  }
  if (!is.null(proj$pre_ranks) || !is.null(proj$post_view_ranks)) {
    stop("distance-dependent connectors need whole populations, not views", call. = FALSE)
  }
  gpre <- proj$pre_population$geometry
  gpost <- proj$post_population$geometry
  if (length(gpre) != length(gpost)) {
    stop("connect_gaussian()/connect_dog() need populations with the same number of ",
         "dimensions (", length(gpre), " and ", length(gpost), ")", call. = FALSE)
  }
  c(list(type = type, weights = 0, delays = delays,
         allow_self_connections = check_flag(allow_self_connections, "allow_self_connections")),
    lapply(args, as.numeric))
}

# The fields of a gaussian/dog connector the core reads (R/spec.R).
distance_spec <- function(conn, proj) {
  dog <- identical(conn$type, "dog")
  list(amp = if (dog) conn$amp_pos else conn$amp,
       sigma = if (dog) conn$sigma_pos else conn$sigma,
       amp_neg = if (dog) conn$amp_neg else 0,
       sigma_neg = if (dog) conn$sigma_neg else 0,
       limit = conn$limit,
       pre_geometry = as.integer(proj$pre_population$geometry),
       post_geometry = as.integer(proj$post_population$geometry))
}
