# Projections: connectors, validation, read-back after compile.

lif_model <- function() {
  Neuron(parameters = "tau = 10.0",
         equations = "tau * dv/dt = -v + g_exc",
         spike = "v > 1.0", reset = "v = 0.0", name = "LIF")
}

test_that("fixed_probability read-back: dgCMatrix, nb_synapses, synapses()", {
  clear()
  setup(seed = 1)
  pre <- PoissonPopulation(100, rates = 10)
  post <- Population(80, lif_model)
  proj <- Projection(pre, post, "exc", name = "p")
  expect_invisible(proj$connect_fixed_probability(probability = 0.2,
                                                   weights = 5))
  expect_error(proj$nb_synapses, "not compiled")
  expect_error(proj$w, "not compiled")
  compile()
  n <- proj$nb_synapses
  expect_gt(n, 0.2 * 8000 - 4 * sqrt(8000 * 0.16))
  expect_lt(n, 0.2 * 8000 + 4 * sqrt(8000 * 0.16))
  w <- proj$w
  expect_s4_class(w, "dgCMatrix")
  expect_equal(dim(w), c(80L, 100L))
  expect_equal(length(w@x), n)
  expect_true(all(w@x == 5))
  s <- proj$synapses()
  expect_equal(names(s), c("pre", "post", "w", "delay"))
  expect_equal(nrow(s), n)
  expect_true(all(s$pre >= 1 & s$pre <= 100 & s$post >= 1 & s$post <= 80))
  expect_false(is.unsorted(s$post))
  expect_equal(dim(proj$connectivity_matrix()), c(80L, 100L))
  proj$w <- 2
  expect_true(all(proj$synapses()$w == 2))
  proj$w <- seq_len(n)
  expect_equal(proj$synapses()$w, as.numeric(seq_len(n)))
  expect_error(proj$w <- 1:2, "one per synapse")
})

test_that("all_to_all, one_to_one and the pipe-friendly functions", {
  clear()
  a <- Population(10, lif_model)
  b <- Population(10, lif_model)
  p1 <- Projection(a, b, "exc") |> connect_all_to_all(weights = 1)
  expect_s3_class(p1, "annr_projection")
  p2 <- connect_one_to_one(Projection(a, b, "exc"), weights = 0.5, delays = 2)
  p3 <- Projection(a, a, "exc")
  p3$connect_all_to_all(weights = 1)
  p4 <- Projection(a[1:5], b[6:10], "exc")
  connect_fixed_number_pre(p4, number = 2, weights = 1)
  compile()
  expect_equal(p1$nb_synapses, 100)
  expect_equal(p2$nb_synapses, 10)
  expect_true(all(p2$synapses()$delay == 2))
  expect_equal(p2$synapses()$pre, 1:10)
  expect_equal(p3$nb_synapses, 90)  # no self-connections by default
  expect_equal(p4$nb_synapses, 10)
  expect_equal(dim(p4$w), c(5L, 5L))
})

test_that("connector arguments are validated", {
  clear()
  a <- Population(10, lif_model)
  b <- Population(5, lif_model)
  pr <- Projection(a, b, "exc")
  expect_error(pr$connect_fixed_probability(probability = 1.5, weights = 1),
               "probability")
  expect_error(pr$connect_fixed_probability(probability = 0.1, weights = Inf),
               "weights")
  expect_error(pr$connect_all_to_all(weights = 1, delays = -1), "delays")
  expect_error(pr$connect_fixed_number_pre(number = 11, weights = 1),
               "number")
  expect_error(pr$connect_one_to_one(weights = 1), "same size")
  expect_error(connect_all_to_all("x", weights = 1), "Projection")
  expect_error(Projection(a, "b", "exc"), "post")
  expect_error(Projection(a, b, "1x"), "target")
  pr$connect_all_to_all(weights = 1)
  expect_error(pr$connect_all_to_all(weights = 1), "already connected")
  expect_error(Projection(a, b, "exc")$connect_all_to_all(weights = 1)
               |> invisible(), NA)
  expect_error(compile(), NA)
})

