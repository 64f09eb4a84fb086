# Start-up cost of library(annr): time and memory above a bare R session,
# and the namespaces it loads.
#
#   Rscript bench/startup.R [runs]      (default 7 runs of each)
#
# Every run is a fresh Rscript. Runs alternate between a bare session and one
# that calls library(annr), so that the load of a shared machine hits both
# alike. Inside each child: the elapsed time of library(annr) and its
# resident memory (ps -o rss) before and after; outside: the wall time of
# the whole child. Medians are reported.
# `make install` puts annr in the checkout's own library (.lib); use it unless
# R_LIBS names another one (the children inherit the setting).
if (!nzchar(Sys.getenv("R_LIBS")) && dir.exists(".lib")) Sys.setenv(R_LIBS = normalizePath(".lib"))
args <- commandArgs(TRUE)
runs <- if (length(args)) as.integer(args[1]) else 7L
rscript <- file.path(R.home("bin"), "Rscript")

child_code <- function(load) {
  paste0(
    "rss <- function() as.numeric(system2('ps', c('-o', 'rss=', '-p', Sys.getpid()), stdout = TRUE));",
    "before <- loadedNamespaces(); r0 <- rss();",
    "t <- system.time(", if (load) "suppressPackageStartupMessages(library(annr))" else "NULL",
    ")[['elapsed']]; r1 <- rss();",
    "cat(t, r0, r1, paste(setdiff(loadedNamespaces(), before), collapse = ','), sep = '\\t')"
  )
}

run_child <- function(load) {
  t0 <- proc.time()[["elapsed"]]
  out <- system2(rscript, c("--vanilla", "-e", shQuote(child_code(load))), stdout = TRUE,
                 env = paste0("R_LIBS=", Sys.getenv("R_LIBS")))
  wall <- proc.time()[["elapsed"]] - t0
  f <- strsplit(out[length(out)], "\t", fixed = TRUE)[[1]]
  list(wall = wall, library = as.numeric(f[1]), rss0 = as.numeric(f[2]) / 1024,
       rss1 = as.numeric(f[3]) / 1024, loaded = if (length(f) > 3) f[4] else "")
}

bare <- annr <- list()
for (i in seq_len(runs)) {
  bare[[i]] <- run_child(FALSE)
  annr[[i]] <- run_child(TRUE)
}
med <- function(runs, field) stats::median(vapply(runs, `[[`, numeric(1), field))

cat(sprintf("runs of each: %d (alternating); load average %s\n", runs,
            paste(tryCatch(scan("/proc/loadavg", what = "", n = 3, quiet = TRUE),
                           error = function(e) "?"), collapse = " ")))
cat(sprintf("library(annr) elapsed:            %.3f s (median; min %.3f, max %.3f)\n",
            med(annr, "library"), min(vapply(annr, `[[`, 0, "library")),
            max(vapply(annr, `[[`, 0, "library"))))
cat(sprintf("whole Rscript, bare / with annr:  %.3f s / %.3f s\n", med(bare, "wall"), med(annr, "wall")))
cat(sprintf("resident memory, bare session:    %.1f MB\n", med(bare, "rss1")))
cat(sprintf("resident memory, after library(): %.1f MB (+%.1f MB above bare R)\n",
            med(annr, "rss1"), med(annr, "rss1") - med(bare, "rss1")))
cat("namespaces loaded by library(annr):", annr[[1]]$loaded, "\n")
