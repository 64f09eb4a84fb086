# The seed network: 100 Poisson (10 Hz) -> 100 Izhikevich, fixed_probability
# 0.2, weights 5, dt 1 ms, 1000 ms (~200 spikes). Per repeat: one RESULT line
# for the default network, then one for 3 x (Network(everything = TRUE) +
# compile()).
#   Rscript bench/seed.R [--repeats 3] [--duration 1000]
source("bench/common.R")
a <- bench_args(duration = 1000)
build_seed <- function() {
  pop1 <- PoissonPopulation(100, rates = 10)
  pop2 <- Population(100, Izhikevich)
  proj <- Projection(pop1, pop2, "exc")
  proj$connect_fixed_probability(probability = 0.2, weights = 5)
  m <- Monitor(pop2, "spike")
  list(pop = pop2, monitor = m, neurons = 100)
}
res <- list(); res3 <- list()
for (i in seq_len(a$repeats)) {
  res[[i]] <- run_once("seed", build_seed, a$duration, dt = 1, seed = i)
  # default network is defined and compiled: copy it three times and compile each
  t3 <- elapsed(for (k in 1:3) {
    n <- Network(everything = TRUE)
    n$compile()
  })
  res3[[i]] <- result_line(list(name = "seed_3_copies_compile", neurons = 100,
                                compile_s = t3, peak_rss_mb = peak_rss_mb()))
}
median_line(res)
median_line(res3)