test_that("random weights are drawn per synapse in the core", {
  skip_if_not(exists("Uniform", mode = "function"))
  clear()
  a <- Population(20, lif_model)
  b <- Population(20, lif_model)
  pr <- Projection(a, b, "exc")
  pr$connect_all_to_all(weights = Uniform(0, 1))
  compile()
  w <- pr$synapses()$w
  expect_true(all(w >= 0 & w <= 1))
  expect_gt(length(unique(w)), 300)
})

test_that("connect_from_matrix gives the matrix back", {
  clear()
  a <- Population(3, lif_model)
  b <- Population(2, lif_model)
  m <- matrix(c(1, NA, 2, 3, NA, 4), nrow = 2)  # post x pre
  pr <- Projection(a, b, "exc")
  pr$connect_from_matrix(m)
  compile()
  expect_equal(pr$nb_synapses, 4)
  back <- as.matrix(pr$w)
  expect_equal(back[!is.na(m)], m[!is.na(m)])
})

test_that("connect_from_sparse takes Matrix sparse matrices and gives them back", {
  clear()
  setup(dt = 0.5, seed = 1)
  a <- Population(4, lif_model)
  b <- Population(3, lif_model)
  # post x pre; the stored 0 at (3, 4) is a synapse of weight 0
  w <- Matrix::sparseMatrix(i = c(1, 3, 2, 1, 3), j = c(1, 1, 2, 4, 4), x = c(0.1, 0.2, 0.3, 0.4, 0),
                            dims = c(3, 4))
  d <- Matrix::sparseMatrix(i = c(1, 3, 2, 1), j = c(1, 1, 2, 4), x = c(1, 2, 3.5, 4), dims = c(3, 4))
  p1 <- Projection(a, b, "exc")
  p1$connect_from_sparse(w, delays = d)
  p2 <- Projection(a, b, "exc")
  p2$connect_from_sparse(methods::as(w, "TsparseMatrix"), delays = 1.5)
  # a pattern matrix: every entry is a synapse of weight 1; a symmetric one is expanded
  p3 <- Projection(a[1:3], b, "exc")
  p3$connect_from_sparse(Matrix::sparseMatrix(i = c(1, 2), j = c(2, 3), dims = c(3, 3)))
  p4 <- Projection(a[1:3], b, "exc")
  p4$connect_from_sparse(Matrix::forceSymmetric(Matrix::sparseMatrix(i = 1, j = 3, x = 0.7, dims = c(3, 3))))
  p5 <- Projection(a, b, "exc")
  p5$connect_from_sparse(w, delays = Uniform(1, 10))
  compile()
  expect_s4_class(p1$w, "dgCMatrix")
  expect_equal(p1$nb_synapses, 5)
  expect_equal(as.matrix(p1$w), as.matrix(w))
  s <- p1$synapses()
  expect_equal(s$pre, c(1, 4, 2, 1, 4))       # ordered by post, then pre
  expect_equal(s$post, c(1, 1, 2, 3, 3))
  expect_equal(s$w, c(0.1, 0.4, 0.3, 0.2, 0))
  # (3, 4) has no delay entry: 0 ms, which spikes take as the minimum, one step
  expect_equal(s$delay, c(1, 4, 3.5, 2, 0.5))
  expect_equal(as.matrix(p1$delay)[cbind(s$post, s$pre)], s$delay)
  expect_equal(p2$synapses()$delay, rep(1.5, 5))
  expect_equal(as.matrix(p3$w), matrix(c(0, 0, 0, 1, 0, 0, 0, 1, 0), 3, 3))
  expect_equal(p4$synapses()[, c("pre", "post", "w")], data.frame(pre = c(3, 1), post = c(1, 3), w = 0.7))
  dl <- p5$synapses()$delay
  expect_true(all(dl >= 1 & dl <= 10) && length(unique(dl)) > 1)   # drawn per synapse
  clear()
  a <- Population(4, lif_model)
  b <- Population(3, lif_model)
  pr <- Projection(a, b, "exc")
  twice <- Matrix::sparseMatrix(i = c(1, 1), j = c(2, 2), x = c(1, 2), dims = c(3, 4), repr = "T")
  expect_error(pr$connect_from_sparse(twice), "the same synapse twice")
  expect_error(pr$connect_from_sparse(matrix(1, 3, 4)), "sparse matrix of the Matrix package")
  expect_error(pr$connect_from_sparse(Matrix::Matrix(0, 4, 3, sparse = TRUE)), "post x pre matrix of 3 x 4")
  expect_error(pr$connect_from_sparse(w, delays = -w), "delays.*>= 0")
  expect_error(pr$connect_from_sparse(w, delays = Matrix::Matrix(1, 2, 2, sparse = TRUE)), "3 x 4")
  expect_error(pr$connect_from_sparse(w, delays = "a"), "`delays` must be a number")
  inf <- w
  inf@x[1] <- Inf
  expect_error(pr$connect_from_sparse(inf), "finite")
})

