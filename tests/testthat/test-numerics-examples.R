# ANNarchy's examples ported to R (inst/examples/), each checked against what
# ANNarchy 4.7.3 printed for the same script: exactly where the model is
# deterministic (Hodgkin-Huxley with a current step), statistically where the
# random generators differ (Izhikevich network, refractoriness).

run_example <- function(name) {
  env <- new.env()
  path <- system.file("examples", paste0(name, ".R"), package = "annr")
  expect_true(nzchar(path))
  utils::capture.output(sys.source(path, envir = env))
  env
}

test_that("hodgkin_huxley.R gives ANNarchy's trace and spike", {
  e <- run_example("hodgkin_huxley")
  # ANNarchy 4.7.3, examples/hodgkin_huxley/HodgkinHuxley.py (dt = 0.02,
  # V0 = -50, I = 200 during 100-101 ms): one spike at 100.44 ms; V, n, m, h
  # recorded at these (0-based) steps
  expect_equal(e$spike_times, 100.44, tolerance = 1e-9)
  steps <- c(0, 1, 2, 10, 100, 1000, 4999, 5000, 5010, 5025, 5049, 5050, 5100, 5200, 5500, 6000, 7500, 10049) + 1
  expect_equal(nrow(e$data$V), 10050)
  expect_equal(unname(e$data$V[steps, 1]), c(-50.243475536918424, -50.486717447394575, -50.72674305478989, -52.14889531600542, 8.257759522210542, -69.74152170229567, -69.9967905036692, -66.02388996669649, -28.441777731043388, 40.31453515550898, 24.338936654539673, 20.15094035611201, -76.48936716061489, -80.2221895905902, -73.85923676910868, -69.77374307001938, -69.99669745557661, -69.99679004401709), tolerance = 1e-9)
  expect_equal(unname(e$data$n[steps, 1]), c(0.30162649966968735, 0.303220573790484, 0.3047826123572884, 0.3162713710009374, 0.5354879736237683, 0.3167304984079885, 0.3177260889440039, 0.3177260889790072, 0.33493554527226355, 0.44723250157116845, 0.6441384269918343, 0.6495985390798137, 0.6960050961325719, 0.5439963226699045, 0.33557945156001706, 0.31769794332798923, 0.3177285051914576, 0.31772610954639313), tolerance = 1e-9)
  expect_equal(unname(e$data$m[steps, 1]), c(0.014815923905611346, 0.028330969278784545, 0.04064456327553388, 0.10630779779103801, 0.6811968811682712, 0.05404034194863309, 0.052945590211686676, 0.0529455902149754, 0.16315022744395039, 0.7271842563644335, 0.8673358456982134, 0.8646527164740165, 0.1629926990673667, 0.022765091580248396, 0.03823004772581681, 0.053933259377836114, 0.05294596307076124, 0.05294559214631126), tolerance = 1e-9)
  expect_equal(unname(e$data$h[steps, 1]), c(0.5969876189442159, 0.5940520098606287, 0.5911915415552407, 0.570597656177658, 0.23672355168624534, 0.5907775289546446, 0.5960080585233396, 0.5960080595721058, 0.5600165693980205, 0.42171548489119964, 0.2611282481424783, 0.2559753068865298, 0.1645467750579247, 0.33234390516054824, 0.5785833279348366, 0.5996833717239332, 0.5960935883916916, 0.5960086758592034), tolerance = 1e-9)
  expect_equal(max(e$data$V), 42.30431529524795, tolerance = 1e-9)
  expect_equal(which.max(e$data$V), 5028 + 1)
})

test_that("refractoriness.R: refractory periods drawn per neuron, rates as ANNarchy's", {
  e <- run_example("refractoriness")
  r <- e$pop$refractory
  expect_length(r, 25)
  expect_true(all(r >= 1 & r <= 5))
  expect_gt(length(unique(r)), 20)
  # ANNarchy 4.7.3 (examples/refractoriness, seeds 1 and 2): 245 and 242
  # spikes in 500 ms, 9 or 10 per neuron
  expect_true(nrow(e$spikes) >= 230 && nrow(e$spikes) <= 255)
  expect_true(all(e$counts %in% 9:10))
})

test_that("a refractory distribution is drawn from the network seed", {
  n <- Neuron(parameters = "tau = 20.0", equations = "tau * dx/dt + x = 1.1",
              spike = "x > 1", reset = "x = 0", refractory = Uniform(1, 5))
  draw <- function(seed) {
    clear(); setup(dt = 1, seed = seed)
    p <- Population(10, n); compile(); p$refractory
  }
  expect_identical(draw(3), draw(3))
  expect_false(identical(draw(3), draw(4)))
  expect_output(print(n), "Uniform")
  # deterministic check against ANNarchy 4.7.3: sigma = 0, pop.refractory =
  # (1, 2.5, 4.9) set after compile (int(value / dt) steps: 1, 2, 4);
  # ANNarchy's spike times:
  clear(); setup(dt = 1)
  p <- Population(3, n)
  m <- Monitor(p, "spike")
  compile()
  p$refractory <- c(1, 2.5, 4.9)
  simulate(200)
  s <- m$get("spike")
  expect_equal(s$time[s$neuron == 1], c(46, 94, 142, 190))
  expect_equal(s$time[s$neuron == 2], c(46, 95, 144, 193))
  expect_equal(s$time[s$neuron == 3], c(46, 97, 148, 199))
  # a parameter holding a distribution works the same way
  n2 <- Neuron(parameters = "tau = 20.0\nt_ref = 2.0", equations = "tau * dx/dt + x = 1.1",
               spike = "x > 1", reset = "x = 0", refractory = "t_ref")
  clear(); setup(dt = 1, seed = 1)
  p2 <- Population(3, n2)
  p2$t_ref <- Uniform(1, 5)
  m2 <- Monitor(p2, "spike")
  compile()
  expect_true(all(p2$t_ref >= 1 & p2$t_ref <= 5))
  simulate(200)
  s2 <- m2$get("spike")
  for (i in 1:3) {
    isi <- diff(s2$time[s2$neuron == i])
    expect_true(all(isi == 48 + floor(p2$t_ref[i] + 1e-6) - 1))
  }
  expect_error(Neuron(equations = "dv/dt = 1", spike = "v > 1", refractory = "2 * t_ref"),
               "refractory")
})

test_that("izhikevich.R: the pulse-coupled network fires as ANNarchy's", {
  e <- run_example("izhikevich")
  # ANNarchy 4.7.3 (examples/izhikevich, seeds 1, 2, 3): 9045, 9278, 9200
  # spikes in 1000 ms (excitatory 7092-7344, inhibitory 1856-2052), about
  # 9 spikes per 1-ms bin on average with synchronous bursts (the largest
  # bin holds 66-159 spikes, 52-85 bins hold more than 20)
  n <- nrow(e$spikes)
  expect_true(n > 8500 && n < 10000)
  inh <- sum(e$spikes$neuron > 800)
  expect_true(inh > 1700 && inh < 2200)
  expect_true(max(e$fr$spikes) > 50)
  expect_true(sum(e$fr$spikes > 20) > 30 && sum(e$fr$spikes > 20) < 120)
  expect_equal(dim(e$v), c(1000, 1000))
})
