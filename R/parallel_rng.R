# R's own random numbers in parallel_run(): one L'Ecuyer-CMRG stream per idx.
#
# Why: the core's random numbers already derive from (master seed, idx), but
# R's runif()/rnorm() inside `method` used whatever state the R process had:
# a forked worker's, a future's, or the caller's advanced by the networks run
# before. The streams below are derived exactly as future.apply derives them
# with future.seed = TRUE (a master L'Ecuyer-CMRG seed, then for element ii
# the substream of the ii-th stream), so idx always draws the same numbers,
# whatever the backend, the number of workers or the order of the jobs, and
# they are the numbers future_lapply(seq_len(n), ..., future.seed = TRUE)
# would give element idx from the same R state.

# The .Random.seed of the caller (NULL when R's RNG was never used).
r_rng_get <- function() {
  get0(".Random.seed", envir = globalenv(), mode = "integer", inherits = FALSE)
}

# Sets (or, for NULL, removes) .Random.seed; returns the previous one.
r_rng_set <- function(seed) {
  old <- r_rng_get()
  if (is.null(seed)) {
    if (exists(".Random.seed", envir = globalenv(), inherits = FALSE)) {
      rm(".Random.seed", envir = globalenv())
    }
  } else {
    assign(".Random.seed", seed, envir = globalenv())
  }
  invisible(old)
}

# The master L'Ecuyer-CMRG seed of a sweep and the stream of every idx.
# r_seed: NULL (from R's current RNG state, which advances by one draw, as
# with future.seed = TRUE), one whole number (as set.seed(r_seed) with kind
# "L'Ecuyer-CMRG"; the caller's state is untouched) or FALSE (no streams:
# `method` uses the RNG state of wherever it runs, the old behaviour).
parallel_r_streams <- function(r_seed, n) {
  if (isFALSE(r_seed)) return(rep(list(NULL), n))
  # Never used yet: seed R's RNG the usual way (from the clock) first, so
  # that the caller keeps its own kind of generator.
  if (is.null(r_rng_get())) stats::runif(1)
  caller <- r_rng_get()
  if (is.null(r_seed)) {
    # RNGkind() seeds the new generator from one draw of the current one.
    suppressWarnings(RNGkind("L'Ecuyer-CMRG"))
    master <- r_rng_get()
    r_rng_set(caller)
    # ... and the caller's generator moves on by that one draw.
    sample.int(1L)
  } else {
    if (!is.numeric(r_seed) || length(r_seed) != 1 || !is.finite(r_seed) ||
        r_seed != round(r_seed) || abs(r_seed) > .Machine$integer.max) {
      stop("`r_seed` must be NULL (from R's RNG state, see set.seed()), ",
           "one whole number or FALSE.", call. = FALSE)
    }
    on.exit(r_rng_set(caller))
    suppressWarnings(RNGkind("L'Ecuyer-CMRG"))
    set.seed(as.integer(r_seed))
    master <- r_rng_get()
  }
  streams <- vector("list", n)
  for (i in seq_len(n)) {
    streams[[i]] <- parallel::nextRNGSubStream(master)
    master <- parallel::nextRNGStream(master)
  }
  streams
}

# Evaluates `expr` with R's RNG on `stream` (nothing changes for NULL) and
# gives the caller's state back afterwards, even on error.
with_r_stream <- function(stream, expr) {
  if (is.null(stream)) return(expr)
  caller <- r_rng_set(stream)
  on.exit(r_rng_set(caller))
  expr
}