test_that("distribution delays of explicit connectivity are drawn per synapse", {
  clear()
  setup(dt = 0.1, seed = 2)
  a <- Population(20, lif_model)
  b <- Population(10, lif_model)
  pr <- Projection(a, b, "exc")
  pr$connect_from_matrix(matrix(1, 10, 20), delays = Uniform(1, 5))
  compile()
  d <- pr$synapses()$delay
  expect_true(all(d >= 1 & d <= 5))
  expect_equal(mean(d), 3, tolerance = 0.05)   # 200 draws: sd of the mean ~0.08
})

test_that("connect_gaussian and connect_dog follow the normalised distance", {
  clear()
  setup(dt = 1, seed = 1)
  a <- Population(c(5, 5), LeakyIntegrator())
  b <- Population(c(5, 5), LeakyIntegrator())
  g <- Projection(a, b, "exc")
  g$connect_gaussian(amp = 1, sigma = 0.2, limit = 0.01)
  d <- Projection(a, b, "inh")
  d$connect_dog(amp_pos = 1, sigma_pos = 0.1, amp_neg = 0.5, sigma_neg = 0.3)
  compile()
  s <- g$synapses()
  # neuron 1 is at (0, 0), neuron 7 at (0.25, 0.25), neuron 25 at (1, 1)
  w17 <- s$w[s$post == 1 & s$pre == 7]
  expect_equal(w17, exp(-(0.25^2 + 0.25^2) / (2 * 0.2^2)), tolerance = 1e-12)
  expect_false(any(s$post == 1 & s$pre == 25))   # below the limit
  expect_equal(s$w[s$post == 13 & s$pre == 13], 1)
  sd <- d$synapses()
  expect_equal(sd$w[sd$post == 13 & sd$pre == 13], 0.5)
  clear()
  a <- Population(c(5, 5), LeakyIntegrator())
  expect_error(Projection(a[1:3], a, "exc")$connect_gaussian(1, 0.1), "whole populations")
  clear()
})

test_that("global reductions are available in equations", {
  clear()
  setup(dt = 1, seed = 1)
  pop <- Population(4, Neuron(parameters = "B = 0", equations = "r = B\nm = max(r)\nav = mean(r)"))
  pop$B <- c(1, 2, 3, 6)
  mon <- Monitor(pop, c("m", "av"))
  compile()
  simulate(2)
  d <- mon$get()
  expect_equal(as.numeric(d$m[, 1]), c(0, 6))
  expect_equal(as.numeric(d$av[, 1]), c(0, 3))
})

test_that("save_connectivity and connect_from_file round-trip the synapses", {
  clear()
  setup(dt = 0.5, seed = 3)
  a <- PoissonPopulation(20, rates = 10)
  b <- Population(10, IF_cond_exp())
  p <- Projection(a, b, "exc")
  p$connect_fixed_probability(probability = 0.3, weights = Uniform(0, 1), delays = Uniform(1, 3))
  compile()
  f <- tempfile(fileext = ".rds")
  p$save_connectivity(f)
  saved <- p$synapses()
  clear()
  setup(dt = 0.5, seed = 99)
  a <- PoissonPopulation(20, rates = 10)
  b <- Population(10, IF_cond_exp())
  q <- Projection(a, b, "exc")
  q$connect_from_file(f)
  compile()
  expect_equal(q$synapses(), saved)
  clear()
  a2 <- PoissonPopulation(20, rates = 10)
  c <- Population(5, IF_cond_exp())
  expect_error(Projection(a2, c, "exc")$connect_from_file(f), "holds a 10 x 20 connectivity")
  clear()
})
