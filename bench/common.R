# Shared helpers for the benchmark scripts in bench/.
# Scripts are run from the repository root, e.g. `Rscript bench/coba.R`,
# and source this file with source("bench/common.R").
#
# Each run prints one line `RESULT {json}`; after the repeats, one more line
# with name "<name>/median" holds the median of every numeric field.

# `make install` puts annr in the checkout's own library (.lib); use it unless
# R_LIBS names another one (child R processes inherit the setting).
if (!nzchar(Sys.getenv("R_LIBS")) && dir.exists(".lib")) {
  Sys.setenv(R_LIBS = normalizePath(".lib"))
  .libPaths(c(normalizePath(".lib"), .libPaths()))
}
suppressPackageStartupMessages(library(annr))

# ---- command line ----------------------------------------------------------
# --repeats N (default 3), --duration ms (default per script), plus any
# --key value given in `extra` (named list of defaults, numeric or character).
bench_args <- function(duration = 1000, extra = list()) {
  args <- commandArgs(trailingOnly = TRUE)
  out <- c(list(repeats = 3, duration = duration), extra)
  i <- 1
  while (i <= length(args)) {
    a <- args[[i]]
    if (!startsWith(a, "--")) stop("unexpected argument: ", a, call. = FALSE)
    key <- sub("^--", "", a)
    if (grepl("=", key)) {
      val <- sub("^[^=]*=", "", key); key <- sub("=.*$", "", key); i <- i + 1
    } else {
      if (i == length(args)) stop("missing value for ", a, call. = FALSE)
      val <- args[[i + 1]]; i <- i + 2
    }
    if (!key %in% names(out)) stop("unknown option --", key, call. = FALSE)
    out[[key]] <- if (is.numeric(out[[key]])) as.numeric(val) else val
  }
  out$repeats <- as.integer(out$repeats)
  out
}

# ---- measurements ----------------------------------------------------------
# Peak resident set size of this R process (VmHWM), in MB. It is the whole
# process's high-water mark, so it never goes down between repeats.
peak_rss_mb <- function() {
  f <- "/proc/self/status"
  if (!file.exists(f)) return(NA_real_)
  l <- grep("^VmHWM:", readLines(f), value = TRUE)
  if (!length(l)) return(NA_real_)
  as.numeric(gsub("[^0-9]", "", l)) / 1024
}

# 1-minute load average when the line is written (the machine is shared).
load1 <- function() {
  if (!file.exists("/proc/loadavg")) return(NA_real_)
  as.numeric(strsplit(readLines("/proc/loadavg"), " ")[[1]][1])
}

# Wall-clock seconds taken by `expr` (proc.time()'s elapsed).
elapsed <- function(expr) {
  t0 <- proc.time()[["elapsed"]]
  force(expr)
  proc.time()[["elapsed"]] - t0
}

# ---- output ----------------------------------------------------------------
json_value <- function(x) {
  if (is.null(x) || length(x) == 0 || (length(x) == 1 && is.na(x))) return("null")
  if (is.character(x)) return(sprintf("\"%s\"", gsub("\"", "\\\\\"", x)))
  if (is.logical(x)) return(if (x) "true" else "false")
  if (length(x) > 1) return(sprintf("[%s]", paste(vapply(x, json_value, ""), collapse = ", ")))
  if (x == round(x) && abs(x) < 1e15) return(sprintf("%.0f", x))
  sprintf("%.6g", x)
}

result_line <- function(fields) {
  body <- paste(sprintf("\"%s\": %s", names(fields), vapply(fields, json_value, "")),
                collapse = ", ")
  cat(sprintf("RESULT {%s}\n", body))
  flush(stdout())
  invisible(fields)
}

# Median over a list of result lists (numeric fields only); prints it.
median_line <- function(results, name = NULL) {
  if (!length(results)) return(invisible(NULL))
  first <- results[[1]]
  med <- first
  for (k in names(first)) {
    v <- vapply(results, function(r) if (is.numeric(r[[k]]) && length(r[[k]]) == 1) r[[k]] else NA_real_, 0)
    if (all(!is.na(v))) med[[k]] <- stats::median(v)
  }
  med$name <- if (is.null(name)) paste0(first$name, "/median") else name
  med$repeats <- length(results)
  result_line(med)
}

# ---- networks --------------------------------------------------------------
coba_model <- function() {
  Neuron(
    parameters = paste(
      "El = -60 : population", "Vr = -60 : population",
      "Erev_exc = 0 : population", "Erev_inh = -80 : population",
      "Vt = -50 : population", "tau = 20 : population",
      "tau_exc = 5 : population", "tau_inh = 10 : population",
      "I = 20 : population", sep = "\n"),
    equations = paste(
      "tau * dv/dt = (El - v) + g_exc * (Erev_exc - v) + g_inh * (Erev_inh - v) + I",
      "tau_exc * dg_exc/dt = - g_exc",
      "tau_inh * dg_inh/dt = - g_inh", sep = "\n"),
    spike = "v > Vt", reset = "v = Vr", refractory = 5.0, name = "COBA")
}

