# ANNarchy 4.7.3 tests/Synapse/test_DefaultSynapses.py: the built-in synapse
# models transmit (learning off for the rate-coded ones; dt = 1). ANNarchy
# reads pop.sum(target); for the rate-coded ones a Monitor of "sum(target)"
# gives the same value here (ann_last()).

default_rate_net <- function() {
  ann_fresh()
  rNeuron <- Neuron(equations = "r=sum(Hebb)+sum(Oja)+sum(IBCM)")
  inp <- Population(1, rNeuron)
  out <- Population(1, rNeuron)
  Projection(inp, out, "Hebb", synapse = Hebb)$connect_all_to_all(weights = 0.1)
  Projection(inp, out, "Oja", synapse = Oja)$connect_all_to_all(weights = 0.1)
  Projection(inp, out, "IBCM", synapse = IBCM)$connect_all_to_all(weights = 0.1)
  m <- Monitor(out, c("sum(Hebb)", "sum(Oja)", "sum(IBCM)"))
  compile()
  disable_learning()
  inp$r <- 1.0
  list(inp = inp, out = out, m = m)
}

test_that("test_DefaultRateSynapses: test_compile", {
  n <- default_rate_net()
  expect_equal(n$inp$r, 1)
})

for (target in c("Hebb", "Oja", "IBCM")) local({
  target <- target
  test_that(paste0("test_DefaultRateSynapses: test_get_exc_", target), {
    n <- default_rate_net()
    simulate(1)
    expect_equal(ann_last(n$m, paste0("sum(", target, ")")), 0.1)   # ANNarchy: out.sum(target)
  })
})

test_that("test_DefaultRateSynapses: test_list_standard_synapses", {
  expect_equal(list_standard_synapses(), c("STP", "STDP", "Hebb", "Oja", "IBCM"))
})

# The output neuron spikes at t = 0 (v = 0 > T) and is refractory for 5 ms
# when the input's spike arrives at t = 1. ANNarchy's generated code resets a
# conductance that has no ODE only when the neuron is not refractory
# (`if (in_ref[i]) { g_STP[i] = 0.0; }`), so g_STP keeps the 0.05 it received
# (measured on ANNarchy 4.7.3: out.g_STP = 0.05 after 2 and after 3 steps).

default_spike_net <- function() {
  ann_fresh()
  LIF <- Neuron(
    parameters = "
      tau = 10.0  : population
      Er = -60.0  : population
      Ee = 0.0    : population
      T = -45.0   : population
    ",
    equations = "tau * dv/dt = (Er - v) + (g_STP + g_STDP) * (Ee - v) : init = 0.0",
    spike = "v > T", reset = "v = Er", refractory = 5.0)
  inp <- Population(1, LIF)
  out <- Population(1, LIF)
  Projection(inp, out, "STP", synapse = STP)$connect_all_to_all(weights = 0.1)
  Projection(inp, out, "STDP", synapse = STDP)$connect_all_to_all(weights = 0.1)
  compile()
  inp$r <- 1.0
  list(inp = inp, out = out)
}

test_that("test_DefaultSpikeSynapses: test_compile", {
  n <- default_spike_net()
  succeed()
})

test_that("test_DefaultSpikeSynapses: test_get_exc_STP", {
  n <- default_spike_net()
  simulate(2)
  expect_equal(n$out$g_STP, 0.05)   # ANNarchy: out.sum('STP'), which is g_STP for spiking neurons
})

test_that("test_DefaultSpikeSynapses: test_get_exc_STDP", {
  n <- default_spike_net()
  simulate(2)
  expect_equal(n$out$g_STDP, 0.1)   # ANNarchy: out.sum('STDP')
})
