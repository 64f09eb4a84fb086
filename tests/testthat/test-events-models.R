# Models ANNarchy 4.7.3 accepts: targets the post-synaptic model does not
# read, spike sources as post-synaptic populations, psp onto spiking
# neurons, global operations in synapse equations.

test_that("a target the spiking post-synaptic model does not read is accepted and unused", {
  run <- function(with_projection) {
    clear()
    annr::setup(dt = 1, seed = 3)
    inp <- PoissonPopulation(20, rates = 100)
    out <- Population(2, Izhikevich)
    out$i_offset <- 5
    drive <- Projection(inp, out, "exc")
    drive$connect_all_to_all(weights = 1)
    if (with_projection) {
      p <- Projection(inp, out, "nmda", synapse = STDP())  # Izhikevich has no g_nmda
      p$connect_all_to_all(weights = 0.5)
    }
    m <- Monitor(out, "v")
    compile()
    simulate(100)
    m$get("v")
  }
  expect_equal(run(TRUE), run(FALSE))
})

test_that("a target the rate-coded post-synaptic model does not read is accepted and unused", {
  clear()
  annr::setup(dt = 1)
  inp <- Population(2, LeakyIntegrator(tau = 1, B = 1))
  out <- Population(1, LeakyIntegrator(tau = 5))
  p <- Projection(inp, out, "foo", synapse = Hebb(eta = 0.1))
  p$connect_all_to_all(weights = 0.5)
  m <- Monitor(out, "r")
  compile()
  simulate(10)
  expect_equal(as.numeric(m$get("r")), rep(0, 10))
  expect_equal(p$get("w"), c(0.5, 0.5))  # post.r stays 0: Hebb learns nothing
})

test_that("a spike source as post-synaptic population runs post_spike and ignores the target", {
  clear()
  annr::setup(dt = 1)
  pre <- SpikeSourceArray(list(10))
  post <- SpikeSourceArray(list(15))
  p <- Projection(pre, post, "exc", synapse = STDP(tau_plus = 20, A_plus = 0.01, w_max = 1))
  p$connect_all_to_all(weights = 0.5)
  compile()
  simulate(20)
  # pre spike at 10 delivered at 11: x = 0.01; post at 15 adds x decayed by 4 steps
  expect_equal(p$get("w"), 0.5 + 0.01 * exp(-4 / 20), tolerance = 1e-12)
})

test_that("psp onto spiking neurons runs with pre_spike statements", {
  # As ANNarchy: the psp is summed every step and the pre_spike statements
  # (here a second transmission) still run at every spike; without pre_spike
  # no default g_target += w. Every neuron spikes at every step (u > 0).
  run <- function(pre_spike) {
    clear()
    annr::setup(dt = 1)
    n <- Neuron(parameters = "u = 1", equations = "v = g_gap", spike = "u > 0")
    a <- Population(2, n)
    Projection(a, a, "gap", Synapse(psp = "2 * w", pre_spike = pre_spike))$connect_all_to_all(weights = 0.1)
    m <- Monitor(a, "v")
    compile()
    simulate(3)
    m$get("v")[, 1]
  }
  expect_equal(as.numeric(run("g_target += w")), c(0.2, 0.3, 0.3))
  expect_equal(as.numeric(run("")), c(0.2, 0.2, 0.2))
})

test_that("psp onto spiking neurons is checked", {
  clear()
  n <- Neuron(equations = "dv/dt = -v + g_gap", spike = "v > 1", reset = "v = 0")
  a <- Population(2, n)
  a <- Population(2, n)
  p <- Projection(a, a, "gap", Synapse(psp = "w * (pre.v - post.v)"))
  p$connect_all_to_all(weights = 0.1, delays = 3)
  expect_error(compile(), "cannot have delays")
})

test_that("w may be a synapse parameter; event-driven coefficients may be per-synapse parameters", {
  s <- Synapse(parameters = "w = 0.0\ntau = 10.0", equations = "dx/dt = (1 - x) / tau : init = 1, event-driven",
               pre_spike = "g_target += w * x\nx *= 0.5")
  expect_false("w" %in% s$attributes$name)
  expect_error(Synapse(parameters = "w = 0\nw = 1"), "duplicate definition of 'w'")
  expect_error(Synapse(equations = "y = 1\ndx/dt = (y - x) / 10 : event-driven"), "constant coefficients")
  expect_error(Synapse(equations = "dw/dt = mean(w)"), "pre- or post-synaptic attribute")
})

