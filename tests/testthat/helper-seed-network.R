# The seed document's network (Poisson inputs onto Izhikevich neurons), for
# the tests of parallel_run()'s backends; `n` neurons per population.
seed_network <- function(seed = 42, n = 100) {
  clear()
  annr::setup(dt = 1, seed = seed)
  pop1 <- PoissonPopulation(n, rates = 10)
  pop2 <- Population(n, Izhikevich)
  proj <- Projection(pop1, pop2, "exc")
  proj$connect_fixed_probability(weights = 5, probability = 0.2)
  m <- Monitor(pop2, "spike")
  list(pop1 = pop1, pop2 = pop2, proj = proj, m = m)
}
