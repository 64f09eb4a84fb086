# Rate-coded all-to-all projection: the dense (BLAS dgemv) path against the
# sparse layout, on the same weights. N LeakyIntegrator inputs -> N
# LeakyIntegrator outputs, all-to-all, dt 1, `duration` steps. The sparse
# case is the same matrix with one synapse left out, which is enough to
# leave the dense path (so both do the same arithmetic but for one term).
#   Rscript bench/rate_coded.R [--sizes 1000,2000] [--repeats 3] [--duration 1000]
source("bench/common.R")
a <- bench_args(1000, list(sizes = "1000,2000"))
sizes <- as.numeric(strsplit(a$sizes, ",")[[1]])

run_rate <- function(n, dense, duration) {
  clear()
  setup(dt = 1, seed = 1)
  inp <- Population(n, LeakyIntegrator(tau = 10, B = 1))
  out <- Population(n, LeakyIntegrator(tau = 10))
  set.seed(1)
  W <- matrix(stats::runif(n * n, 0, 1 / n), n, n)
  if (!dense) W[1, 1] <- NA
  Projection(inp, out, "exc")$connect_from_matrix(W)
  rm(W)
  compile_s <- elapsed(compile())
  simulate_s <- elapsed(simulate(duration))
  list(compile_s = compile_s, simulate_s = simulate_s, mean_r_out = mean(out$r))
}

for (n in sizes) {
  res <- lapply(seq_len(a$repeats), function(i) {
    # alternate the two layouts so load changes hit both
    d <- run_rate(n, TRUE, a$duration)
    s <- run_rate(n, FALSE, a$duration)
    result_line(list(name = "rate_all_to_all", neurons = n, synapses = n * n,
                     dense_s = d$simulate_s, sparse_s = s$simulate_s,
                     sparse_over_dense = s$simulate_s / d$simulate_s,
                     dense_ns_per_synapse_step = 1e9 * d$simulate_s / (n * n * a$duration),
                     same_result = isTRUE(all.equal(d$mean_r_out, s$mean_r_out, tolerance = 1e-3)),
                     load1 = load1()))
  })
  median_line(res)
}

# Rate-coded learning: Oja's rule on the same all-to-all projection (N = the
# first size), 100 steps with learning on and off; ns per synapse update.
oja_run <- function(n, steps) {
  clear()
  setup(dt = 1, seed = 1)
  inp <- Population(n, LeakyIntegrator(tau = 10, B = 1))
  out <- Population(n, LeakyIntegrator(tau = 10))
  Projection(inp, out, "exc", synapse = Oja(eta = 1e-4))$connect_all_to_all(weights = Uniform(0, 1 / n))
  compile()
  on_s <- elapsed(simulate(steps))
  disable_learning()
  off_s <- elapsed(simulate(steps))
  list(on_s = on_s, off_s = off_s)
}
n <- sizes[1]
res <- lapply(seq_len(a$repeats), function(i) {
  r <- oja_run(n, 100)
  result_line(list(name = "oja_all_to_all", neurons = n, synapses = n * n, steps = 100,
                   learning_on_s = r$on_s, learning_off_s = r$off_s,
                   ns_per_synapse_update = 1e9 * (r$on_s - r$off_s) / (n * n * 100), load1 = load1()))
})
median_line(res)
