# connect_gaussian() / connect_dog() are built in the C++ core
# (src/connectors.cpp). They must give what the dense R implementation gave
# before the move (reference_distance_weights() below, its code kept here),
# ANNarchy's synapses, and work where a dense post x pre matrix cannot.

# The R implementation annr used before the connectors moved to the core:
# post x pre weights, NA where there is no synapse.
reference_distance_weights <- function(gpre, gpost, profile, threshold, same, allow_self) {
  coords <- function(geometry) {
    idx <- as.matrix(rev(expand.grid(lapply(rev(geometry), function(g) seq_len(g) - 1))))
    sweep(idx, 2, pmax(geometry - 1, 1), "/") + outer(rep(1, nrow(idx)), ifelse(geometry > 1, 0, 0.5))
  }
  cpre <- coords(gpre)
  cpost <- coords(gpost)
  d2 <- Reduce(`+`, lapply(seq_along(gpre), function(k) outer(cpost[, k], cpre[, k], "-")^2))
  w <- profile(d2)
  w[abs(w) <= threshold] <- NA
  if (!allow_self && same) diag(w) <- NA
  w
}

reference_synapses <- function(w) {
  idx <- which(!is.na(w), arr.ind = TRUE)
  o <- order(idx[, 1], idx[, 2])
  data.frame(pre = idx[o, 2], post = idx[o, 1], w = w[idx[o, , drop = FALSE]])
}

test_that("connect_gaussian() and connect_dog() give the synapses of the former dense R code", {
  cases <- list(
    list(type = "gaussian", gpre = c(5, 5), gpost = c(5, 5), same = FALSE, amp = 1, sigma = 0.2, limit = 0.01),
    list(type = "gaussian", gpre = c(5, 5), gpost = c(5, 5), same = TRUE, amp = 1, sigma = 0.2, limit = 0.01),
    list(type = "gaussian", gpre = c(6, 6), gpost = c(6, 6), same = TRUE, amp = 2, sigma = 0.3,
         limit = 0.05, allow_self = TRUE),
    list(type = "gaussian", gpre = 17, gpost = 9, same = FALSE, amp = -2.5, sigma = 0.07, limit = 0.05),
    list(type = "gaussian", gpre = c(4, 1, 6), gpost = c(3, 5, 2), same = FALSE, amp = 0.7,
         sigma = 0.25, limit = 0.001),
    list(type = "gaussian", gpre = c(30, 20), gpost = c(10, 40), same = FALSE, amp = 3, sigma = 0.02,
         limit = 0.01),
    list(type = "dog", gpre = c(5, 5), gpost = c(5, 5), same = FALSE, amp_pos = 1, sigma_pos = 0.1,
         amp_neg = 0.5, sigma_neg = 0.3, limit = 0.01),
    list(type = "dog", gpre = c(12, 7), gpost = c(12, 7), same = TRUE, amp_pos = 2, sigma_pos = 0.15,
         amp_neg = 1, sigma_neg = 0.4, limit = 0.02),
    list(type = "dog", gpre = 20, gpost = 20, same = TRUE, amp_pos = 1, sigma_pos = 0.3,
         amp_neg = 1.2, sigma_neg = 0.05, limit = 0.01, allow_self = TRUE)
  )
  for (k in cases) {
    clear()
    annr::setup(dt = 1, seed = 3)
    a <- Population(k$gpre, LeakyIntegrator())
    b <- if (k$same) a else Population(k$gpost, LeakyIntegrator())
    p <- Projection(a, b, "exc")
    allow_self <- isTRUE(k$allow_self)
    if (k$type == "gaussian") {
      connect_gaussian(p, amp = k$amp, sigma = k$sigma, limit = k$limit, allow_self_connections = allow_self)
      profile <- function(d2) k$amp * exp(-d2 / (2 * k$sigma^2))
      threshold <- abs(k$amp) * k$limit
    } else {
      connect_dog(p, amp_pos = k$amp_pos, sigma_pos = k$sigma_pos, amp_neg = k$amp_neg,
                  sigma_neg = k$sigma_neg, limit = k$limit, allow_self_connections = allow_self)
      profile <- function(d2) {
        k$amp_pos * exp(-d2 / (2 * k$sigma_pos^2)) - k$amp_neg * exp(-d2 / (2 * k$sigma_neg^2))
      }
      threshold <- abs(k$amp_pos - k$amp_neg) * k$limit
    }
    compile()
    want <- reference_synapses(reference_distance_weights(k$gpre, b$geometry, profile, threshold,
                                                          k$same, allow_self))
    got <- p$synapses()
    expect_identical(got$pre, as.integer(want$pre))
    expect_identical(got$post, as.integer(want$post))
    expect_identical(got$w, want$w)   # the same formula, bit for bit
    expect_true(all(got$delay == 1))   # delays = 0 means one step (dt = 1), as before
  }
  clear()
})

