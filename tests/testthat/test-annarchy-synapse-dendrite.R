# ANNarchy 4.7.3 tests/Synapse/test_Dendrite.py: one post-synaptic neuron's
# synapses (a dendrite), read and written, for static and Oja-like synapses.
# ANNarchy's dendrite(5) is proj$dendrite(6) here; its pre_ranks are the
# column `pre` (1-based), its size the number of its synapses (length of
# `w`). A dendrite is written through like a view: d <- proj$dendrite(7);
# d$w <- 2; d$w[3] <- 3.

dendrite_neurons <- function() {
  list(Neuron(parameters = "tau = 10", equations = "r += 1/tau * t"),
       Neuron(parameters = "tau = 10: population", equations = "r += 1/tau * t: init = 1.0"))
}

dendrite_default_net <- function() {
  ann_fresh()
  n <- dendrite_neurons()
  pop1 <- Population(5, n[[1]])
  pop2 <- Population(8, n[[2]])
  proj <- Projection(pop1, pop2, "exc")
  proj$connect_all_to_all(weights = 1.0)
  compile()
  proj
}

dendrite_modified_net <- function() {
  ann_fresh()
  n <- dendrite_neurons()
  Oja <- Synapse(parameters = "tau = 5000.0 : postsynaptic\nalpha = 8.0",
                 equations = "tau * dw/dt = pre.r * post.r - alpha * post.r^2 * w")
  pop1 <- Population(5, n[[1]])
  pop2 <- Population(8, n[[2]])
  proj <- Projection(pop1, pop2, "exc", synapse = Oja)
  proj$connect_all_to_all(weights = 1.0)
  compile()
  proj
}


for (kind in c("Default", "Modified")) local({
  kind <- kind
  make <- if (kind == "Default") dendrite_default_net else dendrite_modified_net
  name <- function(m) paste0("test_Dendrite", kind, "Synapse: ", m)

  test_that(name("test_none"), {
    proj <- make()
    expect_error(proj$dendrite(15), "post")
  })
  test_that(name("test_pre_ranks"), {
    proj <- make()
    expect_equal(proj$dendrite(6)$pre_ranks, 1:5)
  })
  test_that(name("test_dendrite_size"), {
    proj <- make()
    expect_equal(length(proj$dendrite(4)$w), 5)   # ANNarchy: dendrite(3).size
  })
  test_that(name("test_get_dendrite_weights"), {
    proj <- make()
    expect_equal(proj$dendrite(8)$w, rep(1, 5))
  })
  test_that(name("test_set_weights"), {
    proj <- make()
    d <- proj$dendrite(7)
    d$w <- 2.0
    expect_equal(proj$dendrite(7)$w, rep(2, 5))
  })
  test_that(name("test_set_weights_2"), {
    proj <- make()
    d <- proj$dendrite(7)
    d$w <- 2.0     # ANNarchy's setUp does not reset weights: test_set_weights ran before
    d$w[3] <- 3.0
    expect_equal(proj$dendrite(7)$w, c(2, 2, 3, 2, 2))
  })
  if (kind == "Modified") {
    test_that(name("test_get_dendrite_tau"), {
      proj <- make()
      expect_equal(unique(proj$dendrite(2)$tau), 5000.0)
    })
    test_that(name("test_get_dendrite_alpha"), {
      proj <- make()
      expect_equal(proj$dendrite(1)$alpha, rep(8, 5))
    })
    test_that(name("test_set_tau"), {
      proj <- make()
      proj$tau <- 6000.0
      expect_equal(unique(proj$dendrite(1)$tau), 6000.0)
    })
    test_that(name("test_set_tau_2"), {
      proj <- make()
      old_value <- proj$tau
      old_value[2] <- 7000.0
      d <- proj$dendrite(2)
      d$tau <- 7000.0
      expect_equal(unique(proj$dendrite(2)$tau), 7000.0)
      expect_equal(proj$tau, old_value)
    })
    test_that(name("test_set_alpha"), {
      proj <- make()
      d <- proj$dendrite(5)
      d$alpha <- 9.0
      expect_equal(proj$dendrite(5)$alpha, rep(9, 5))
    })
    test_that(name("test_set_alpha_2"), {
      proj <- make()
      d <- proj$dendrite(5)
      d$alpha <- 9.0   # as left by test_set_alpha in ANNarchy's shared network
      d$alpha[2] <- 10.0
      expect_equal(proj$dendrite(5)$alpha, c(9, 10, 9, 9, 9))
    })
    test_that(name("test_set_with_dict"), {
      proj <- make()
      new_value <- proj$tau
      new_value[2] <- 7000.0
      proj$dendrite(2)$set(list(tau = 7000))
      expect_equal(proj$tau, new_value)
    })
    test_that(name("test_get_by_name"), {
      proj <- make()
      expect_equal(unique(proj$dendrite(2)$get("tau")), 5000.0)
    })
  }
})
