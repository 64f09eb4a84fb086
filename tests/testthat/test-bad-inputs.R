# Bad inputs (issue: no input crashes R, hangs or silently does nothing).
# The catalogues in bad-inputs/*.R run in a child R process, so that a crash
# fails the test instead of ending the test run; each case must end in a
# clear R error matching its pattern (NA: must be accepted), within a time
# bound.

run_catalogue <- function(file, per_case_seconds = 10) {
  out <- tempfile(fileext = ".rds")
  script <- tempfile(fileext = ".R")
  writeLines(c(
    "suppressPackageStartupMessages(library(annr))",
    sprintf("cases <- source(%s)$value", deparse(normalizePath(file))),
    "res <- list()",
    "for (nm in names(cases)) {",
    "  cat(nm, '\\n', file = stderr())",
    "  t0 <- proc.time()[[3]]",
    "  msg <- tryCatch({ eval(cases[[nm]][[1]]); NA_character_ },",
    "                  error = function(e) conditionMessage(e))",
    "  res[[nm]] <- list(message = msg, seconds = proc.time()[[3]] - t0,",
    "                    expected = cases[[nm]][[2]])",
    "}",
    sprintf("saveRDS(res, %s)", deparse(out))), script)
  rscript <- file.path(R.home("bin"), "Rscript")
  log <- tempfile(fileext = ".log")
  system2(rscript, script, stdout = FALSE, stderr = log,
          env = paste0("R_LIBS=", paste(.libPaths(), collapse = .Platform$path.sep)))
  if (!file.exists(out)) {
    last <- utils::tail(readLines(log), 3)
    stop("the child R process died during the case '", utils::tail(last, 1),
         "' of ", basename(file), ":\n", paste(last, collapse = "\n"))
  }
  res <- readRDS(out)
  for (nm in names(res)) {
    r <- res[[nm]]
    if (is.na(r$expected)) {
      expect(is.na(r$message), sprintf("%s: expected no error, got: %s", nm, r$message))
    } else {
      expect(!is.na(r$message) && grepl(r$expected, r$message),
             sprintf("%s: expected an error matching '%s', got: %s", nm, r$expected,
                     if (is.na(r$message)) "no error" else r$message))
    }
    expect(r$seconds < per_case_seconds, sprintf("%s took %.1f s", nm, r$seconds))
  }
  length(res)
}

test_that("bad model strings give clear errors, quickly, without a crash", {
  n <- run_catalogue(test_path("bad-inputs", "models.R"))
  expect_gte(n, 25)
})

test_that("values out of range are refused at once, naming the argument", {
  n <- run_catalogue(test_path("bad-inputs", "ranges.R"))
  expect_gte(n, 25)
})

test_that("a second compile() keeps the simulated state", {
  clear()
  p <- Population(1, Neuron(equations = "r = t"))
  compile()
  simulate(3)
  expect_message(compile(), "already compiled; nothing done")
  expect_equal(get_time(), 3)
  expect_equal(p$r, 2)
})

test_that("wrong types and values across the API are clear errors", {
  n <- run_catalogue(test_path("bad-inputs", "api.R"))
  expect_gte(n, 80)
})