test_that("connect_gaussian() and connect_dog() match ANNarchy 4.7.3", {
  # ANNarchy 4.7.3, dt = 1, neurons "r = sum(exc)": a = Population((5,5)),
  # b = Population((5,5)), c = Population(7), d = Population((4,6));
  # g = a -> b connect_gaussian(amp=1, sigma=0.2, limit=0.01);
  # dog = a -> b connect_dog(amp_pos=1, sigma_pos=0.1, amp_neg=0.5, sigma_neg=0.3);
  # gs = a -> a connect_gaussian(amp=2, sigma=0.3, limit=0.05);
  # g1 = c -> c connect_gaussian(amp=1.5, sigma=0.25, limit=0.1, allow_self_connections=True);
  # dd = d -> d connect_dog(amp_pos=2, sigma_pos=0.15, amp_neg=1, sigma_neg=0.4, limit=0.02).
  # Printed: nb_synapses and dendrite(post).pre_ranks / .w (ranks + 1 here).
  # ANNarchy computes distances and weights in single precision: 2e-6.
  annarchy <- list(
  g = list(n = 325, dendrites = list(
    list(post = 1, pre = c(1, 2, 3, 6, 7, 8, 11, 12),
         w = c(1, 0.45783338, 0.0439369418, 0.45783338, 0.209611416, 0.0201158002, 0.0439369418, 0.0201158002)),
    list(post = 8, pre = c(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 17, 18, 19),
         w = c(0.0201158002, 0.209611416, 0.45783338, 0.209611416, 0.0201158002, 0.0439369418, 0.45783338, 1, 0.45783338, 0.0439369418, 0.0201158002, 0.209611416, 0.45783338, 0.209611416, 0.0201158002, 0.0201158002, 0.0439369418, 0.0201158002)),
    list(post = 13, pre = c(2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 22, 23, 24),
         w = c(0.0201158002, 0.0439369418, 0.0201158002, 0.0201158002, 0.209611416, 0.45783338, 0.209611416, 0.0201158002, 0.0439369418, 0.45783338, 1, 0.45783338, 0.0439369418, 0.0201158002, 0.209611416, 0.45783338, 0.209611416, 0.0201158002, 0.0201158002, 0.0439369418, 0.0201158002)))),
  dog = list(n = 513, dendrites = list(
    list(post = 1, pre = c(1, 2, 3, 4, 6, 7, 8, 9, 11, 12, 13, 14, 16, 17, 18),
         w = c(0.5, -0.309387207, -0.124672383, -0.021968469, -0.309387207, -0.247745439, -0.088101998, -0.0155239813, -0.124672383, -0.088101998, -0.0310882647, -0.00547788665, -0.021968469, -0.0155239813, -0.00547788665)),
    list(post = 8, pre = c(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25),
         w = c(-0.088101998, -0.247745439, -0.309387207, -0.247745439, -0.088101998, -0.124672383, -0.309387207, 0.5, -0.309387207, -0.124672383, -0.088101998, -0.247745439, -0.309387207, -0.247745439, -0.088101998, -0.0310882647, -0.088101998, -0.124672383, -0.088101998, -0.0310882647, -0.00547788665, -0.0155239813, -0.021968469, -0.0155239813, -0.00547788665)),
    list(post = 13, pre = c(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25),
         w = c(-0.0310882647, -0.088101998, -0.124672383, -0.088101998, -0.0310882647, -0.088101998, -0.247745439, -0.309387207, -0.247745439, -0.088101998, -0.124672383, -0.309387207, 0.5, -0.309387207, -0.124672383, -0.088101998, -0.247745439, -0.309387207, -0.247745439, -0.088101998, -0.0310882647, -0.088101998, -0.124672383, -0.088101998, -0.0310882647)))),
  gs = list(n = 336, dendrites = list(
    list(post = 1, pre = c(2, 3, 6, 7, 8, 11, 12, 13),
         w = c(1.41329658, 0.498704433, 1.41329658, 0.998703599, 0.352408648, 0.498704433, 0.352408648, 0.124353059)),
    list(post = 8, pre = c(1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20),
         w = c(0.352408648, 0.998703599, 1.41329658, 0.998703599, 0.352408648, 0.498704433, 1.41329658, 1.41329658, 0.498704433, 0.352408648, 0.998703599, 1.41329658, 0.998703599, 0.352408648, 0.124353059, 0.352408648, 0.498704433, 0.352408648, 0.124353059)),
    list(post = 13, pre = c(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25),
         w = c(0.124353059, 0.352408648, 0.498704433, 0.352408648, 0.124353059, 0.352408648, 0.998703599, 1.41329658, 0.998703599, 0.352408648, 0.498704433, 1.41329658, 1.41329658, 0.498704433, 0.352408648, 0.998703599, 1.41329658, 0.998703599, 0.352408648, 0.124353059, 0.352408648, 0.498704433, 0.352408648, 0.124353059)))),
  g1 = list(n = 37, dendrites = list(
    list(post = 1, pre = c(1, 2, 3, 4),
         w = c(1.5, 1.20110607, 0.616668403, 0.20300293)))),
  dd = list(n = 520, dendrites = list(
    list(post = 1, pre = c(2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 19, 20, 21),
         w = c(-0.0602723435, -0.549399674, -0.323981553, -0.135333955, -0.0439369418, -0.537332296, -0.554007053, -0.423767239, -0.229358301, -0.0956343338, -0.0310479607, -0.249249473, -0.220010325, -0.151236817, -0.0809527785, -0.0337461531, -0.0439369418, -0.0387742221, -0.0266491063)),
    list(post = 8, pre = c(1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24),
         w = c(-0.554007053, -0.537332296, -0.554007053, -0.423767239, -0.22935833, -0.0956343561, -0.0602723435, -0.0602723435, -0.549399674, -0.323981553, -0.13533397, -0.554007053, -0.537332296, -0.554007053, -0.423767239, -0.22935833, -0.0956343561, -0.22001037, -0.249249518, -0.22001037, -0.151236847, -0.0809527934, -0.0337461643)),
    list(post = 13, pre = c(1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24),
         w = c(-0.249249473, -0.220010325, -0.151236817, -0.0809527785, -0.0337461531, -0.537332296, -0.554007053, -0.423767239, -0.229358301, -0.0956343338, -0.0310479607, -0.0602723435, -0.549399674, -0.323981553, -0.135333955, -0.0439369418, -0.537332296, -0.554007053, -0.423767298, -0.22935833, -0.0956343561, -0.0310479719))))
  )
  clear()
  annr::setup(dt = 1)
  a <- Population(c(5, 5), LeakyIntegrator())
  b <- Population(c(5, 5), LeakyIntegrator())
  c7 <- Population(7, LeakyIntegrator())
  d <- Population(c(4, 6), LeakyIntegrator())
  projs <- list(
    g = connect_gaussian(Projection(a, b, "exc"), amp = 1, sigma = 0.2, limit = 0.01),
    dog = connect_dog(Projection(a, b, "inh"), amp_pos = 1, sigma_pos = 0.1, amp_neg = 0.5,
                      sigma_neg = 0.3),
    gs = connect_gaussian(Projection(a, a, "exc"), amp = 2, sigma = 0.3, limit = 0.05),
    g1 = connect_gaussian(Projection(c7, c7, "exc"), amp = 1.5, sigma = 0.25, limit = 0.1,
                          allow_self_connections = TRUE),
    dd = connect_dog(Projection(d, d, "inh"), amp_pos = 2, sigma_pos = 0.15, amp_neg = 1,
                     sigma_neg = 0.4, limit = 0.02)
  )
  compile()
  for (name in names(annarchy)) {
    expect_equal(projs[[name]]$nb_synapses, annarchy[[name]]$n, label = name)
    s <- projs[[name]]$synapses()
    for (dn in annarchy[[name]]$dendrites) {
      mine <- s[s$post == dn$post, ]
      expect_identical(mine$pre, as.integer(dn$pre), label = paste(name, dn$post))
      expect_lt(max(abs(mine$w - dn$w)), 2e-6)
    }
  }
  clear()
})

