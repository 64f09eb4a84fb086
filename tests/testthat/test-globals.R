# Global functions on the default network; stats::simulate/step still work.

test_that("time, steps and reset", {
  clear()
  setup(dt = 0.25)
  inp <- PoissonPopulation(5, rates = 10)
  m <- Monitor(inp, "spike")
  expect_equal(get_time(), 0)
  expect_error(simulate(10), "not compiled")
  compile()
  expect_error(setup(dt = 1), "compiled")
  simulate(10)
  expect_equal(get_current_step(), 40)
  expect_equal(get_time(), 10)
  step()
  expect_equal(get_current_step(), 41)
  set_time(5)
  expect_equal(get_current_step(), 20)
  set_current_step(8)
  expect_equal(get_time(), 2)
  reset()
  expect_equal(get_time(), 0)
  expect_equal(nrow(m$get("spike")), 0L)
  expect_error(simulate(-1), "duration")
  expect_error(set_time(-1), "`t`")
  expect_error(set_seed(-3), "seed")
  expect_error(Population(3, inp$neuron), "compiled")
})

test_that("get_population / get_projection / clear", {
  clear()
  inp <- PoissonPopulation(5, rates = 10, name = "input")
  expect_identical(get_population("input"), inp)
  expect_error(get_projection("none"), "no projection named 'none'")
  clear()
  expect_error(get_population("input"), "no population named")
})

test_that("no seed: set.seed() makes compile() reproducible", {
  run <- function() {
    clear()
    inp <- PoissonPopulation(20, rates = 100)
    m <- Monitor(inp, "spike")
    set.seed(123)
    compile()
    simulate(50)
    m$get("spike")
  }
  expect_identical(run(), run())
})

test_that("stats::simulate and stats::step keep working", {
  fit <- lm(dist ~ speed, data = cars)
  sims <- simulate(fit, nsim = 2, seed = 1)
  expect_equal(dim(sims), c(50L, 2L))
  full <- lm(mpg ~ wt + hp + qsec, data = mtcars)
  best <- step(full, trace = 0)
  expect_s3_class(best, "lm")
  clear()
  PoissonPopulation(2, rates = 1)
  compile()
  step()
  expect_equal(get_current_step(), 1)
  expect_error(simulate("100"), "duration must be one non-negative number of ms, not a character")
  expect_error(simulate(NA), "not a logical")
  expect_equal(get_current_step(), 1)
})

test_that("simulate_until stops when the stop condition holds", {
  clear()
  rate <- Neuron(parameters = "tau = 10.0", equations = "tau * dr/dt = 1 - r",
                 name = "Rate")
  pop <- Population(3, rate, stop_condition = "r > 0.5")
  other <- Population(3, rate)
  compile()
  done <- simulate_until(1000, pop)
  expect_equal(done, get_time())
  expect_lt(get_time(), 20)
  expect_true(all(pop$r > 0.5))
  expect_error(simulate_until(100, other), "no stop_condition")
  expect_error(simulate_until(100, "pop"), "population")
})

test_that("a run cut into slices for the progress bar gives the same result", {
  run <- function(progress) {
    clear()
    setup(dt = 0.5, seed = 3)
    inp <- PoissonPopulation(50, rates = 20)
    out <- Population(20, IF_cond_exp)
    Projection(inp, out, "exc")$connect_fixed_probability(probability = 0.3, weights = 0.05)
    m <- Monitor(out, c("spike", "v"))
    compile()
    simulate(2500.25, progress = progress)   # 5001 steps: 5 slices of 1024 and a rest
    list(step = get_current_step(), data = m$get())
  }
  expect_identical(run(TRUE), run(FALSE))
  expect_equal(run(FALSE)$step, 5001)
  expect_error(simulate(10, progress = "yes"), "`progress` must be TRUE, FALSE or NULL")
})

test_that("Ctrl-C stops a simulation at a step boundary with a warning; the network stays usable", {
  skip_on_os("windows")
  # In a separate R process that gets SIGINT (as Ctrl-C sends) from a forked
  # child while the C++ loop runs a long simulation. The child does not guess
  # when the loop runs: it waits (at most 60 s) for a file that a tracer writes
  # when the first slice of the run has returned, so the signal always lands
  # inside the run (in the core's loop or between two slices), however slowly
  # the process starts on a busy machine. The run (1e7 steps, well over 60 s)
  # ends by itself if no signal comes, so the test cannot hang.
  script <- tempfile(fileext = ".R")
  writeLines(c(
    "suppressPackageStartupMessages(library(annr))",
    "setup(dt = 1, seed = 1)",
    "pop <- Population(2000, LeakyIntegrator)",
    "compile()",
    "ready <- tempfile()",
    "trace('.annr_network_simulate', exit = quote(file.create(ready)),",
    "      where = asNamespace('annr'), print = FALSE)",
    "parent <- Sys.getpid()",
    "job <- parallel::mcparallel({",
    "  deadline <- Sys.time() + 60",
    "  while (!file.exists(ready) && Sys.time() < deadline) Sys.sleep(0.02)",
    "  tools::pskill(parent, tools::SIGINT)",
    "})",
    "w <- NULL",
    "withCallingHandlers(simulate(1e7, progress = TRUE), warning = function(c) {",
    "  w <<- conditionMessage(c); invokeRestart('muffleWarning') })",
    "invisible(parallel::mccollect(job))",
    "untrace('.annr_network_simulate', where = asNamespace('annr'))",
    "n <- get_current_step()",
    "simulate(10)",
    "cat('WARNING:', w, '\\n')",
    "cat('STEPS:', n, get_current_step() - n, '\\n')"), script)
  out <- system2(file.path(R.home("bin"), "Rscript"), script, stdout = TRUE, stderr = TRUE,
                 env = paste0("R_LIBS=", paste(.libPaths(), collapse = .Platform$path.sep)))
  warning_line <- grep("^WARNING:", out, value = TRUE)
  expect_match(warning_line, "simulation interrupted by the user after [0-9]+ of 10000000 steps",
               info = paste(out, collapse = "\n"))
  steps <- as.numeric(strsplit(sub("^STEPS: ", "", grep("^STEPS:", out, value = TRUE)), " ")[[1]])
  expect_gt(steps[1], 0)
  expect_lt(steps[1], 1e7)
  expect_equal(steps[2], 10)   # it goes on after the interruption
  # the warning names the steps the network really made
  expect_match(warning_line, sprintf("after %.0f of", steps[1]), fixed = TRUE)
})
