# ANNarchy 4.7.3 tests/Neuron/test_Population.py: reading and writing
# attributes of 1-D, 2-D, 3-D and (3, 2) populations, views, coordinates.
# ANNarchy returns arrays shaped like the geometry; here values are compared
# in rank order (row-major, ann_by_rank()). Ranks and coordinates are
# 1-based: ANNarchy's neuron(1) is pop[2], its slice [1:3] is 2:3, its
# coordinates (0, 2) are c(1, 3).

pop_neuron <- function() Neuron(parameters = "tau = 10", equations = "r += t/tau")
pop_neuron2 <- function() Neuron(parameters = "tau = 10: population", equations = "r += t/tau : init = 1.0")

population_net <- function(geometry) {
  ann_fresh()
  pop1 <- Population(geometry, pop_neuron())
  pop2 <- Population(geometry, pop_neuron2())
  compile()
  list(pop1 = pop1, pop2 = pop2, n = prod(geometry))
}

# One ANNarchy class per geometry: its coordinate cases (0-based rank,
# 0-based coordinates) and the view it writes through, with the ranks
# (1-based) that view selects.
population_cases <- list(
  "1D" = list(geometry = 3, coords = list(list(1, 1)),
              view = function(p) p[2:3], view_ranks = 2:3,
              neuron_tau = 2, neuron_r = 1),
  "2D" = list(geometry = c(3, 3), coords = list(list(2, c(0, 2)), list(6, c(2, 0))),
              view = function(p) p[2:3, 2], view_ranks = c(5, 8),
              neuron_tau = 2, neuron_r = 1),
  "3D" = list(geometry = c(3, 3, 3),
              coords = list(list(2, c(0, 0, 2)), list(6, c(0, 2, 0)), list(18, c(2, 0, 0))),
              view = function(p) p[1:3, 2, 2:3], view_ranks = c(5, 6, 14, 15, 23, 24),
              neuron_tau = 2, neuron_r = 19),
  "2x3D" = list(geometry = c(3, 2), coords = list(list(2, c(1, 0)), list(5, c(2, 1))),
                view = function(p) p[1:2, 2], view_ranks = c(2, 4),
                neuron_tau = 2, neuron_r = 1)
)

coord_skip <- "rank_from_coordinates()/coordinates_from_rank() (1-based, ANNarchy's row-major order)"
view_skip <- "views by coordinates on 2-D and 3-D geometries (pop[2:3, 2] selects the wrong neurons)"
set_list_skip <- "pop$set(list(name = value)) and pop$get(name)"
listing_skip <- "pop$parameters and pop$variables"

for (cls in names(population_cases)) local({
  case <- population_cases[[cls]]
  multi <- length(case$geometry) > 1
  name <- function(m) paste0("test_Population", cls, ": ", m)
  n <- prod(case$geometry)

  test_that(name("test_coordinates_from_rank"), {
    p <- population_net(case$geometry)
    for (cc in case$coords) expect_equal(coordinates_from_rank(p$pop1, cc[[1]] + 1), cc[[2]] + 1)
  })
  test_that(name("test_rank_from_coordinates"), {
    p <- population_net(case$geometry)
    for (cc in case$coords) expect_equal(rank_from_coordinates(p$pop1, cc[[2]] + 1), cc[[1]] + 1)
  })
  test_that(name("test_get_tau"), {
    p <- population_net(case$geometry)
    expect_equal(ann_by_rank(p$pop1$tau), rep(10, n))
  })
  test_that(name("test_get_tau2"), {
    p <- population_net(case$geometry)
    expect_equal(ann_by_rank(p$pop1$get("tau")), rep(10, n))
  })
  test_that(name("test_get_neuron_tau"), {
    p <- population_net(case$geometry)
    expect_equal(p$pop1[case$neuron_tau]$tau, 10)
  })
  test_that(name("test_set_tau"), {
    p <- population_net(case$geometry)
    p$pop1$tau <- 5.0
    expect_equal(ann_by_rank(p$pop1$tau), rep(5, n))
  })
  test_that(name("test_set_tau_2"), {
    p <- population_net(case$geometry)
    value <- if (cls == "1D") 7 else 5
    p$pop1$set(list(tau = value))
    expect_equal(ann_by_rank(p$pop1$tau), rep(value, n))
  })
  if (cls == "1D") test_that(name("test_set_neuron_tau"), {
    p <- population_net(case$geometry)
    v <- p$pop1[2]
    v$tau <- 20
    expect_equal(p$pop1[2]$tau, 20)
  })
  test_that(name("test_set_tau_popview"), {
    p <- population_net(case$geometry)
    v <- case$view(p$pop1)
    v$tau <- 5.0
    expect_equal(ann_by_rank(p$pop1$tau), replace(rep(10, n), case$view_ranks, 5))
  })
  test_that(name("test_get_tau_population"), {
    p <- population_net(case$geometry)
    expect_equal(p$pop2$tau, 10.0)
  })
  test_that(name("test_popattributes"), {
    p <- population_net(case$geometry)
    expect_equal(p$pop1$attributes, c("tau", "r"))
    expect_equal(p$pop1$parameters, "tau")
    expect_equal(p$pop1$variables, "r")
  })
  test_that(name("test_get_r"), {
    p <- population_net(case$geometry)
    expect_equal(ann_by_rank(p$pop1$r), rep(0, n))
  })
  test_that(name("test_get_r2"), {
    p <- population_net(case$geometry)
    expect_equal(ann_by_rank(p$pop1$get("r")), rep(0, n))
  })
  test_that(name("test_get_neuron_r"), {
    p <- population_net(case$geometry)
    expect_equal(p$pop1[case$neuron_r]$r, 0)
  })
  test_that(name("test_get_r_with_init"), {
    p <- population_net(case$geometry)
    expect_equal(ann_by_rank(p$pop2$r), rep(1, n))
  })
  test_that(name("test_set_r"), {
    p <- population_net(case$geometry)
    p$pop1$r <- 1.0
    expect_equal(ann_by_rank(p$pop1$r), rep(1, n))
  })
  test_that(name("test_set_r_2"), {
    p <- population_net(case$geometry)
    v <- case$view(p$pop1)
    v$r <- 2.0
    expect_equal(ann_by_rank(p$pop1$r), replace(rep(0, n), case$view_ranks, 2))
  })
  test_that(name("test_set_r_uniform"), {
    p <- population_net(case$geometry)
    p$pop1$r <- Uniform(0.0, 1.0)
    r <- if (multi) do.call(`[`, c(list(p$pop1), lapply(case$geometry, seq_len)))$r else p$pop1$r
    expect_true(any(r >= 0) && all(r <= 1))
  })
  test_that(name("test_set_r3"), {
    p <- population_net(case$geometry)
    p$pop1$set(list(r = 1.0))
    expect_equal(ann_by_rank(p$pop1$r), rep(1, n))
  })
  test_that(name("test_reset"), {
    p <- population_net(case$geometry)
    p$pop1$tau <- 5.0
    expect_equal(ann_by_rank(p$pop1$tau), rep(5, n))
    reset()
    expect_equal(ann_by_rank(p$pop1$tau), rep(10, n))
  })
})
