#' annr: rate-coded and spiking neural networks with ANNarchy's semantics
#'
#' Define neuron models in ANNarchy's equation language ([Neuron()]), build
#' populations ([Population()], [PoissonPopulation()], [SpikeSourceArray()]),
#' connect them ([Projection()]), record them ([Monitor()]), then [compile()]
#' and simulate (`simulate(1000)`). The network is compiled into a C++ object
#' at run time without needing a compiler. [Network()] makes independent
#' copies of a network.
#'
#' @keywords internal
#' @useDynLib annr, .registration = TRUE
#' @importFrom Rcpp sourceCpp
#' @importFrom R6 R6Class
#' @importFrom stats simulate runif
#' @importFrom methods is
"_PACKAGE"

# Session-wide state: the id counter shared by every definition object (ids
# are unique in the session and shared by an object and its copies) and the
# default network that top-level objects belong to.
.annr_state <- new.env(parent = emptyenv())
.annr_state$next_id <- 0L
.annr_state$default_network <- NULL

# Matrix is loaded only where a sparse matrix is made (proj$w, proj$delay,
# dendrite values): loading it with annr costs about 2 s and 150 MB, in every
# session and in every forked worker of a sweep (bench/startup.R). Matrix
# objects passed in by the user have loaded it already.
need_matrix <- function() {
  if (!isNamespaceLoaded("Matrix") && !requireNamespace("Matrix", quietly = TRUE)) {
    stop("sparse matrices need the 'Matrix' package: install.packages(\"Matrix\")", call. = FALSE)
  }
  invisible(TRUE)
}

next_object_id <- function() {
  .annr_state$next_id <- .annr_state$next_id + 1L
  .annr_state$next_id
}
