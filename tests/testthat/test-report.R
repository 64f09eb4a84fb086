# report(): Markdown and LaTeX descriptions of a network (the sections of
# ANNarchy's report()).

report_net <- function() {
  clear()
  add_function("sq(x) = x * x")
  rate <- Neuron(parameters = "tau = 10.0 : population\nbaseline = 1.0",
                 equations = "tau * dmp/dt + mp = sum(exc) + baseline\nr = pos(mp)",
                 name = "Rate_1")
  inp <- Population(4, rate, name = "in_put")
  out <- Population(c(2, 2), rate, name = "out")
  exc <- Population(3, Izhikevich(), name = "exc")
  proj <- Projection(inp, out, "exc", synapse = Oja(), name = "ff")
  proj$connect_all_to_all(weights = Uniform(0, 1))
  proj$eta <- 0.05
  ee <- Projection(exc, exc, "exc", synapse = STDP())
  ee$connect_fixed_probability(0.5, weights = 0.1)
  Monitor(out, "r", period = 2)
  Monitor(exc, "spike")
}

test_that("report() writes the sections, models and parameters in Markdown", {
  report_net()
  f <- tempfile(fileext = ".md")
  expect_identical(report(f, title = "My net"), f)
  md <- readLines(f)
  expect_identical(md[1:2], c("---", "title: My net"))
  for (h in c("# Structure of the network", "## Populations", "## Projections", "## Monitors",
              "## Functions", "# Neuron models", "## Rate_1", "## Izhikevich", "# Synapse models",
              "## Oja", "## STDP", "# Parameters", "## Population parameters",
              "## Projection parameters")) {
    expect_true(h %in% md, info = h)
  }
  text <- paste(md, collapse = "\n")
  expect_match(text, "| out            | (2, 2)   | Rate_1          |", fixed = TRUE)
  expect_match(text, "All-to-All, weights Uniform(min = 0, max = 1), delays 0", fixed = TRUE)
  expect_match(text, "Random, sparseness 0.5, weights 0.1, delays 0", fixed = TRUE)
  expect_match(text, "| out        | r             | 2               |", fixed = TRUE)
  expect_match(text, "sq(x) = x * x", fixed = TRUE)
  expect_match(text, "tau * dmp/dt + mp = sum(exc) + baseline", fixed = TRUE)
  expect_match(text, "* mp: per neuron, initial value: 0, explicit numerical method", fixed = TRUE)
  expect_match(text, "**Spike emission:**", fixed = TRUE)
  expect_match(text, "**Pre-synaptic event at t_pre + d:**", fixed = TRUE)
  expect_match(text, "| tau      | 10                | per population | float    |", fixed = TRUE)
  # the value set on the projection, not the model's default
  expect_match(text, "in_put -> out with target exc \\| Oja +\\| eta +\\| 0.05 ")
  # the global function is listed once, not again under each model
  expect_equal(sum(md == "sq(x) = x * x"), 1)
})

test_that("report() writes LaTeX, standalone or not, with special characters escaped", {
  report_net()
  f <- tempfile(fileext = ".tex")
  report(f)
  tex <- readLines(f)
  expect_identical(tex[1], "\\documentclass{article}")
  expect_true("\\end{document}" %in% tex)
  expect_true("\\section*{Structure of the network}" %in% tex)
  expect_true(any(grepl("^in\\\\_put & 4 & Rate\\\\_1 \\\\\\\\$", tex)))
  expect_true("\\begin{verbatim}" %in% tex)
  report(f, standalone = FALSE)
  body <- readLines(f)
  expect_false(any(grepl("documentclass|begin\\{document\\}", body)))
  expect_true("\\section*{Neuron models}" %in% body)
})

test_that("report() names unnamed models, skips the default synapse and creates folders", {
  clear()
  a <- Population(2, Neuron(equations = "r = 1"))
  b <- Population(2, Neuron(parameters = "k = 2", equations = "r = k * sum(exc)"))
  p <- Projection(a, b, "exc")
  p$connect_one_to_one(weights = 1)
  q <- Projection(a, b, "exc", synapse = Synapse(parameters = "g = 1", psp = "g * w * pre.r"))
  q$connect_all_to_all(weights = 1)
  f <- file.path(tempfile(), "sub", "r.md")
  report(f, gather_subprojections = TRUE)
  md <- readLines(f)
  expect_true(all(c("## Neuron 1", "## Neuron 2", "## Synapse 1") %in% md))
  expect_false("## Synapse 2" %in% md)
  expect_true(any(grepl("^\\| pop[0-9]+ +\\| pop[0-9]+ +\\| exc +\\| - +\\| One-to-One", md)))
  expect_true(any(grepl("g * w * pre.r", md, fixed = TRUE)))
})

test_that("report() checks its arguments", {
  clear()
  Population(1, Neuron(equations = "r = 1"))
  expect_error(report(tempfile(fileext = ".txt")), "must end with .tex or .md")
  expect_error(report(1), "`filename` must be one file name")
  expect_error(report(tempfile(fileext = ".md"), standalone = NA), "`standalone`")
  expect_error(report(tempfile(fileext = ".md"), title = 3), "`title` must be NULL or one string")
  expect_error(report(tempfile(fileext = ".md"), net = 1), "`net` must be a Network")
})