# COBA: N neurons, 80 % excitatory, p = 80 / N (0.02 at 4000).
build_coba <- function(N = 4000, p = 80 / N) {
  NE <- as.integer(round(0.8 * N))
  P <- Population(N, coba_model())
  P$v <- Normal(-55, 5)
  P$g_exc <- Normal(4, 1.5)
  P$g_inh <- Normal(20, 12)
  Ce <- Projection(P[1:NE], P, "exc")
  Ce$connect_fixed_probability(probability = p, weights = 0.6)
  Ci <- Projection(P[(NE + 1):N], P, "inh")
  Ci$connect_fixed_probability(probability = p, weights = 6.7)
  m <- Monitor(P, "spike")
  list(pop = P, monitor = m, neurons = N)
}

# CUBA (current-based sibling, facts from the Brian2 / ANNarchy examples):
# El = -49, Vr = -60, Vt = -50, tau_m = 20, tau_exc = 5, tau_inh = 10,
# refractory 5 ms; exc weight 60 * 0.27 / 10 = 1.62, inh weight
# -20 * 4.5 / 10 = -9 (added to g_inh, which enters v with a + sign);
# v starts uniform in [Vr, Vt], synaptic variables at 0.
cuba_model <- function() {
  Neuron(
    parameters = paste(
      "El = -49 : population", "Vr = -60 : population", "Vt = -50 : population",
      "tau_m = 20 : population", "tau_exc = 5 : population",
      "tau_inh = 10 : population", sep = "\n"),
    equations = paste(
      "tau_m * dv/dt = (El - v) + g_exc + g_inh",
      "tau_exc * dg_exc/dt = - g_exc",
      "tau_inh * dg_inh/dt = - g_inh", sep = "\n"),
    spike = "v > Vt", reset = "v = Vr", refractory = 5.0, name = "CUBA")
}

build_cuba <- function(N = 4000, p = 80 / N) {
  NE <- as.integer(round(0.8 * N))
  P <- Population(N, cuba_model())
  P$v <- Uniform(-60, -50)
  Ce <- Projection(P[1:NE], P, "exc")
  Ce$connect_fixed_probability(probability = p, weights = 1.62)
  Ci <- Projection(P[(NE + 1):N], P, "inh")
  Ci$connect_fixed_probability(probability = p, weights = -9)
  m <- Monitor(P, "spike")
  list(pop = P, monitor = m, neurons = N)
}

# ---- one timed run on the default network -----------------------------------
# build(): defines the network on the default network and returns
# list(monitor, neurons). Times compile() and simulate() separately.
run_once <- function(name, build, duration, dt = 0.1, seed = 1, extra = list()) {
  clear()
  setup(dt = dt, seed = seed)
  net <- build()
  t_compile <- elapsed(compile())
  t_sim <- elapsed(simulate(duration))
  spikes <- nrow(net$monitor$raster_plot())
  info <- annr:::network_info()
  syn <- sum(info$nb_synapses)
  fields <- c(list(
    name = name, neurons = net$neurons, duration_ms = duration,
    compile_s = t_compile, simulate_s = t_sim, spikes = spikes,
    mean_rate_hz = spikes / net$neurons / (duration / 1000),
    synapses = syn,
    bytes_per_synapse = if (syn > 0) sum(info$connectivity_bytes) / syn else NA_real_,
    peak_rss_mb = peak_rss_mb(), load1 = load1()), extra)
  result_line(fields)
}

repeat_runs <- function(n, name, ...) {
  res <- lapply(seq_len(n), function(i) run_once(name, ..., seed = i))
  median_line(res)
  invisible(res)
}

# Compatibility with the draft scripts that were in bench/ (stdp.R):
# run_va(name, neurons, duration, model = "coba", synapse = NULL, learning = TRUE)
# builds COBA/CUBA with an optional synapse model on the excitatory projection.
build_va <- function(N = 4000, model = "coba", synapse = NULL, learning = TRUE) {
  if (is.null(synapse) && learning) {
    return(if (model == "cuba") build_cuba(N) else build_coba(N))
  }
  NE <- as.integer(round(0.8 * N)); p <- 80 / N
  cuba <- model == "cuba"
  P <- Population(N, if (cuba) cuba_model() else coba_model())
  if (cuba) P$v <- Uniform(-60, -50) else {
    P$v <- Normal(-55, 5); P$g_exc <- Normal(4, 1.5); P$g_inh <- Normal(20, 12)
  }
  Ce <- Projection(P[1:NE], P, "exc", synapse = synapse)
  Ce$connect_fixed_probability(probability = p, weights = if (cuba) 1.62 else 0.6)
  Ci <- Projection(P[(NE + 1):N], P, "inh")
  Ci$connect_fixed_probability(probability = p, weights = if (cuba) -9 else 6.7)
  if (!learning) Ce$disable_learning()
  list(pop = P, monitor = Monitor(P, "spike"), neurons = N)
}
run_va <- function(name, neurons = 4000, duration = 1000, model = "coba", synapse = NULL,
                   learning = TRUE, seed = 1) {
  run_once(name, function() build_va(neurons, model, synapse, learning), duration, seed = seed)
}
