# Sweep: 8 copies of COBA (4000 neurons, dt 0.1, 1000 ms each).
#  * parallel_run(backend = "sequential") vs parallel_run(backend = "fork",
#    max_processes = 2): wall time of the whole call (copy + compile +
#    simulate + raster per copy);
#  * 8 compiled Network(everything = TRUE) copies simulated one after the
#    other (for (n in nets) n$simulate()) vs parallel_simulate(nets, threads = 2)
#    on fresh compiled copies: simulate time only.
# Speedup = sequential time / parallel time (= throughput ratio).
#   Rscript bench/sweep.R [--repeats 1] [--duration 1000] [--copies 8] [--workers 2]
source("bench/common.R")
a <- bench_args(duration = 1000, extra = list(copies = 8, workers = 2))
a$repeats <- max(1L, a$repeats)
res <- list()
for (r in seq_len(a$repeats)) {
  clear()
  setup(dt = 0.1, seed = r)
  net0 <- build_coba(4000)
  m <- net0$monitor
  compile()
  f <- function(idx, net) {
    net$simulate(a$duration)
    nrow(net[[m]]$raster_plot())
  }
  seq_s <- elapsed(sp_seq <- parallel_run(method = f, number = a$copies, backend = "sequential"))
  fork_s <- elapsed(sp_fork <- parallel_run(method = f, number = a$copies, backend = "fork",
                                            max_processes = a$workers))
  same <- identical(unlist(sp_seq), unlist(sp_fork))
  copies <- function() lapply(seq_len(a$copies), function(i) {
    n <- Network(everything = TRUE, seed = 1000 * r + i)  # same seeds in both sets
    n$compile()
    n
  })
  nets <- copies()
  loop_s <- elapsed(for (n in nets) n$simulate(a$duration))
  sp_loop <- vapply(nets, function(n) nrow(n[[m]]$raster_plot()), 0)
  rm(nets); invisible(gc())
  nets <- copies()
  thr_s <- elapsed(parallel_simulate(nets, a$duration, threads = a$workers))
  sp_thr <- vapply(nets, function(n) nrow(n[[m]]$raster_plot()), 0)
  rm(nets); invisible(gc())
  res[[r]] <- result_line(list(
    name = "sweep", neurons = 4000, copies = a$copies, workers = a$workers,
    duration_ms = a$duration,
    run_sequential_s = seq_s, run_fork_s = fork_s, fork_speedup = seq_s / fork_s,
    fork_same_spikes = same,
    simulate_loop_s = loop_s, simulate_threads_s = thr_s, threads_speedup = loop_s / thr_s,
    threads_same_spikes = identical(sp_loop, sp_thr),
    spikes_per_copy = stats::median(unlist(sp_seq)),
    mean_rate_hz = stats::median(unlist(sp_seq)) / 4000 / (a$duration / 1000),
    peak_rss_mb = peak_rss_mb(), load1 = load1()))
}
if (a$repeats > 1) median_line(res)
