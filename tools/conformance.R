# Counts the ANNarchy 4.7.3 conformance suite (tests/testthat/test-annarchy-*.R)
# on the installed annr: how many of ANNarchy's test methods pass, and the
# skips grouped by reason (the table in README.md's "ANNarchy 4.7.3 test
# suite" section).
#   R_LIBS=.lib Rscript tools/conformance.R
suppressPackageStartupMessages({
  library(testthat)
  library(annr)
})
res <- as.data.frame(test_dir("tests/testthat", filter = "^annarchy-", reporter = SilentReporter$new(),
                              stop_on_failure = FALSE, package = "annr", load_package = "installed"))
failed <- res$failed > 0 | res$error
skipped <- res$skipped & !failed
reason <- vapply(seq_len(nrow(res)), function(i) {
  if (!skipped[i]) return(NA_character_)
  msgs <- vapply(res$result[[i]], function(e) {
    if (inherits(e, "expectation_skip")) conditionMessage(e) else ""
  }, "")
  msg <- sub("^Reason: ", "", msgs[nzchar(msgs)][1])
  # group by the reason up to its first clause
  trimws(sub("[;(].*$", "", msg))
}, "")
cat(sprintf("ANNarchy 4.7.3 test suite: %d of %d pass, %d skipped, %d failed\n",
            sum(!failed & !skipped), nrow(res), sum(skipped), sum(failed)))
tab <- sort(table(reason), decreasing = TRUE)
for (k in names(tab)) cat(sprintf("| %s | %d |\n", k, tab[[k]]))
if (any(failed)) {
  cat("failed:\n")
  print(res[failed, c("file", "test")], right = FALSE)
}
