# ANNarchy 4.7.3 tests/Synapse/test_RateDelays.py: rate-coded transmission
# without delay, with uniform and per-synapse delays, max/min/mean
# operations, global operations on pre. in synapses (dt = 1). ANNarchy reads
# pop.sum(target); here a Monitor of "sum(target)" gives the same value
# (ann_last()).

test_that_nodelay <- function(name, which) {
  test_that(paste0("test_NoDelay: ", name), {
    ann_fresh()
    neuron <- Neuron(parameters = "r=0.0")
    out1 <- Neuron(equations = "r =  sum(one2one)")
    out2 <- Neuron(equations = "r =  sum(all2all) + sum(fnp)")
    pop1 <- Population(c(17, 17), neuron)
    pop2 <- Population(c(17, 17), out1)
    pop3 <- Population(4, out2)
    proj <- Projection(pop1, pop2, "one2one")
    proj$connect_one_to_one(weights = Uniform(0, 1))
    proj2 <- Projection(pop1, pop3, "all2all")
    proj2$connect_all_to_all(weights = Uniform(0, 1))
    proj3 <- Projection(pop1, pop3, "fnp")
    proj3$connect_fixed_number_pre(5, weights = Uniform(0, 1))
    m2 <- Monitor(pop2, "sum(one2one)")
    m3 <- Monitor(pop3, c("sum(all2all)", "sum(fnp)"))
    compile()
    pre_r <- stats::runif(289)
    p <- switch(which, one2one = proj, all2all = proj2, fnp = proj3)
    result <- as.numeric(p$connectivity_matrix() %*% pre_r)
    pop1$r <- pre_r
    simulate(1)
    mon <- if (which == "one2one") m2 else m3
    expect_equal(ann_last(mon, paste0("sum(", which, ")")), result)
  })
}
test_that_nodelay("test_one_to_one", "one2one")
test_that_nodelay("test_all_to_all", "all2all")
test_that_nodelay("test_fixed_number_pre", "fnp")

uniform_delay_net <- function() {
  ann_fresh()
  input_neuron <- Neuron(equations = "
    glob_r = glob_r + t : init = -1, population
    r = r + t : init = -1
  ")
  neuron2 <- Neuron(equations = "r = sum(ff)")
  synapse_glob <- Synapse(psp = "pre.glob_r * w")
  pop1 <- Population(3, input_neuron)
  pop2 <- Population(3, neuron2)
  proj <- Projection(pop1, pop2, "ff")
  proj$connect_one_to_one(weights = 1.0, delays = 10.0)
  proj2 <- Projection(pop1, pop2, "ff_glob", synapse = synapse_glob)
  proj2$connect_one_to_one(weights = 1.0, delays = 10.0)
  m <- Monitor(pop2, c("sum(ff)", "sum(ff_glob)"))
  compile()
  list(proj = proj, proj2 = proj2, m = m)
}


test_that("test_UniformDelay: test_get_delay", {
  n <- uniform_delay_net()
  expect_equal(unique(n$proj$synapses()$delay), 10.0)
})

test_that("test_UniformDelay: test_set_delay", {
  n <- uniform_delay_net()
  n$proj$delay <- 2.0
  expect_equal(unique(n$proj$synapses()$delay), 2.0)
})

delay_sequence <- function(n, sum_name, first) {
  simulate(first)
  a <- ann_last(n$m, sum_name)
  simulate(1)
  b <- ann_last(n$m, sum_name)
  simulate(4)
  c(a, b, ann_last(n$m, sum_name))
}

test_that("test_UniformDelay: test_configured_delay_local", {
  n <- uniform_delay_net()
  expect_equal(delay_sequence(n, "sum(ff)", 10), rep(c(-1, -1, 9), each = 3))
})

test_that("test_UniformDelay: test_configured_delay_global", {
  n <- uniform_delay_net()
  expect_equal(delay_sequence(n, "sum(ff_glob)", 10), rep(c(-1, -1, 9), each = 3))
})

test_that("test_UniformDelay: test_modified_delay_local", {
  n <- uniform_delay_net()
  n$proj$delay <- 5.0
  expect_equal(delay_sequence(n, "sum(ff)", 5), rep(c(-1, -1, 9), each = 3))
})

test_that("test_UniformDelay: test_modified_delay_global", {
  n <- uniform_delay_net()
  n$proj2$delay <- 5.0
  expect_equal(delay_sequence(n, "sum(ff_glob)", 5), rep(c(-1, -1, 9), each = 3))
})

nonuniform_net <- function() {
  ann_fresh()
  pop1 <- Population(3, Neuron(equations = "r = r + t : init = -1"))
  pop2 <- Population(3, Neuron(equations = "r = sum(ff)"))
  proj <- Projection(pop1, pop2, "ff")
  proj$connect_one_to_one(weights = 1.0, delays = DiscreteUniform(1, 5))
  m <- Monitor(pop2, "sum(ff)")
  compile()
  proj$delay <- c(3, 5, 2)   # ANNarchy's setUp: delay = [[3], [5], [2]]
  list(proj = proj, m = m)
}

test_that("test_NonuniformDelay: test_configured_nonuniform_delay", {
  n <- nonuniform_net()
  simulate(5)
  expect_equal(ann_last(n$m, "sum(ff)"), c(0.0, -1.0, 2.0))
})

test_that("test_NonuniformDelay: test_modified_nonuniform_delay", {
  n <- nonuniform_net()
  n$proj$delay <- c(3, 3, 3)
  simulate(10)
  expect_equal(ann_last(n$m, "sum(ff)"), c(20.0, 20.0, 20.0))
})


synapse_operation <- function(target, expected_fn) {
  ann_fresh()
  input_neuron <- Neuron(parameters = "r=0.0")
  output_neuron <- Neuron(equations = "r = sum(p1) + sum(p2)")
  pop1 <- Population(c(3, 3), input_neuron)
  pop2 <- Population(4, output_neuron)
  Projection(pop1, pop2, "p1", synapse = Synapse(psp = "pre.r * w", operation = "max"))$connect_all_to_all(weights = 1.0)
  Projection(pop1, pop2, "p2", synapse = Synapse(psp = "pre.r * w", operation = "min"))$connect_all_to_all(weights = 1.0)
  Projection(pop1, pop2, "p3", synapse = Synapse(psp = "pre.r * w", operation = "mean"))$connect_all_to_all(weights = 1.0)
  m <- Monitor(pop2, paste0("sum(", target, ")"))
  compile()
  pre_r <- stats::runif(9)
  pop1$r <- pre_r
  simulate(1)
  expect_equal(ann_last(m, paste0("sum(", target, ")")), rep(expected_fn(pre_r), 4))
}

test_that("test_SynapseOperations: test_max", {
  synapse_operation("p1", max)
})

test_that("test_SynapseOperations: test_min", {
  synapse_operation("p2", min)
})

test_that("test_SynapseOperations: test_mean", {
  synapse_operation("p3", mean)
})

test_that("test_SynapticAccess: test_compile", {
  ann_fresh()
  neuron <- Neuron(parameters = "r=0")
  cov <- Synapse(parameters = "tau = 5000.0",
                 equations = "tau * dw/dt = (pre.r - mean(pre.r) ) * (post.r - mean(post.r) )")
  pre <- Population(6, neuron)
  post <- Population(1, neuron)
  Projection(pre, post, "exc", synapse = cov)$connect_all_to_all(weights = 1.0)
  expect_no_error(compile())
})
