# Sparse connectivity to and from the Matrix package: a dgCMatrix (post x
# pre) of `synapses` non-zero weights into connect_from_sparse() and
# compile() ("import"), and proj$w back out as a dgCMatrix ("export").
# Issue 12's target: 2.5 M synapses in under 0.5 s each way.
#
# In each repeat the two directions alternate with a baseline that builds
# the same network from connect_fixed_number_pre() with the same number of
# synapses: import_s - fixed_s is then what reading the matrix costs above
# building the same synapses in the core. Wall time (proc.time()).
#   Rscript bench/sparse.R [--repeats 3] [--synapses 2500000] [--neurons 5000]
source("bench/common.R")
if (!requireNamespace("Matrix", quietly = TRUE)) stop("bench/sparse.R needs the Matrix package")
a <- bench_args(extra = list(synapses = 2.5e6, neurons = 5000))
n <- as.integer(a$neurons)
per_post <- as.integer(round(a$synapses / n))

# per_post distinct presynaptic neurons for every postsynaptic one
set.seed(1)
pre_index <- as.vector(vapply(seq_len(n), function(i) sort(sample.int(n, per_post)), integer(per_post)))
w <- Matrix::sparseMatrix(i = rep(seq_len(n), each = per_post), j = pre_index,
                          x = runif(n * per_post), dims = c(n, n))
stopifnot(methods::is(w, "dgCMatrix"))

network <- function(connect) {
  clear()
  setup(dt = 1, seed = 1)
  pre <- Population(n, LeakyIntegrator)
  post <- Population(n, LeakyIntegrator)
  proj <- Projection(pre, post, "exc")
  connect(proj)
  proj
}

results <- list()
for (r in seq_len(a$repeats)) {
  invisible(gc())
  import_s <- elapsed({
    proj <- network(function(p) p$connect_from_sparse(w))
    compile()
  })
  export_s <- elapsed(back <- proj$w)
  same <- isTRUE(all.equal(back, w, check.attributes = FALSE, tolerance = 0))
  synapses <- length(back@x)
  rm(back, proj)
  invisible(gc())
  fixed_s <- elapsed({
    network(function(p) p$connect_fixed_number_pre(number = per_post, weights = 0.5))
    compile()
  })
  results[[r]] <- result_line(list(
    name = "sparse", synapses = synapses, import_s = import_s, export_s = export_s,
    fixed_number_pre_s = fixed_s, import_above_fixed_s = import_s - fixed_s,
    round_trip_identical = same, peak_rss_mb = peak_rss_mb(), load1 = load1()))
}
median_line(results)
