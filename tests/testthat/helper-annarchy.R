# Helpers for the translation of ANNarchy 4.7.3's own unit tests
# (tests/testthat/test-annarchy-*.R). Each ANNarchy test method is one
# test_that() named "<ANNarchy class>: <method>"; the expected values are
# ANNarchy's own, with ranks made 1-based.

# A fresh default network, as ANNarchy's clear() + a new Network.
ann_fresh <- function(dt = 1, seed = NULL) {
  clear()
  annr::setup(dt = dt, seed = seed)
  invisible(NULL)
}

# A recorded variable as a plain (time x neuron) matrix, like ANNarchy's
# Monitor.get(name) for a population.
ann_rec <- function(mon, name) {
  m <- mon$get(name)
  m <- unname(m)
  attr(m, "times") <- NULL
  m
}

# Skips, with the reasons of the suite (each skip names its reason).
skip_no_meaning <- function(what) skip(paste("no meaning in annr:", what))
skip_later <- function(what) skip(paste("later issue:", what))

# Values of a population attribute in rank order (row-major, as ANNarchy
# flattens its arrays), whether annr returns a plain vector or an array
# shaped like the geometry (x[i, j] = the neuron at coordinates (i, j)).
ann_by_rank <- function(x) {
  d <- dim(x)
  if (is.null(d) || length(d) < 2) return(as.numeric(x))
  as.numeric(aperm(x, rev(seq_along(d))))
}

# ANNarchy's pop.sum(target) after a simulation: the weighted sum received in
# the last step. Read here from a Monitor of "sum(target)" made before
# compile() (its last recorded row).
ann_last <- function(mon, name) {
  m <- mon$get(name, keep = TRUE)
  as.numeric(m[nrow(m), ])
}
