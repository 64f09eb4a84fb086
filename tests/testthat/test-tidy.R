# Results as tidy data (issue 12): sweeps that keep silent conditions,
# data frames / tibbles of monitors, autoplot() and summary() methods, the
# reset() of future and annr side by side, and clear errors for negative
# Poisson rates and a bad backend. Values are hand-worked (none of this
# exists in ANNarchy).

# Three neurons with constant input currents: deterministic spikes and v.
tidy_network <- function() {
  clear()
  annr::setup(dt = 1, seed = 3)
  pop <- Population(3, Izhikevich)
  pop$i_offset <- c(0, 10, 20)
  m <- Monitor(pop, c("spike", "v", "u"))
  compile()
  simulate(50)
  list(pop = pop, m = m)
}

test_that("bind_rasters keeps the conditions that fired no spike", {
  r <- list(data.frame(time = c(1, 2), neuron = c(3L, 4L)),
            data.frame(time = numeric(0), neuron = integer(0)),
            data.frame(time = 5, neuron = 1L))
  b <- bind_rasters(r, rate = c(10, 0, 20))
  expect_s3_class(b, "data.frame")
  expect_equal(names(b), c("idx", "rate", "time", "neuron"))
  expect_equal(levels(b$idx), c("1", "2", "3"))
  expect_equal(as.vector(table(b$idx)), c(2L, 0L, 1L))
  expect_equal(attr(b, "conditions")$rate, c(10, 0, 20))
  counts <- spike_counts(b)
  expect_equal(counts$spikes, c(2L, 0L, 1L))
  expect_equal(counts$rate, c(10, 0, 20))  # the swept parameter
  expect_equal(spike_counts(b, n_neurons = 2, duration = 500)$firing_rate, c(2, 0, 1))
  expect_error(spike_counts(bind_rasters(r, spikes = 1:3)), "adds a column `spikes`")
  # filtered: the conditions left without rows count 0
  expect_equal(spike_counts(b[b$time > 1.5, ])$spikes, c(1L, 0L, 1L))
  expect_error(spike_counts(b, n_neurons = 2), "both `n_neurons` and `duration`")
  expect_error(bind_rasters(r, time = 1:3), "`time` cannot be the name")
  expect_error(bind_rasters(r, rate = 1), "one value per result")
  # every condition silent: zero rows, every condition still there
  silent <- bind_rasters(r[c(2, 2)], rate = c(1, 2))
  expect_equal(nrow(silent), 0)
  expect_equal(spike_counts(silent)$spikes, c(0L, 0L))
  # as.data.frame() / as_tibble() give plain tables
  expect_identical(class(as.data.frame(b)), "data.frame")
  expect_null(attr(as.data.frame(b), "conditions"))
  skip_if_not_installed("dplyr")
  d <- dplyr::count(b, idx, .drop = FALSE)
  expect_equal(d$n, c(2L, 0L, 1L))
  skip_if_not_installed("tibble")
  tb <- tibble::as_tibble(b)
  expect_s3_class(tb, "tbl_df")
  expect_equal(nrow(tb), 3)
})

test_that("a sweep's silent condition survives parallel_run + bind_rasters", {
  clear()
  annr::setup(dt = 1, seed = 1)
  inp <- PoissonPopulation(20, rates = 10)
  m <- Monitor(inp, "spike")
  rates <- c(0, 50)
  res <- parallel_run(function(idx, net, rate) {
    net[[inp]]$rates <- rate
    net$simulate(100)
    net[[m]]$raster_plot()
  }, number = 2, rate = rates, backend = "sequential")
  sweep <- bind_rasters(res, input = rates)
  counts <- spike_counts(sweep, n_neurons = 20, duration = 100)
  expect_equal(counts$input, rates)
  expect_equal(counts$spikes[1], 0L)
  expect_equal(counts$spikes[2], nrow(res[[2]]))
  expect_gt(counts$firing_rate[2], 20)
})

