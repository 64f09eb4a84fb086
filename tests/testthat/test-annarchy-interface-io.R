# ANNarchy 4.7.3 tests/Interface/test_IO.py (with tests/Interface/networks.py):
# saving and loading a network's state, its parameters, and one projection.
# ANNarchy writes .data/.npz/.txt.gz files; annr has one file format (R's
# .rds through net$save()/net$load()), so each test runs once with it.

define_rate_net <- function() {
  ann_fresh()
  Constant("mu", 0.2)
  add_function("fa(x) = 2/(x*x)")
  DefaultNeuron <- Neuron(
    parameters = "
      tau = 10.0 : population
      baseline = 1.0 : population
      condition = True
    ",
    equations = "
      noise = Uniform(-0.1, 0.1)
      tau * dmp/dt + mp = fa(sum(exc)) +  neg(- fb(sum(inh)))
                          + baseline + noise : implicit
      r = pos(mp)
    ",
    functions = "fb(x) = if x>0: x else:x/2")
  emptyNeuron1 <- Neuron(equations = "r=0")
  emptyNeuron2 <- Neuron(parameters = "r=0")
  Oja <- Synapse(
    parameters = "
      eta = 10.0
      tau = 10.0 : projection
    ",
    equations = "
      tau * dalpha/dt + alpha = pos(post.r - 1.0) : postsynaptic
      eta * dw/dt = pre.r * post.r - alpha * post.r^2 * w : min=0.0
      mu * dx/dt = pre.sum(exc) * post.sum(exc)
    ",
    psp = "w * pre.r")
  pop1 <- Population(name = "pop1", neuron = emptyNeuron1, geometry = 1)
  pop2 <- Population(name = "pop2", neuron = DefaultNeuron, geometry = 1)
  pop3 <- Population(name = "pop3", neuron = emptyNeuron2, geometry = c(2, 2))
  proj1 <- Projection(pop1, pop2, "exc")
  proj1$connect_one_to_one(weights = Uniform(-0.5, 0.5))
  proj2 <- Projection(pop1, pop3, "exc", synapse = Hebb)
  proj2$connect_all_to_all(weights = 1.0)
  proj3 <- Projection(pop2, pop3, "exc", synapse = Oja)
  proj3$connect_all_to_all(weights = 1.0)
  m <- Monitor(pop2, "r")
  compile()
  list(pop2 = pop2, proj2 = proj2, proj3 = proj3)
}

define_spike_net <- function() {
  ann_fresh()
  Constant("b", 0.2)
  add_function("f(x) = 5.0 * x + 140")
  Izh <- Neuron(
    parameters = "
      noise = 0.0
      a = 0.02 : population
      c = -65.0
      d = 8.0
      v_thresh = 30.0
      i_offset = 0.0
    ",
    equations = "
      I = g_exc - g_inh + noise * Normal(0.0, 1.0) + i_offset
      dv/dt = f2(v) + f(v) - u + I : init = -65.0
      du/dt = a * (b*v - u) : init= -13.0
    ",
    spike = "v > v_thresh", reset = "v = c; u += d", refractory = 0.0,
    functions = "f2(x) = 0.04 * x^2")
  pop1 <- Population(name = "pop1", neuron = IF_curr_exp, geometry = 1)
  pop2 <- Population(name = "pop2", neuron = Izh, geometry = 1)
  pop3 <- Population(name = "pop3", neuron = Izh, geometry = c(2, 2))
  proj1 <- Projection(pop1, pop2, "exc", synapse = STDP)
  proj1$connect_one_to_one(weights = Uniform(-0.5, 0.5))
  proj2 <- Projection(pop2, pop3, "exc", synapse = STP)
  proj2$connect_all_to_all(weights = 1.0)
  m <- Monitor(pop2, "r")
  compile()
  list(pop2 = pop2, proj1 = proj1, proj2 = proj2)
}

rate_new_attr <- c(0.5, 5, 0.02, 3, 20)
rate_init_params <- c(1.0, 0.01, 10.0)
rate_set_attributes <- function(n, a) {
  n$pop2$set(list(baseline = a[1], r = a[2]))
  n$proj2$set(eta = a[3], w = a[4])
  n$proj3$set(tau = a[5])
}
rate_get_attributes <- function(n) {
  c(n$pop2$get("baseline"), n$pop2$get("r")[1], n$proj2$get("eta"), n$proj2$get("w")[1],
    n$proj3$get("tau"))
}
spike_new_attr <- c(0.5, -60, 10, 5, 10)
spike_init_params <- c(8.0, 20, 0.5)
spike_set_attributes <- function(n, a) {
  n$pop2$set(list(d = a[1], v = a[2]))
  n$proj1$set(tau_plus = a[3])
  n$proj2$set(U = a[4], x = a[5])
}
spike_get_attributes <- function(n) {
  c(n$pop2$get("d")[1], n$pop2$get("v")[1], n$proj1$get("tau_plus"), n$proj2$get("U")[1],
    n$proj2$get("x")[1])
}

test_that("test_IO_Rate: test_save_and_load", {
  n <- define_rate_net()
  f <- tempfile(fileext = ".rds")
  rate_set_attributes(n, rate_new_attr)
  default_network()$save(f)
  reset(projections = TRUE, synapses = TRUE)
  default_network()$load(f)
  expect_equal(rate_get_attributes(n), rate_new_attr)
})

test_that("test_IO_Rate: test_save_mat", {
  skip_no_meaning("MATLAB .mat export is a file format choice (annr saves R's .rds)")
})

test_that("test_IO_Rate: test_parameters_save_and_load", {
  n <- define_rate_net()
  f <- tempfile(fileext = ".json")
  n$pop2$set(list(baseline = 0.5)); n$proj2$set(eta = 0.02); n$proj3$set(tau = 20)
  save_parameters(f)
  reset(projections = TRUE, synapses = TRUE)
  load_parameters(f)
  expect_equal(c(n$pop2$get("baseline"), n$proj2$get("eta"), n$proj3$get("tau")), rate_init_params)
})

test_that("test_IO_Rate: test_projection_save_and_load", {
  n <- define_rate_net()
  f <- tempfile(fileext = ".rds")
  n$proj2$save(f)
  n$proj2$load(f)
  succeed()
})

test_that("test_IO_Spiking: test_save_and_load", {
  n <- define_spike_net()
  f <- tempfile(fileext = ".rds")
  spike_set_attributes(n, spike_new_attr)
  default_network()$save(f)
  reset(projections = TRUE, synapses = TRUE)
  default_network()$load(f)
  expect_equal(spike_get_attributes(n), spike_new_attr)
})

test_that("test_IO_Spiking: test_save_mat", {
  skip_no_meaning("MATLAB .mat export is a file format choice (annr saves R's .rds)")
})

test_that("test_IO_Spiking: test_parameters_save_and_load", {
  n <- define_spike_net()
  f <- tempfile(fileext = ".json")
  n$pop2$set(list(d = 0.5)); n$proj1$set(tau_plus = 10); n$proj2$set(U = 5)
  save_parameters(f)
  reset(projections = TRUE, synapses = TRUE)
  load_parameters(f)
  expect_equal(c(n$pop2$get("d")[1], n$proj1$get("tau_plus"), n$proj2$get("U")[1]), spike_init_params)
})

test_that("test_IO_Spiking: test_projection_save_and_load", {
  n <- define_spike_net()
  f <- tempfile(fileext = ".rds")
  n$proj2$save(f)
  n$proj2$load(f)
  succeed()
})
