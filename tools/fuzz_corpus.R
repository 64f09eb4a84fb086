# Writes the seed corpus of the model fuzzer (tests/fuzz/corpus/): the
# built-in neuron and synapse models, and the crash reproducers of issue 10
# as regression inputs. Run from the checkout with annr installed:
#   R_LIBS=.lib Rscript tools/fuzz_corpus.R
# The input format (sections separated by '`') is described in
# tests/fuzz/fuzz_models.cpp.
suppressPackageStartupMessages(library(annr))
dir <- file.path("tests", "fuzz", "corpus")
dir.create(dir, showWarnings = FALSE, recursive = TRUE)
field <- function(x, f) if (is.null(x) || is.null(x[[f]]) || is.na(x[[f]])) "" else x[[f]]
input <- function(neuron = NULL, synapse = NULL, sections = NULL) {
  if (is.null(sections)) {
    sections <- c(vapply(c("parameters", "equations", "spike", "reset", "functions", "refractory"),
                         function(f) field(neuron, f), ""),
                  vapply(c("parameters", "equations", "psp", "pre_spike", "post_spike", "functions",
                           "operation"), function(f) field(synapse, f), ""))
  }
  text <- paste(sections, collapse = "`")
  sub("`+$", "", text)  # missing sections are empty
}
write_input <- function(name, text) {
  con <- file(file.path(dir, name), "wb")
  writeBin(charToRaw(text), con)
  close(con)
}
sec <- function(...) {  # sections by name, the others empty
  s <- list(...)
  names13 <- c("parameters", "equations", "spike", "reset", "functions", "refractory",
               "syn_parameters", "syn_equations", "psp", "pre_spike", "post_spike",
               "syn_functions", "operation")
  out <- rep("", 13)
  out[match(names(s), names13)] <- unlist(s)
  out
}

neurons <- lapply(setNames(nm = list_standard_neurons()), function(n) get(n, asNamespace("annr"))())
for (n in names(neurons)) write_input(paste0("neuron-", n), input(neurons[[n]]))
synapses <- lapply(setNames(nm = list_standard_synapses()), function(n) get(n, asNamespace("annr"))())
for (s in names(synapses)) {
  post <- if (s %in% c("STP", "STDP")) neurons$IF_cond_exp else neurons$LeakyIntegrator
  write_input(paste0("synapse-", s), input(post, synapses[[s]]))
}

nested <- function(open, inner, close, n) paste0(strrep(open, n), inner, strrep(close, n))
regression <- list(
  synapse_stack_65 = sec(equations = "r = sum(exc)",
                         pre_spike = paste0("g_target += ", nested("(w + ", "w", ")", 65))),
  synapse_stack_200 = sec(equations = "v = g_exc", spike = "v > 1", reset = "v = 0",
                          pre_spike = paste0("g_target += ", nested("(w + ", "w", ")", 200))),
  synapse_psp_65 = sec(equations = "r = sum(exc)", psp = nested("(w + ", "pre.r", ")", 65)),
  parentheses_4000 = sec(equations = paste0("r = ", nested("(", "1", ")", 4000))),
  unary_minus_13000 = sec(equations = paste0("r = ", strrep("-", 13000), "1")),
  not_chain = sec(equations = paste0("r = ", strrep("not ", 5000), "1")),
  inline_if_chain = sec(equations = paste0("r = ", strrep("if t > 1: 1 else: ", 3000), "0")),
  power_chain = sec(equations = paste0("r = ", paste(rep("1", 5000), collapse = "^"))),
  flat_sum_15000 = sec(equations = paste0("r = ", paste(rep("1", 15000), collapse = " + "))),
  flat_sum_synapse_8000 = sec(equations = "r = sum(exc)",
                              syn_equations = paste0("x = ", paste(rep("w", 8000), collapse = " + "))),
  long_ode_lhs = sec(equations = paste0(strrep("a + ", 15000), "dv/dt = 1")),
  function_head_5000 = sec(equations = "r = 1",
                           functions = paste0("f(", paste0("x", 1:5000, collapse = ", "), ") = 1")),
  inlining_bomb = sec(equations = paste0("r = ", nested("f(", "1", ")", 40)), functions = "f(x) = x + x"),
  inlining_bomb_synapse = sec(equations = "r = sum(exc)", syn_equations = paste0("x = ", nested("f(", "w", ")", 40)),
                              syn_functions = "f(x) = x + x"),
  recursive_function = sec(equations = "r = f(1)", functions = "f(x) = f(x) + 1"),
  # found by make fuzz on 2026-12-02: the compiler's own placeholder for an
  # ODE's derivative, written by the user, ended in std::out_of_range
  reserved_name = sec(equations = "r = ---------------t/-__ddt__-------------------false%---------5")
)
for (nm in names(regression)) {
  text <- input(sections = regression[[nm]])
  if (nchar(text, "bytes") > 65536) stop(nm, " is longer than the fuzzer's max_len")
  write_input(paste0("issue10-", gsub("_", "-", nm)), text)
}
cat(length(list.files(dir)), "inputs in", dir, "\n")