test_that("connect_gaussian() builds projections far larger than a dense matrix could hold", {
  # 300 x 300 onto itself: a post x pre matrix would hold 8.1e9 doubles
  # (65 GB). sigma = 0.002 with a grid step of 1/299 keeps the 8 neighbours
  # at Chebyshev distance 1 (w = 0.247 and 0.061 > 0.01) and drops the rest.
  clear()
  annr::setup(dt = 1)
  sheet <- Population(c(300, 300), LeakyIntegrator())
  p <- connect_gaussian(Projection(sheet, sheet, "exc"), amp = 1, sigma = 0.002, delays = 2)
  compile()
  n <- 300
  expect_equal(p$nb_synapses, 2 * (2 * n * (n - 1)) + 4 * (n - 1) * (n - 1))  # 716404
  s <- p$synapses()
  h <- 1 / 299
  one <- s[s$post == 302, ]   # neuron (1, 1), 0-based, is rank 302
  expect_identical(one$pre, c(1L, 2L, 3L, 301L, 303L, 601L, 602L, 603L))
  expect_equal(one$w[1], exp(-(2 * h^2) / (2 * 0.002^2)), tolerance = 1e-14)
  expect_equal(one$w[2], exp(-(h^2) / (2 * 0.002^2)), tolerance = 1e-14)
  expect_true(all(s$delay == 2))
  clear()
})

