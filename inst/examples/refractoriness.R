# Refractoriness drawn per neuron, ported from ANNarchy's example
# (examples/refractoriness): 25 noisy leaky integrators, each with its own
# refractory period drawn from Uniform(1, 5) ms when the network is compiled.
#
# Run: Rscript -e 'source(system.file("examples", "refractoriness.R", package = "annr"))'
library(annr)

clear()
setup(dt = 1.0, seed = 1)

RefractoryNeuron <- Neuron(
  parameters = "
    tau = 20.0 : population
    sigma = 0.015 : population
    target = 1.1 : population
  ",
  equations = "
    noise =  sigma * sqrt( 2.0 * tau ) * Normal(0.0, 1.0)
    tau * dx/dt + x = target + noise
  ",
  spike = "x > 1",
  reset = "x = 0",
  refractory = Uniform(1.0, 5.0)
)

pop <- Population(25, RefractoryNeuron)
m <- Monitor(pop, "spike")
compile()

cat("refractory periods (ms):", round(pop$refractory, 2), "\n")
simulate(500.0)

spikes <- m$raster_plot()        # data.frame(time, neuron)
counts <- tabulate(spikes$neuron, nbins = 25)
cat("spikes:", nrow(spikes), "; per neuron:", counts, "\n")

if (interactive()) {
  plot(spikes$time, spikes$neuron, pch = ".", cex = 3, xlab = "time (ms)",
       ylab = "neuron")
}
