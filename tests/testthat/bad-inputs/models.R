# Bad model strings: each must give a quick, clear R error (never a crash or
# a hang). Each case: the call, and a regular expression its message must
# match. Run in a child process by test-bad-inputs.R.
nested <- function(open, inner, close, n) paste0(strrep(open, n), inner, strrep(close, n))
list(
  synapse_stack_65 = list(
    quote(Synapse(pre_spike = paste0("g_target += ", nested("(w + ", "w", ")", 65)))),
    NA),  # accepted: within the limits
  synapse_stack_200 = list(
    quote(Synapse(pre_spike = paste0("g_target += ", nested("(w + ", "w", ")", 200)))),
    "pre_spike line 1, column [0-9]+: the expression nests deeper than 200 levels"),
  parentheses_4000 = list(
    quote(Neuron(equations = paste0("r = ", nested("(", "1", ")", 4000)))),
    "equations line 1, column [0-9]+: the expression nests deeper than 200 levels"),
  unary_minus_13000 = list(
    quote(Neuron(equations = paste0("r = ", strrep("-", 13000), "1"))),
    "nests deeper than 200 levels"),
  not_chain = list(
    quote(Neuron(equations = paste0("r = ", strrep("not ", 5000), "1"))),
    "nests deeper than 200 levels"),
  inline_if_chain = list(
    quote(Neuron(equations = paste0("r = ", strrep("if t > 1: 1 else: ", 3000), "0"))),
    "nests deeper than 200 levels"),
  power_chain = list(
    quote(Neuron(equations = paste0("r = ", paste(rep("1", 5000), collapse = "^")))),
    "nests deeper than 200 levels"),
  flat_sum_neuron_15000 = list(
    quote(Neuron(equations = paste0("r = ", paste(rep("1", 15000), collapse = " + ")))),
    "equations line 1, column [0-9]+: the expression is more than 1000 operators deep; split it"),
  flat_sum_synapse_8000 = list(
    quote(Synapse(equations = paste0("x = ", paste(rep("w", 8000), collapse = " + ")))),
    "more than 1000 operators deep"),
  flat_product = list(
    quote(Neuron(equations = paste0("r = ", paste(rep("2", 5000), collapse = " * ")))),
    "more than 1000 operators deep"),
  flat_and = list(
    quote(Neuron(equations = paste0("r = ", paste(rep("1", 5000), collapse = " and ")))),
    "more than 1000 operators deep"),
  reserved_name_fuzz_finding = list(
    quote(Neuron(equations = "r = ---------------t/-__ddt__-------------------false%---------5")),
    "equations line 1, column 23: '__ddt__': names that begin with two underscores are reserved for annr"),
  reserved_name_in_ode = list(
    quote(Neuron(equations = "dv/dt = __ddt__")),
    "equations line 1, column 9: '__ddt__': names that begin with two underscores are reserved"),
  reserved_name_in_synapse = list(
    quote(Synapse(pre_spike = "g_target += __w")),
    "pre_spike line 1, column 13: '__w': names that begin with two underscores are reserved"),
  long_ode_lhs = list(
    quote(Neuron(equations = paste0(strrep("a + ", 20000), "dv/dt = 1"))),
    "more than 1000 operators deep|characters long"),
  long_name = list(
    quote(Neuron(equations = paste0(strrep("a", 100000), " = 1"))),
    "equations line 1: the statement is 100004 characters long; the limit is 65536"),
  function_head_5000_parameters = list(
    quote(Neuron(functions = paste0("f(", paste0("x", 1:5000, collapse = ", "), ") = 1"),
                 equations = "r = 1")),
    "functions line 1, column 1: a function takes at most 256 arguments"),
  function_inlining_exponential = list(
    quote(Neuron(functions = "f(x) = x + x", equations = paste0("r = ", nested("f(", "1", ")", 40)))),
    "expands to more than 200000 terms once functions are inlined"),
  function_inlining_exponential_synapse = list(
    quote(Synapse(functions = "f(x) = x + x", equations = paste0("x = ", nested("f(", "w", ")", 40)))),
    "expands to more than 200000 terms once functions are inlined"),
  function_inlining_deep = list(
    quote(Neuron(functions = paste0("f(x) = ", paste(rep("x", 900), collapse = " + ")),
                 equations = paste0("r = ", nested("f(", "1", ")", 3)))),
    "more than 200000 terms|operators deep once functions are inlined"),
  recursive_function = list(
    quote(Neuron(functions = "f(x) = f(x) + 1", equations = "r = f(1)")),
    "functions call each other more than 50 levels deep"),
  section_too_long = list(
    quote(Neuron(equations = strrep("r = 1\n", 200000))),
    "equations line 1: the section is 1200000 characters long; the limit is 1048576"),
  unknown_flag = list(
    quote(Neuron(equations = "v = 1 : foo")),
    "equations line 1, column 9: unknown flag 'foo'"),
  init_not_a_number = list(
    quote(Neuron(equations = "v = 1 : init = abc")),
    "init takes a number, not 'abc'"),
  derivative_of_another_variable = list(
    quote(Neuron(equations = "dv/dt = du/dt\ndu/dt = 1")),
    "equations line 1, column 9: du/dt cannot appear in the equation of 'v'"),
  derivative_outside_its_ode = list(
    quote(Neuron(equations = "dv/dt = 1\nx = dv/dt")),
    "equations line 2, column 5: dv/dt can only appear in the ODE of 'v'"),
  synapse_init_name = list(
    quote(Synapse(equations = "x = 1 : init = m")),
    "init takes a number in a synapse"),
  synapse_bound_unknown = list(
    quote(Synapse(equations = "dw/dt = 1 : max = nowhere")),
    "the max bound must be a number or the name of a parameter of this synapse"),
  spiking_defines_r = list(
    quote(Neuron(equations = "v = 0\nr = 5", spike = "v > 1", reset = "v = 0")),
    "spiking neurons use the variable 'r'")
)