test_that("monitors convert to data frames: spikes and the long format", {
  net <- tidy_network()
  m <- net$m
  v <- m$get("v", keep = TRUE)
  s <- m$get("spike", keep = TRUE)
  long <- as.data.frame(m)
  expect_equal(names(long), c("time", "neuron", "variable", "value"))
  expect_equal(nrow(long), 2 * 50 * 3)
  expect_equal(unique(long$variable), c("v", "u"))
  lv <- long[long$variable == "v", ]
  expect_equal(lv$value[lv$neuron == 2], as.numeric(v[, 2]))
  expect_equal(lv$time[lv$neuron == 2], attr(v, "times"))
  spikes <- as.data.frame(m, variables = "spike")
  expect_equal(names(spikes), c("time", "neuron"))
  expect_equal(nrow(spikes), nrow(s))
  expect_gt(nrow(spikes), 0)
  # reading with as.data.frame() keeps the recording
  expect_equal(nrow(as.data.frame(m, variables = "spike")), nrow(s))
  expect_equal(nrow(m$get("spike")), nrow(s))
  expect_error(as.data.frame(m, variables = c("spike", "v")), "different shapes")
  expect_error(as.data.frame(m, variables = "w"), "does not record 'w'")
  skip_if_not_installed("tibble")
  tb <- tibble::as_tibble(m, variables = "u")
  expect_s3_class(tb, "tbl_df")
  expect_equal(tb$value, as.numeric(m$get("u", keep = TRUE)))
})

test_that("a monitor of a projection converts to time, post, pre, variable, value", {
  clear()
  annr::setup(dt = 1, seed = 2)
  pre <- InputArray(2)
  pre$r <- c(1, 2)
  post <- Population(2, LeakyIntegrator)
  proj <- Projection(pre, post, "exc", synapse = Hebb(eta = 0.1))
  proj$connect_all_to_all(weights = 0.5)
  pm <- Monitor(proj, "w")
  compile()
  simulate(3)
  w <- pm$get("w", keep = TRUE)
  d <- as.data.frame(pm)
  expect_equal(names(d), c("time", "post", "pre", "variable", "value"))
  expect_equal(nrow(d), length(w))
  expect_equal(d$post, rep(attr(w, "post"), each = nrow(w)))
  expect_equal(d$pre, rep(attr(w, "pre"), each = nrow(w)))
  expect_equal(d$value, as.numeric(w))
})

test_that("autoplot() draws rasters, rates, variables and sweeps", {
  skip_if_not_installed("ggplot2")
  net <- tidy_network()
  m <- net$m
  p <- ggplot2::autoplot(m, "raster")
  expect_s3_class(p, "ggplot")
  b <- ggplot2::ggplot_build(p)
  expect_equal(nrow(b$data[[1]]), nrow(m$get("spike", keep = TRUE)))
  p <- ggplot2::autoplot(m)   # variables by default: one line per neuron, a panel per variable
  b <- ggplot2::ggplot_build(p)
  expect_equal(nrow(b$data[[1]]), 2 * 50 * 3)
  expect_equal(length(unique(b$data[[1]]$PANEL)), 2)
  p <- ggplot2::autoplot(m, "variables", variables = "v", neurons = 3)
  expect_equal(nrow(ggplot2::ggplot_build(p)$data[[1]]), 50)
  p <- ggplot2::autoplot(m, "rate")
  r <- ggplot2::ggplot_build(p)$data[[1]]
  # 3 neurons, 1 ms steps: a spike adds 1000 / 3 Hz to its step
  expect_equal(sum(r$y) * 3 / 1000, nrow(m$get("spike", keep = TRUE)))
  expect_error(ggplot2::autoplot(m, "histogram"), "`type` must be one of")
  expect_error(ggplot2::autoplot(m, "variables", neurons = 7), "`neurons`")

  r <- list(data.frame(time = c(1, 12, 15), neuron = c(1L, 2L, 1L)),
            data.frame(time = numeric(0), neuron = integer(0)),
            data.frame(time = c(3, 4), neuron = c(2L, 2L)))
  sweep <- bind_rasters(r, rate = c(10, 0, 20), group = c("a", "a", "b"))
  p <- ggplot2::autoplot(sweep, bins = 10, duration = 20)
  d <- ggplot2::ggplot_build(p)$data[[1]]
  expect_equal(nrow(d), 3 * 2)                 # 3 conditions x 2 bins, zeros included
  expect_equal(d$y, c(1, 2, 0, 0, 2, 0))
  expect_equal(length(unique(d$colour)), 3)    # coloured by `rate`
  p <- ggplot2::autoplot(sweep, "counts", n_neurons = 2, duration = 1000)
  d <- ggplot2::ggplot_build(p)$data[[2]]
  expect_equal(d$x, c(10, 0, 20))
  expect_equal(d$y, c(1.5, 0, 1))
  expect_equal(length(unique(d$colour)), 2)    # coloured by the second parameter
  p <- ggplot2::autoplot(sweep, "raster", colour = "group")
  expect_equal(nrow(ggplot2::ggplot_build(p)$data[[1]]), 5)
  expect_error(ggplot2::autoplot(sweep, colour = "nope"), "`colour` must be the name")
  expect_error(ggplot2::autoplot(sweep, duration = -1), "`duration` must be one positive")
  # without a duration the bins end with the last spike's: 0-10, 10-20
  d <- ggplot2::ggplot_build(ggplot2::autoplot(sweep, bins = 10))$data[[1]]
  expect_equal(d$y, c(1, 2, 0, 0, 2, 0))
  # after dplyr::filter() the sweep still plots, silent conditions included
  skip_if_not_installed("dplyr")
  f <- dplyr::filter(sweep, time < 10)
  expect_s3_class(f, "annr_sweep")
  d <- ggplot2::ggplot_build(ggplot2::autoplot(f, bins = 10))$data[[1]]
  expect_equal(d$y, c(1, 0, 2))
})

