# Hodgkin-Huxley neuron with a current step, ported from ANNarchy's example
# (examples/hodgkin_huxley): one neuron, dt = 0.02 ms, midpoint integration
# of the four ODEs; a 1 ms pulse of I = 200 at t = 100 ms elicits one spike.
#
# Run: Rscript -e 'source(system.file("examples", "hodgkin_huxley.R", package = "annr"))'
library(annr)

clear()
dt <- 0.02
setup(dt = dt)

HH <- Neuron(
  parameters = "
    C = 1.0 # Capacitance
    VL = -59.387 # Leak voltage
    VK = -82.0 # Potassium reversal voltage
    VNa = 45.0 # Sodium reveral voltage
    gK = 36.0 # Maximal Potassium conductance
    gNa = 120.0 # Maximal Sodium conductance
    gL = 0.3 # Leak conductance
    vt = 30.0 # Threshold for spike emission
    I = 0.0 # External current
  ",
  equations = "
    prev_V = V

    an = 0.01 * (V + 60.0) / (1.0 - exp(-0.1* (V + 60.0) ) )
    am = 0.1 * (V + 45.0) / (1.0 - exp (- 0.1 * ( V + 45.0 )))
    ah = 0.07 * exp(- 0.05 * ( V + 70.0 ))

    bn = 0.125 * exp (- 0.0125 * (V + 70.0))
    bm = 4.0 *  exp (- (V + 70.0) / 80.0)
    bh = 1.0/(1.0 + exp (- 0.1 * ( V + 40.0 )) )

    dn/dt = an * (1.0 - n) - bn * n : init = 0.3, midpoint
    dm/dt = am * (1.0 - m) - bm * m : init = 0.0, midpoint
    dh/dt = ah * (1.0 - h) - bh * h : init = 0.6, midpoint

    C * dV/dt = gL * (VL - V ) + gK * n**4 * (VK - V) + gNa * m**3 * h * (VNa - V) + I : midpoint
  ",
  spike = "(V > vt) and (prev_V <= vt)",
  reset = "",
  name = "HH"
)

pop <- Population(1, HH)
pop$V <- -50.0
m <- Monitor(pop, c("spike", "V", "n", "m", "h"))
compile()

simulate(100.0)
pop$I <- 200.0
simulate(1.0)
pop$I <- 0.0
simulate(100.0)

data <- m$get()
spike_times <- data$spike$time
cat("spikes at (ms):", spike_times, "\n")

if (interactive()) {
  window <- seq(round(90 / dt), round(120 / dt))
  time <- (window - 1) * dt
  op <- par(mfrow = c(2, 2))
  plot(time, data$V[window, 1], type = "l", main = "V", xlab = "ms", ylab = "")
  for (g in c("n", "m", "h")) {
    plot(time, data[[g]][window, 1], type = "l", main = g, xlab = "ms", ylab = "",
         ylim = c(0, 1))
  }
  par(op)
}