test_that("connect_gaussian() and connect_dog() reject bad arguments by name", {
  clear()
  a <- Population(c(5, 5), LeakyIntegrator())
  b <- Population(25, LeakyIntegrator())
  expect_error(connect_gaussian(Projection(a, a, "exc"), amp = 1, sigma = 0), "`sigma` must be > 0")
  expect_error(connect_dog(Projection(a, a, "exc"), amp_pos = 1, sigma_pos = 0.1, amp_neg = 1,
                           sigma_neg = -1), "`sigma_neg` must be > 0")
  expect_error(connect_gaussian(Projection(a, a, "exc"), amp = NA, sigma = 0.1), "`amp` must be one finite")
  expect_error(connect_gaussian(Projection(a, a, "exc"), amp = 1, sigma = 0.1, limit = "x"), "`limit`")
  expect_error(connect_gaussian(Projection(a, b, "exc"), amp = 1, sigma = 0.1), "same number of dimensions")
  expect_error(connect_gaussian(Projection(a, a, "exc"), amp = 1, sigma = 0.1,
                                allow_self_connections = NA), "`allow_self_connections`")
  expect_error(connect_gaussian(Projection(a, a, "exc"), amp = 1, sigma = 0.1, delays = -1), "`delays`")
  clear()
})

test_that("connect_gaussian() draws delays from a distribution per synapse", {
  clear()
  annr::setup(dt = 0.1, seed = 4)
  a <- Population(c(10, 10), LeakyIntegrator())
  p <- connect_gaussian(Projection(a, a, "exc"), amp = 1, sigma = 0.3, delays = Uniform(1, 5))
  compile()
  d <- p$synapses()$delay
  expect_true(all(d >= 1 & d <= 5))
  expect_gt(length(unique(d)), 10)
  expect_match(annr:::connector_description(p$connector), "^Gaussian, A 1, sigma 0.3")
  clear()
})
