# Scaling: COBA at 4000, 16000 and 64000 neurons with 80 synapses per neuron
# on average (p = 80 / N), dt 0.1 ms. One R process per size so that
# peak_rss_mb (VmHWM, whole process) belongs to that size alone.
#   Rscript bench/scaling.R [--repeats 1] [--duration 1000] [--sizes 4000,16000,64000]
source("bench/common.R")
a <- bench_args(duration = 1000, extra = list(sizes = "4000,16000,64000", one = 0))
if (a$one > 0) {
  # child: one size
  res <- lapply(seq_len(a$repeats), function(i)
    run_once(sprintf("coba_scaling_%d", as.integer(a$one)), function() build_coba(a$one),
             a$duration, dt = 0.1, seed = i))
  if (a$repeats > 1) median_line(res)
} else {
  sizes <- as.integer(strsplit(a$sizes, ",")[[1]])
  rscript <- file.path(R.home("bin"), "Rscript")
  for (n in sizes) {
    out <- system2(rscript, c("bench/scaling.R", "--one", n, "--repeats", a$repeats,
                              "--duration", a$duration), stdout = TRUE)
    cat(out, sep = "\n")
  }
}
