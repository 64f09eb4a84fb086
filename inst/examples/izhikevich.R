# Pulse-coupled network of Izhikevich neurons (Izhikevich 2003), ported from
# ANNarchy's example (examples/izhikevich): 800 excitatory and 200
# inhibitory neurons, all-to-all connections with uniform random weights,
# noisy input; dt = 1 ms, 1000 ms.
#
# Run: Rscript -e 'source(system.file("examples", "izhikevich.R", package = "annr"))'
library(annr)

clear()
setup(dt = 1.0, seed = 1)
set.seed(1)  # R's generator for the neuron parameters (numpy's in ANNarchy)

pop <- Population(1000, Izhikevich)
Exc <- pop[1:800]
Inh <- pop[801:1000]

re <- runif(800)
ri <- runif(200)
Exc$noise <- 5.0
Inh$noise <- 2.0
Exc$a <- 0.02
Inh$a <- 0.02 + 0.08 * ri
Exc$b <- 0.2
Inh$b <- 0.25 - 0.05 * ri
Exc$c <- -65.0 + 15.0 * re^2
Inh$c <- -65.0
Exc$d <- 8.0 - 6.0 * re^2
Inh$d <- 2.0
Exc$v <- -65.0
Inh$v <- -65.0
Exc$u <- Exc$v * Exc$b
Inh$u <- Inh$v * Inh$b

exc_proj <- Projection(Exc, pop, "exc")
exc_proj$connect_all_to_all(weights = Uniform(0.0, 0.5))
inh_proj <- Projection(Inh, pop, "inh")
inh_proj$connect_all_to_all(weights = Uniform(0.0, 1.0))

m <- Monitor(pop, c("spike", "v"))
compile()
simulate(1000.0)

data <- m$get()                  # everything recorded (empties the monitor)
v <- data$v                      # steps x neurons
spikes <- data$spike             # data.frame(time, neuron), as raster_plot()
fr <- histogram(spikes)          # spikes per 1 ms bin
cat("spikes:", nrow(spikes), "(excitatory", sum(spikes$neuron <= 800),
    ", inhibitory", sum(spikes$neuron > 800), ")\n")
cat("mean rate:", nrow(spikes) / 1000, "Hz per neuron\n")

if (interactive()) {
  op <- par(mfrow = c(3, 1))
  plot(spikes$time, spikes$neuron, pch = ".", xlab = "time (ms)", ylab = "neuron")
  plot(v[, 16], type = "l", xlab = "time (ms)", ylab = "v of neuron 16")
  plot(fr, type = "l", xlab = "time (ms)", ylab = "spikes per ms")
  par(op)
}