# ANNarchy 4.7.3, dt = 1, 25 steps: inputs LI (4 neurons, B = 1, 0.5, 2, 1.5;
# tau = 10; gain = 1 + t/10 : population; tau dv/dt + v = B + sum(exc);
# r = pos(v)) all-to-all onto 2 outputs (tau = 5; tau dv/dt + v = sum(exc) +
# sum(dg) + sum(dl); r = pos(v)) through
#   exc: parameters eta = 0.01; dw/dt = eta * (pre.r - mean(pre.r)) * post.r +
#        eta * max(post.r) : min = -10; psp = w * (pre.r - 0.5 * mean(pre.r)), w 0.3
#   dg:  psp = w * pre.r * pre.gain, w 0.2, delays 3 ms
#   dl:  psp = w * (pre.r + 0.5 * pre.v), w 0.1, delays 2 ms
# w of 'exc' after 5, 12 and 25 steps; r of output 1 at every step (both
# outputs are equal).
glob_w <- list(`5` = c(0.30404885326979, 0.303235302054857, 0.305675955699654, 0.304862404484722, 0.30404885326979, 0.303235302054857, 0.305675955699654, 0.304862404484722), `12` = c(0.355704822694347, 0.335316769699491, 0.396480928684059, 0.376092875689203, 0.355704822694347, 0.335316769699491, 0.396480928684059, 0.376092875689203), `25` = c(0.659124729278474, 0.46995839550748, 1.03745739682046, 0.848291063049467, 0.659124729278474, 0.46995839550748, 1.03745739682046, 0.848291063049467))
glob_out_r <- c(0, 0.015, 0.05551560375, 0.133670155321719, 0.241377128653852, 0.372232093892857, 0.521220856078139, 0.684465995713458, 0.859010301244599, 1.04263444338955, 1.23370552641857, 1.43105281471478, 1.63386689084701, 1.84161866599073, 2.05399495744886, 2.27084770996274, 2.49215432265865, 2.71798692148931, 2.94848876909196, 3.18385631991543, 3.4243257041575, 3.67016265940891, 3.92165512628517, 4.17910788744507, 4.4428387625182)

test_that("global operations in synapse equations and delayed psp values follow ANNarchy", {
  clear()
  annr::setup(dt = 1)
  LI <- Neuron(parameters = "B = 0.0\ntau = 10.0",
               equations = "gain = 1.0 + t / 10.0 : population\ntau * dv/dt + v = B + sum(exc)\nr = pos(v)")
  LO <- Neuron(parameters = "tau = 5.0", equations = "tau * dv/dt + v = sum(exc) + sum(dg) + sum(dl)\nr = pos(v)")
  inp <- Population(4, LI)
  inp$B <- c(1.0, 0.5, 2.0, 1.5)
  out <- Population(2, LO)
  GS <- Synapse(parameters = "eta = 0.01",
                equations = "dw/dt = eta * (pre.r - mean(pre.r)) * post.r + eta * max(post.r) : min = -10.0",
                psp = "w * (pre.r - 0.5 * mean(pre.r))")
  g1 <- Projection(inp, out, "exc", GS)
  g1$connect_all_to_all(weights = 0.3)
  g2 <- Projection(inp, out, "dg", Synapse(psp = "w * pre.r * pre.gain"))
  g2$connect_all_to_all(weights = 0.2, delays = 3)
  g3 <- Projection(inp, out, "dl", Synapse(psp = "w * (pre.r + 0.5 * pre.v)"))
  g3$connect_all_to_all(weights = 0.1, delays = 2)
  m <- Monitor(out, "r")
  compile()
  for (n in c(5, 12, 25)) {
    simulate(n - get_time())
    expect_equal(g1$get("w"), glob_w[[as.character(n)]], tolerance = 1e-10, label = paste("w after", n, "steps"))
  }
  r <- m$get("r")
  expect_equal(unname(r[, 1]), glob_out_r, tolerance = 1e-10)
  expect_equal(unname(r[, 2]), glob_out_r, tolerance = 1e-10)
})
