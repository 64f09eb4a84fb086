# Runs the testthat suite on the installed package and prints one summary
# line "tests: N passed, N failed" (what CI reads). Exits non-zero on any
# failure or error.
#   Rscript tools/run_tests.R
suppressPackageStartupMessages({
  library(testthat)
  library(annr)
})
results <- as.data.frame(test_dir("tests/testthat", reporter = ProgressReporter$new(show_praise = FALSE),
                                  stop_on_failure = FALSE, package = "annr", load_package = "installed"))
passed <- sum(results$nb) - sum(results$failed) - sum(results$skipped)
failed <- sum(results$failed) + sum(results$error)
cat(sprintf("tests: %d passed, %d failed\n", as.integer(passed), as.integer(failed)))
quit(status = if (failed > 0) 1 else 0)
