# Ported ANNarchy examples (inst/examples/), each against the figures
# ANNarchy 4.7.3 printed for the same script.

source_example <- function(name) {
  path <- system.file("examples", name, package = "annr")
  if (!nzchar(path)) path <- testthat::test_path("..", "..", "inst", "examples", name)
  env <- new.env()
  old <- options(annr.examples.define_only = TRUE)
  on.exit(options(old))
  sys.source(path, envir = env)
  env
}

# ANNarchy 4.7.3, examples/gap_junctions/GapJunctions.py as shipped (dt 0.1,
# 500 ms): v of neurons 0 and 5 (Monitor(pop[0] + pop[5], 'v')) at some steps,
# and the spike steps of every neuron (Monitor(pop, 'spike')).
gap_v_rows <- c(1, 251, 501, 751, 1001, 1251, 1501, 1751, 2001, 2251, 2501, 2751, 3001, 3251, 3501, 3751, 4001, 4251, 4501, 4751, 5000)
gap_v <- rbind(c(0.0115, 0.560388888888889), c(0.96561613234288, 0.992452305558489), c(0.427987934266734, 0.922010236668217), c(0.980039148538715, 0.584857593559657), c(0.811093176365142, 0.987762247145458), c(0.99754649459224, 0.889560424972304), c(0.948287348232969, 0.330894168991408), c(0.651116834356886, 0.975052178335316), c(0.99013405273659, 0.814650252652975), c(0.905013889201166, 0.998555617077916), c(0.408208651092997, 0.953337805499257), c(0.97825707172971, 0.69109686493014), c(0.83677241126557, 0.992285851531752), c(0.0119932487867776, 0.918255924241193), c(0.958864005240702, 0.482064831552521), c(0.723760196781258, 0.981972142983245), c(0.994656310478255, 0.8588069084232), c(0.926770363145318, 0.135101031125085), c(0.53635754541276, 0.965088319812287), c(0.985257703990837, 0.759695640726702), c(0.872065512050139, 0.995702936906801))
gap_spike_steps <- list(c(454, 865, 1266, 1664, 2061, 2457, 2853, 3249, 3645, 4041, 4437, 4833), c(421, 828, 1227, 1624, 2020, 2416, 2812, 3208, 3604, 4000, 4396, 4792), c(389, 791, 1189, 1586, 1982, 2378, 2774, 3170, 3566, 3962, 4358, 4754), c(356, 753, 1150, 1546, 1942, 2338, 2734, 3130, 3526, 3922, 4318, 4714), c(323, 715, 1110, 1506, 1902, 2298, 2694, 3090, 3486, 3882, 4278, 4674), c(292, 678, 1072, 1467, 1863, 2259, 2654, 3050, 3446, 3842, 4238, 4634), c(260, 640, 1032, 1428, 1824, 2220, 2616, 3012, 3408, 3804, 4200, 4596, 4992), c(226, 603, 992, 1387, 1783, 2179, 2575, 2971, 3367, 3763, 4159, 4555, 4951), c(186, 569, 957, 1349, 1744, 2139, 2535, 2931, 3327, 3723, 4119, 4515, 4911), c(108, 520, 918, 1313, 1707, 2102, 2497, 2893, 3289, 3685, 4081, 4477, 4873))

test_that("gap_junctions.R gives ANNarchy's traces and spike times", {
  ex <- source_example("gap_junctions.R")
  res <- ex$run_gap_junctions(500)
  expect_equal(unname(res$v[gap_v_rows, , drop = FALSE]), unname(gap_v), tolerance = 1e-9)
  for (k in 1:10) {
    expect_equal(res$spikes$time[res$spikes$neuron == k], gap_spike_steps[[k]] * 0.1, tolerance = 1e-9,
                 label = paste("spike times of neuron", k))
  }
})