test_that("summary() of populations, projections, monitors and networks", {
  clear()
  annr::setup(dt = 1, seed = 4)
  pop <- Population(4, Izhikevich)
  pop$v <- c(-70, -65, -60, -55)
  inp <- PoissonPopulation(5, rates = 10)
  proj <- Projection(inp, pop, "exc")
  proj$connect_all_to_all(weights = 2)
  m <- Monitor(pop, c("spike", "v"))
  s <- summary(pop)
  expect_s3_class(s, "summary.annr_population")
  expect_equal(s$size, 4)
  expect_equal(s$model, "Izhikevich")
  row <- s$attributes[s$attributes$name == "v", ]
  expect_equal(c(row$min, row$mean, row$max), c(-70, -62.5, -55))
  expect_output(print(s), "Population 'pop1': 4 neuron\\(s\\), model Izhikevich \\(spiking\\)")
  expect_output(print(summary(pop[1:2])), "View of 2 neuron")
  expect_output(print(summary(proj)), "Not compiled")
  expect_output(print(summary(m)), "Not compiled")
  compile()
  simulate(10)
  sp <- summary(proj)
  expect_equal(sp$synapses, 20)
  expect_equal(sp$weights[["mean"]], 2)
  expect_output(print(sp), "Synapses: 20 on 4 post-synaptic neuron")
  sm <- summary(m)
  expect_equal(sm$held[["v"]], 10L)
  expect_output(print(sm), "10 samples of v")
  expect_equal(nrow(m$get("v")), 10)   # summary() did not empty it
  net <- Network(everything = TRUE)
  sn <- summary(net)
  expect_equal(sn$populations$name, c("pop1", "pop2"))
  expect_equal(nrow(sn$projections), 1)
  expect_output(print(sn), "Populations: 2")
})

test_that("reset() works next to future's reset()", {
  skip_if_not_installed("future")
  skip_if(utils::packageVersion("future") < "1.40", "future < 1.40 has no reset()")
  rscript <- file.path(R.home("bin"), "Rscript")
  run <- function(code) {
    f <- tempfile(fileext = ".R")
    writeLines(code, f)
    env <- paste0("R_LIBS=", paste(.libPaths(), collapse = .Platform$path.sep))
    suppressWarnings(system2(rscript, f, stdout = TRUE, stderr = TRUE, env = env))
  }
  out <- run(c(
    "suppressPackageStartupMessages({library(future); library(annr)})",
    "clear(); inp <- PoissonPopulation(2, rates = 10); compile(); simulate(5)",
    "reset(); cat('annr time', get_time(), '\\n')",
    "plan(sequential); f <- future(1); value(f)",
    "cat('future reset', inherits(reset(f), 'Future'), '\\n')"))
  expect_true(any(grepl("annr time 0", out)), info = paste(out, collapse = "\n"))
  expect_true(any(grepl("future reset TRUE", out)), info = paste(out, collapse = "\n"))
  out <- run(c(
    "suppressPackageStartupMessages({library(annr); library(future)})",
    "clear(); inp <- PoissonPopulation(2, rates = 10); compile(); simulate(5)",
    "annr::reset(); cat('annr time', get_time(), '\\n')"))
  expect_true(any(grepl("annr time 0", out)), info = paste(out, collapse = "\n"))
})

