# Values out of range across the API: each must be refused at once with an
# error naming the argument (run in a child process by test-bad-inputs.R).
options(annr.available_memory = 16 * 1024^3)  # the same answer on every machine
compiled <- function() {
  clear()
  p <- Population(2, Neuron(equations = "r = t"))
  compile()
  p
}
list(
  simulate_huge = list(quote({compiled(); simulate(1e300)}),
    "`duration` = 1e\\+300 ms is 1e\\+300 steps of dt = 1 ms; a network runs at most 2\\^53"),
  simulate_inf = list(quote({compiled(); simulate(Inf)}), "`duration` must be one non-negative number"),
  simulate_negative = list(quote({compiled(); simulate(-1)}), "`duration` must be one non-negative number"),
  simulate_na = list(quote({compiled(); simulate(NA)}), "duration must be one non-negative number"),
  simulate_tiny_dt = list(quote({clear(); annr::setup(dt = 1e-300); Population(1, Neuron(equations = "r = 1")); compile(); simulate(1)}),
    "`duration` = 1 ms is 1e\\+300 steps of dt = 1e-300 ms"),
  simulate_until_huge = list(quote({p <- compiled(); simulate_until(1e300, p)}),
    "`max_duration` = 1e\\+300 ms|has no stop_condition"),
  set_time_huge = list(quote({compiled(); set_time(1e300)}), "`t` = 1e\\+300 ms is 1e\\+300 steps"),
  set_time_negative = list(quote({compiled(); set_time(-5)}), "`t` must be one non-negative number"),
  set_step_huge = list(quote({compiled(); set_current_step(1e300)}), "`n` must be one whole number of steps between 0 and 2\\^53"),
  set_step_fraction = list(quote({compiled(); set_current_step(1.5)}), "`n` must be one whole number of steps"),
  parallel_simulate_huge = list(quote({compiled(); parallel_simulate(list(annr:::default_network()), 1e300)}),
    "`duration` = 1e\\+300 ms is 1e\\+300 steps"),
  population_inf = list(quote(Population(Inf, Neuron(equations = "r = 1"))), "`geometry` must be a positive whole number"),
  population_zero = list(quote(Population(0, Neuron(equations = "r = 1"))), "`geometry` must be a positive whole number"),
  population_fraction = list(quote(Population(2.5, Neuron(equations = "r = 1"))), "`geometry` must be a positive whole number"),
  population_text = list(quote(Population("10", Neuron(equations = "r = 1"))), "`geometry` must be a positive whole number"),
  population_1e12 = list(quote(Population(1e12, Neuron(equations = "r = 1"))),
    "`geometry` = 1000000000000 is 1e\\+12 neurons: more than the 2,147,483,647 a population can hold \\(it would need about 87.3 TB"),
  population_1e5_squared = list(quote(Population(c(1e5, 1e5), Neuron(equations = "r = 1"))),
    "`geometry` = 100000 x 100000 is 1e\\+10 neurons"),
  population_out_of_memory = list(quote({clear(); Population(1e9, Neuron(equations = "r = 1"))}),
    "A population of 1e\\+09 neurons would need about 89.4 GB of memory; 16 GB are available"),
  poisson_1e12 = list(quote(PoissonPopulation(1e12, rates = 1)), "`geometry` = 1000000000000"),
  connectivity_out_of_memory = list(quote({
    clear()
    a <- Population(100000, Neuron(equations = "r = 1"))
    b <- Population(100000, Neuron(equations = "r = sum(e)"))
    Projection(a, b, "e")$connect_all_to_all(1)}),
    "projection 'proj[0-9]+' \\(all_to_all, about 1e\\+10 synapses\\) would need about 149 GB of memory; 16 GB are available"),
  parallel_run_huge = list(quote(parallel_run(function(idx, net) 1, number = 1e9)),
    "`number` = 1e\\+09 is more than the 100000 networks one parallel_run\\(\\) runs"),
  parallel_run_zero = list(quote(parallel_run(function(idx, net) 1, number = 0)), "`number` must be a single positive whole number"),
  parallel_run_backend = list(quote(parallel_run(function(idx, net) 1, number = 2, backend = "cluster")),
    "`backend` must be one of"),
  min_above_max = list(quote(Neuron(equations = "v = 1 : min = 2, max = 0")),
    "equations line 1, column 8: min = 2 is above max = 0"),
  synapse_min_above_max = list(quote(Synapse(equations = "dw/dt = 1 : min = 1, max = 0")),
    "min = 1 is above max = 0"),
  monitor_period_negative = list(quote({clear(); p <- Population(1, Neuron(equations = "r = 1")); Monitor(p, "r", period = -1)}),
    "`period` must be one positive number of ms"),
  monitor_period_short = list(quote({clear(); p <- Population(1, Neuron(equations = "r = 1"));
    withCallingHandlers(Monitor(p, "r", period = 0.5), warning = function(w) stop(conditionMessage(w)))}),
    "period = 0.5 ms is not a whole number of steps of dt = 1 ms; it records every 1 step"),
  second_compile = list(quote({compiled(); simulate(3);
    withCallingHandlers(compile(), message = function(m) stop(conditionMessage(m)))}),
    "compile\\(\\): the network is already compiled; nothing done")
)
