# parallel_run(backend = "threads") against "sequential" and "fork": wall time
# of the whole call (copies, compile, the R phases of the method, simulate,
# results), for two sweeps:
#  * seed: the seed network's simulation() of demo/seed_network.R, unchanged
#    (100 Poisson -> 100 Izhikevich, dt 1 ms, 1000 ms), on `copies` copies;
#  * coba: `copies` copies of COBA 4000 (dt 0.1 ms, `duration` ms), the method
#    sets an input rate, simulates, and counts the spikes.
# In each repeat the three backends run in turn, in an order that rotates
# from one repeat to the next (the machine is shared: a slow spell then hits
# every backend). Each repeat prints one RESULT line per sweep with the three
# times and the ratios sequential / threads and fork / threads (> 1: threads
# is faster), and whether the three backends gave identical results.
#   Rscript bench/parallel_threads.R [--repeats 3] [--duration 1000] [--copies 8] [--workers 2]
source("bench/common.R")
a <- bench_args(duration = 1000, extra = list(copies = 8, workers = 2))
a$repeats <- max(1L, a$repeats)
backends <- c("sequential", "fork", "threads")

sweep <- function(name, define, method, r) {
  define()
  order <- backends[(seq_along(backends) + r - 2) %% length(backends) + 1]
  times <- list()
  values <- list()
  for (b in order) {
    set.seed(r)
    times[[b]] <- elapsed(values[[b]] <- parallel_run(method, number = a$copies, backend = b,
                                                      max_processes = a$workers))
    invisible(gc())
  }
  result_line(list(
    name = name, copies = a$copies, workers = a$workers, order = paste(order, collapse = ","),
    sequential_s = times$sequential, fork_s = times$fork, threads_s = times$threads,
    threads_vs_sequential = times$sequential / times$threads,
    threads_vs_fork = times$fork / times$threads,
    identical = identical(values$threads, values$sequential) &&
      identical(values$threads, values$fork),
    load1 = load1()))
}

seed_res <- list()
coba_res <- list()
for (r in seq_len(a$repeats)) {
  seed_res[[r]] <- sweep("parallel_threads/seed", function() {
    clear()
    setup(dt = 1, seed = 42)
    pop1 <<- PoissonPopulation(100, rates = 10)
    pop2 <- Population(100, Izhikevich)
    proj <- Projection(pop1, pop2, "exc")
    proj$connect_fixed_probability(weights = 5, probability = 0.2)
    m <<- Monitor(pop2, "spike")
    compile()
  }, function(idx, net) {
    net[[pop1]]$rates <- 10 * (idx - 1)
    net$simulate(1000)
    net[[m]]$get("spike")
  }, r)
  coba_res[[r]] <- sweep("parallel_threads/coba", function() {
    clear()
    setup(dt = 0.1, seed = r)
    net0 <- build_coba(4000)
    coba_mon <<- net0$monitor
    compile()
  }, function(idx, net) {
    net$simulate(a$duration)
    nrow(net[[coba_mon]]$raster_plot())
  }, r)
}
if (a$repeats > 1) {
  median_line(seed_res)
  median_line(coba_res)
}