test_that("negative Poisson rates are refused with the argument's name", {
  clear()
  expect_error(PoissonPopulation(3, rates = -1), "`rates` must be >= 0 \\(Hz\\); got -1")
  expect_error(PoissonPopulation(3, rates = c(1, -2, 3)), "got -2")
  expect_length(default_network()$populations, 0)   # nothing half-created
  pop <- PoissonPopulation(3, rates = 10)
  expect_error(pop$rates <- -1, "`rates` of population 'pop[0-9]+' must be >= 0")
  expect_error(pop[2]$rates <- -5, "`rates` of population")
  expect_error(pop$set(list(rates = c(1, 1, -1))), "must be >= 0")
  expect_error(TimedPoissonPopulation(rbind(c(1, -1)), schedule = 10), "`rates` must be >= 0")
  tp <- TimedPoissonPopulation(rbind(c(1, 2)), schedule = 10)
  expect_error(tp$rates <- -3, "`rates` of population")
  expect_error(HomogeneousCorrelatedSpikeTrains(5, rates = -1, corr = 0.1, tau = 10),
               "`rates` must be >= 0")
  pop$rates <- 0                       # zero is a rate
  expect_equal(pop$rates, rep(0, 3))
  compile()
  expect_error(pop$rates <- -1, "must be >= 0")   # also on the compiled network
})

test_that("a bad backend names the argument", {
  clear()
  inp <- PoissonPopulation(2, rates = 10)
  f <- function(idx, net) idx
  expect_error(parallel_run(f, number = 2, backend = "cluster"),
               "`backend` must be one of \"fork\", \"future\", \"threads\", \"sequential\".*not \"cluster\"")
  expect_error(parallel_run(f, number = 2, backend = 1), "`backend` must be one of")
  expect_error(parallel_run(f, number = 2, backend = "f"), "`backend`")   # ambiguous
  expect_equal(parallel_run(f, number = 2, backend = "seq"), list(1L, 2L))
})

test_that("bind_results binds any results of a sweep", {
  b <- bind_results(list(2.5, 4, 0), rate = c(10, 20, 0))
  expect_equal(names(b), c("idx", "rate", "value"))
  expect_equal(b$value, c(2.5, 4, 0))
  expect_equal(levels(b$idx), c("1", "2", "3"))
  d <- bind_results(list(data.frame(time = 0:1, r = c(1, 2)),
                         data.frame(time = numeric(0), r = numeric(0)),
                         data.frame(time = 0, r = 3, extra = "x")), input = c("a", "b", "c"))
  expect_equal(nrow(d), 3)
  expect_equal(as.vector(table(d$idx)), c(2L, 0L, 1L))
  expect_equal(d$input, c("a", "a", "c"))
  expect_equal(d$r, c(1, 2, 3))
  expect_equal(d$extra, c(NA, NA, "x"))
  v <- bind_results(list(c(mean = 1, sd = 2), list(mean = 3, sd = 4)))
  expect_equal(v$mean, c(1, 3))
  expect_equal(v$sd, c(2, 4))
  expect_error(bind_results(list(1, 1:3)), "results\\[\\[2\\]\\] is of class integer")
  expect_error(bind_results(list(1), rate = 1:2), "one value per result")
  expect_error(bind_results(list(data.frame(idx = 1))), "column `idx`")
  err <- structure(class = c("annr_run_error", "error", "condition"),
                   list(message = "boom", call = NULL, idx = 2))
  expect_error(bind_results(list(1, err)), "results\\[\\[2\\]\\] is an error \\(boom\\)")
})