# ANNarchy 4.7.3, examples/simple_stdp/SimpleSTDPModel.py (dt = 1, 1000
# Poisson inputs at 15 Hz, STDP with A_minus = 1.05 A_plus), six runs of
# 10 s from fresh uniform weights (different random streams):
#   output spikes in the 1st second: 86 69 71 74 75 94 (mean 78)
#   mean of the 9th and 10th seconds: 41 42.5 45 40 44 45 (mean 43)
#   at 10 s, w / gmax: mean 0.457 0.448 0.461 0.456 0.454 0.462
#     (< 0.1: 0.148 0.177 0.163 0.176 0.166 0.152; > 0.9: 0.085 0.078 0.075
#     0.084 0.084 0.090)
# (at 20 s: 26-37 Hz, mean w / gmax 0.44). Bounds: about 3 to 4 standard
# deviations of those runs. Before annr timed pre-synaptic events as ANNarchy
# does, the rate climbed instead and the weights potentiated.
check_simple_stdp <- function(res) {
  r <- res$rate_per_second
  w <- res$weights / res$gmax
  expect_gt(r[1], 50)
  expect_lt(r[1], 110)
  late <- mean(r[9:10])
  expect_gt(late, 32)
  expect_lt(late, 54)
  expect_lt(late / r[1], 0.8)
  expect_gt(mean(w), 0.435)
  expect_lt(mean(w), 0.475)
  expect_gt(mean(w < 0.1), 0.12)
  expect_lt(mean(w < 0.1), 0.21)
  expect_gt(mean(w > 0.9), 0.055)
  expect_lt(mean(w > 0.9), 0.115)
  expect_equal(res$input_rate, 15, tolerance = 0.02)
}

test_that("simple_stdp.R depresses as ANNarchy's SimpleSTDP does (dt = 1)", {
  ex <- source_example("simple_stdp.R")
  check_simple_stdp(ex$run_simple_stdp(10000, dt = 1, seed = 1))
})

# ANNarchy 4.7.3, the same script at dt = 0.1, three runs of 10 s: 1st second
# 84 81 85; mean of the 9th and 10th seconds 42.5 47.5 43.5; at 10 s,
# w / gmax mean 0.462 0.459 0.458, < 0.1: 0.173 0.189 0.153, > 0.9: 0.083
# 0.088 0.068.
test_that("simple_stdp.R depresses as ANNarchy's SimpleSTDP does (dt = 0.1)", {
  ex <- source_example("simple_stdp.R")
  check_simple_stdp(ex$run_simple_stdp(10000, dt = 0.1, seed = 2))
})

# ANNarchy 4.7.3, examples/tsodyks_markram/TsodyksMarkram.py as shipped
# (dt = 0.25, 10 s), four seeds: excitatory rate 5.26 4.15 4.96 5.36 Hz,
# inhibitory 18.07 16.42 16.70 17.96 Hz; 90 % quantile of the excitatory
# neurons' rates 12.9 11.2 12.3 12.8 Hz, median 2.35 1.5 2.4 2.65 Hz;
# population bursts (1-ms bins with > 40 excitatory spikes, runs counted
# once) 10 11 17 17.
test_that("tsodyks_markram.R fires as ANNarchy's TsodyksMarkram does", {
  ex <- source_example("tsodyks_markram.R")
  res <- ex$run_tsodyks_markram(10000, seed = 1)
  expect_gt(res$exc_rate, 3.5)
  expect_lt(res$exc_rate, 6.5)
  expect_gt(res$inh_rate, 14.5)
  expect_lt(res$inh_rate, 20)
  rates <- tabulate(res$exc$neuron, 400) / 10
  expect_gt(quantile(rates, 0.9), 9.5)
  expect_lt(quantile(rates, 0.9), 15)
  expect_gt(median(rates), 1)
  expect_lt(median(rates), 3.5)
  bursts <- ex$count_bursts(res$histogram, 0.1)
  expect_gte(bursts, 5)
  expect_lte(bursts, 30)
})
