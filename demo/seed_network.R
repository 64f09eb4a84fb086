# The network of ANNarchy's manual page "Parallel simulations and networks":
# 100 Poisson inputs onto 100 Izhikevich neurons, run with the input at 0, 10
# and 20 Hz on three copies of the network. Prints the spike counts and writes
# a raster plot of the three conditions to demo-output/seed_raster.png.
#   Rscript demo/seed_network.R      (or demo("seed_network", package = "annr"))
library(annr)

clear()
setup(dt = 1, seed = 42)
pop1 <- PoissonPopulation(100, rates = 10)
pop2 <- Population(100, Izhikevich)
proj <- Projection(pop1, pop2, "exc")
proj$connect_fixed_probability(weights = 5, probability = 0.2)
m <- Monitor(pop2, "spike")
t0 <- proc.time()[["elapsed"]]
compile()
cat(sprintf("compile(): %.1f ms\n", 1000 * (proc.time()[["elapsed"]] - t0)))

simulation <- function(idx, net) {
  net[[pop1]]$rates <- 10 * (idx - 1)   # R's idx is 1-based: 0, 10, 20 Hz
  net$simulate(1000)
  net[[m]]$get("spike")
}
t0 <- proc.time()[["elapsed"]]
results <- parallel_run(method = simulation, number = 3)
cat(sprintf("parallel_run(number = 3): %.2f s\n", proc.time()[["elapsed"]] - t0))
for (i in seq_along(results)) {
  cat(sprintf("input %2d Hz: %4d spikes\n", 10 * (i - 1), nrow(results[[i]])))
}

out <- "demo-output"
dir.create(out, showWarnings = FALSE)
file <- file.path(out, "seed_raster.png")
grDevices::png(file, width = 900, height = 700)
op <- graphics::par(mfrow = c(3, 1), mar = c(4, 4, 2, 1))
for (i in seq_along(results)) {
  r <- results[[i]]
  graphics::plot(r$time, r$neuron, pch = 20, cex = 0.5, xlim = c(0, 1000), ylim = c(1, 100),
                 xlab = "time (ms)", ylab = "neuron",
                 main = sprintf("Poisson input at %d Hz: %d spikes", 10 * (i - 1), nrow(r)))
}
graphics::par(op)
invisible(grDevices::dev.off())
cat("raster plot written to", file, "\n")
