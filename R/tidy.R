# Results as tidy data: data frames and tibbles of monitors and sweeps,
# ggplot2::autoplot() methods, and summary() methods of the simulation
# objects. tibble and ggplot2 are only suggested: their generics get our
# methods through NAMESPACE's S3method(pkg::generic, class), which R
# registers when (and only when) that package is loaded.

# ---------------------------------------------------------------------------
# Monitors as data frames

# The recorded variables other than spikes, or the ones asked for (checked).
monitor_frame_variables <- function(x, variables) {
  recorded <- x$variables
  if (is.null(variables)) {
    variables <- setdiff(recorded, "spike")
    if (!length(variables)) variables <- "spike"
  }
  if (!is.character(variables) || !length(variables) || anyNA(variables)) {
    stop("`variables` must be names of recorded variables (", paste(recorded, collapse = ", "),
         ")", call. = FALSE)
  }
  unknown <- setdiff(variables, recorded)
  if (length(unknown)) {
    stop("`variables`: the monitor does not record ", paste0("'", unknown, "'", collapse = ", "),
         " (it records ", paste(recorded, collapse = ", "), ")", call. = FALSE)
  }
  if ("spike" %in% variables && length(variables) > 1) {
    stop("`variables`: spikes and other variables have different shapes; ask for ",
         "\"spike\" (time, neuron) or for the other variables (time, neuron, variable, value) ",
         "in separate calls", call. = FALSE)
  }
  unique(variables)
}

# One recorded matrix (time x column, as get() returns it) in long format.
# Population monitors: the columns are neurons (1-based ranks). Projection
# monitors: synapses (attributes "post" and "pre"), dendrites (post ranks) or
# one projection-wide column.
long_samples <- function(m, variable, projection) {
  times <- attr(m, "times")
  if (is.null(times)) times <- as.numeric(rownames(m))
  n_t <- nrow(m)
  n_c <- ncol(m)
  time <- rep(as.numeric(times), times = n_c)
  value <- as.numeric(m)
  if (!projection) {
    neuron <- rep(as.integer(colnames(m)), each = n_t)
    return(data.frame(time = time, neuron = neuron,
                      variable = rep(variable, length(value)), value = value,
                      stringsAsFactors = FALSE))
  }
  post <- attr(m, "post")
  pre <- attr(m, "pre")
  if (is.null(post)) {
    # a postsynaptic variable: one column per dendrite; projection-wide: one
    post <- if (identical(colnames(m), variable)) rep(NA_integer_, n_c)
            else as.integer(colnames(m))
    pre <- rep(NA_integer_, n_c)
  }
  data.frame(time = time, post = rep(as.integer(post), each = n_t),
             pre = rep(as.integer(pre), each = n_t),
             variable = rep(variable, length(value)), value = value,
             stringsAsFactors = FALSE)
}

#' Monitors as data frames and tibbles
#'
#' `as.data.frame()` and `tibble::as_tibble()` turn what a monitor has
#' recorded into one tidy table, ready for dplyr and ggplot2:
#'
#' * spikes (`variables = "spike"`, the default of a monitor recording only
#'   spikes): one row per spike, columns `time` (ms) and `neuron` (1-based
#'   rank in the population), sorted by time then neuron (as
#'   [raster_plot()]);
#' * recorded variables of a population (the default when the monitor records
#'   any): the long format, one row per sample and neuron, columns `time`
#'   (ms), `neuron`, `variable` and `value`;
#' * variables of a projection or dendrite monitor: columns `time`, `post`,
#'   `pre` (ranks in the post- and pre-synaptic populations; `pre` is `NA`
#'   for `postsynaptic` variables, both are `NA` for projection-wide ones),
#'   `variable` and `value`.
#'
#' Unlike `m$get()`, these read the recording without emptying it (unless
#' `keep = FALSE`), so a monitor can be converted, plotted and analysed in
#' any order.
#'
#' @param x A monitor ([Monitor()]), or the copy of one in a network
#'   (`net[[m]]`).
#' @param row.names,optional Part of the generic; unused.
#' @param ... Unused.
#' @param variables `NULL` (default: the recorded variables other than spikes,
#'   or the spikes if the monitor records nothing else), `"spike"`, or names
#'   of recorded variables.
#' @param keep If `TRUE` (default), the recording stays in the monitor.
#' @return A data frame (or a tibble) as described above.
#' @seealso [autoplot.annr_monitor()] for plots, [bind_rasters()] for sweeps.
#' @examples
#' \donttest{
#' clear()
#' pop <- Population(3, Izhikevich)
#' pop$i_offset <- c(5, 10, 15)
#' m <- Monitor(pop, c("spike", "v"))
#' compile()
#' simulate(100)
#' head(as.data.frame(m))                      # time, neuron, variable, value
#' head(as.data.frame(m, variables = "spike")) # time, neuron
#' }
#' @export
as.data.frame.annr_monitor <- function(x, row.names = NULL, optional = FALSE, ...,
                                       variables = NULL, keep = TRUE) {
  check_flag(keep, "keep")
  variables <- monitor_frame_variables(x, variables)
  projection <- inherits(x, "annr_projection_monitor")
  if (identical(variables, "spike")) {
    s <- x$get("spike", keep = keep)
    s <- s[order(s$time, s$neuron), , drop = FALSE]
    rownames(s) <- NULL
    return(data.frame(time = as.numeric(s$time), neuron = as.integer(s$neuron)))
  }
  got <- x$get(variables, keep = keep)
  if (length(variables) == 1) got <- stats::setNames(list(got), variables)
  out <- do.call(rbind, lapply(variables, function(v) long_samples(got[[v]], v, projection)))
  rownames(out) <- NULL
  out
}

#' @rdname as.data.frame.annr_monitor
#' @exportS3Method tibble::as_tibble
as_tibble.annr_monitor <- function(x, ..., variables = NULL, keep = TRUE) {
  tibble::as_tibble(as.data.frame.annr_monitor(x, variables = variables, keep = keep))
}

# ---------------------------------------------------------------------------
# Sweeps

#' Number of spikes of every condition of a sweep
#'
#' Counts the spikes of each `idx` of a [bind_rasters()] result, including
#' the conditions that fired no spike (count 0), with the swept parameters.
#' Given `n_neurons` and `duration`, it adds the mean firing rate.
#'
#' The same counts come from dplyr with `count(sweep, idx, .drop = FALSE)`,
#' since `idx` is a factor that keeps every condition as a level.
#'
#' @param x The data frame returned by [bind_rasters()] (possibly filtered:
#'   conditions left without rows count 0).
#' @param n_neurons Number of monitored neurons (to compute `rate`).
#' @param duration Recorded duration in ms (to compute `rate`).
#' @return A data frame with one row per condition: `idx` (factor), the
#'   swept parameters, `spikes` (integer) and, with `n_neurons` and
#'   `duration`, `firing_rate` (Hz, per neuron).
#' @examples
#' r <- list(data.frame(time = c(1, 2), neuron = c(3L, 4L)),
#'           data.frame(time = numeric(0), neuron = integer(0)))
#' sweep <- bind_rasters(r, input = c(10, 0))
#' spike_counts(sweep)
#' spike_counts(sweep, n_neurons = 4, duration = 1000)
#' @export
spike_counts <- function(x, n_neurons = NULL, duration = NULL) {
  if (!is.data.frame(x) || !"idx" %in% names(x)) {
    stop("`x` must be the data frame of bind_rasters() (with a column `idx`).", call. = FALSE)
  }
  conditions <- attr(x, "conditions")
  idx <- x$idx
  if (is.null(conditions)) {
    levels_ <- if (is.factor(idx)) levels(idx) else as.character(sort(unique(idx)))
    conditions <- data.frame(idx = factor(levels_, levels = levels_))
  }
  clash <- intersect(c("spikes", "firing_rate"), names(conditions))
  if (length(clash)) {
    stop("spike_counts() adds a column `", clash[1], "`: give the swept parameter of that ",
         "name another name in bind_rasters()", call. = FALSE)
  }
  counts <- table(factor(as.character(idx), levels = levels(conditions$idx)))
  out <- conditions
  out$spikes <- as.integer(counts[as.character(out$idx)])
  for (arg in c("n_neurons", "duration")) {
    v <- get(arg)
    if (!is.null(v) && (!is.numeric(v) || length(v) != 1 || !is.finite(v) || v <= 0)) {
      stop("`", arg, "` must be one positive number", call. = FALSE)
    }
  }
  if (!is.null(n_neurons) && !is.null(duration)) {
    out$firing_rate <- out$spikes / n_neurons / (duration / 1000)
  } else if (!is.null(n_neurons) || !is.null(duration)) {
    stop("give both `n_neurons` and `duration` (ms) to compute rates", call. = FALSE)
  }
  rownames(out) <- NULL
  out
}

#' Bind any results of a sweep into one data frame
#'
#' The general form of [bind_rasters()]: `parallel_run()` returns one value
#' per condition, and `bind_results()` makes them one table with the
#' condition's `idx` and swept parameters as columns. A data frame (a
#' histogram, `population_rate()`, `proj$synapses()`, ...) contributes its
#' rows; a single number (e.g. `mean_fr()`) one row with column `value`; a
#' named vector or a named list of single values one row with those columns.
#' Columns missing from some results are filled with `NA`.
#'
#' @param results The list returned by [parallel_run()].
#' @param ... Named vectors with one value per element of `results` (the
#'   swept parameters); each becomes a column.
#' @return A data frame with columns `idx` (a factor whose levels are all
#'   the conditions, also those that contributed no row), the swept
#'   parameters and the columns of the results.
#' @examples
#' bind_results(list(2.5, 4), rate = c(10, 20))
#' bind_results(list(data.frame(time = 0:1, rate = c(1, 2)),
#'                   data.frame(time = 0:1, rate = c(3, 4))), input = c("a", "b"))
#' @export
bind_results <- function(results, ...) {
  params <- list(...)
  if (!is.list(results) || is.data.frame(results)) {
    stop("`results` must be the list returned by parallel_run().", call. = FALSE)
  }
  n <- length(results)
  if (length(params) && (is.null(names(params)) || any(names(params) == ""))) {
    stop("the swept parameters given to bind_results() must be named.", call. = FALSE)
  }
  for (nm in names(params)) {
    if (!is.atomic(params[[nm]]) || length(params[[nm]]) != n) {
      stop(sprintf("`%s` must have one value per result (%d), not %d.",
                   nm, n, length(params[[nm]])), call. = FALSE)
    }
  }
  pieces <- lapply(seq_len(n), function(i) {
    r <- results[[i]]
    if (inherits(r, "error")) {
      stop(sprintf("results[[%d]] is an error (%s): drop the failed networks first.",
                   i, conditionMessage(r)), call. = FALSE)
    }
    if (is.data.frame(r)) return(as.data.frame(r, stringsAsFactors = FALSE))
    single <- function(v) is.atomic(v) && length(v) == 1
    if (single(r) && is.null(names(r))) return(data.frame(value = unname(r)))
    if ((is.atomic(r) || is.list(r)) && length(r) && !is.null(names(r)) &&
        all(nzchar(names(r))) && all(vapply(as.list(r), single, logical(1)))) {
      return(as.data.frame(as.list(r), stringsAsFactors = FALSE, optional = TRUE))
    }
    stop(sprintf(paste0("results[[%d]] is of class %s: bind_results() binds data frames, single ",
                        "values and named vectors or lists of single values."),
                 i, class(r)[1]), call. = FALSE)
  })
  columns <- unique(unlist(lapply(pieces, names)))
  taken <- intersect(columns, c("idx", names(params)))
  if (length(taken)) {
    stop(sprintf("the results have a column `%s`, the name of a column bind_results() adds.",
                 taken[1]), call. = FALSE)
  }
  rows <- vapply(pieces, nrow, integer(1))
  levels_ <- as.character(seq_len(n))
  which_idx <- rep(seq_len(n), rows)
  out <- data.frame(idx = factor(which_idx, levels = seq_len(n), labels = levels_))
  for (nm in names(params)) out[[nm]] <- params[[nm]][which_idx]
  for (col in columns) {
    parts <- lapply(seq_len(n), function(i) {
      p <- pieces[[i]]
      if (col %in% names(p)) p[[col]] else rep(NA, rows[i])
    })
    out[[col]] <- do.call(c, parts)
  }
  out
}

#' @rdname bind_rasters
#' @param x A result of `bind_rasters()`.
#' @param row.names,optional Part of the generic; unused.
#' @exportS3Method tibble::as_tibble
as_tibble.annr_sweep <- function(x, ...) {
  attr(x, "conditions") <- NULL
  tibble::as_tibble(as.data.frame(x))
}

#' @rdname bind_rasters
#' @export
as.data.frame.annr_sweep <- function(x, row.names = NULL, optional = FALSE, ...) {
  attr(x, "conditions") <- NULL
  class(x) <- "data.frame"
  x
}

# The names of the swept parameters of a bind_rasters() result.
sweep_parameters <- function(x) {
  conditions <- attr(x, "conditions")
  p <- if (is.null(conditions)) character(0) else setdiff(names(conditions), "idx")
  intersect(p, names(x))
}

# ---------------------------------------------------------------------------
# ggplot2

need_ggplot2 <- function() {
  if (!requireNamespace("ggplot2", quietly = TRUE)) {
    stop("autoplot() needs the 'ggplot2' package: install.packages(\"ggplot2\").", call. = FALSE)
  }
}

#' Plot a monitor with ggplot2
#'
#' `ggplot2::autoplot()` of a monitor draws what it recorded: a raster plot
#' of the spikes (`type = "raster"`), the population's firing rate over time
#' (`"rate"`, Hz, averaged over the monitored neurons, optionally smoothed as
#' in [population_rate()]), or the recorded variables over time
#' (`"variables"`: one line per neuron or synapse, one panel per variable).
#' The recording is read without being emptied. The result is a ggplot
#' object, to which layers, scales and themes can be added.
#'
#' @param object A monitor ([Monitor()]), or its copy in a network
#'   (`net[[m]]`).
#' @param type `"raster"`, `"rate"` or `"variables"`; default `"variables"`
#'   when the monitor records variables other than spikes, else `"raster"`.
#' @param variables For `"variables"`: which recorded variables (default all
#'   but spikes).
#' @param neurons For `"variables"` of a population: which neurons (1-based
#'   ranks; default all).
#' @param smooth For `"rate"`: time constant (ms) of the low-pass filter, 0
#'   for none.
#' @param ... Unused.
#' @return A ggplot object.
#' @examples
#' \donttest{
#' if (requireNamespace("ggplot2", quietly = TRUE)) {
#'   clear()
#'   pop <- Population(10, Izhikevich)
#'   pop$i_offset <- seq(5, 14)
#'   m <- Monitor(pop, c("spike", "v"))
#'   compile()
#'   simulate(200)
#'   ggplot2::autoplot(m, "raster")
#'   ggplot2::autoplot(m, "rate", smooth = 10)
#'   ggplot2::autoplot(m, "variables", neurons = c(1, 10))
#' }
#' }
#' @exportS3Method ggplot2::autoplot
autoplot.annr_monitor <- function(object, type = NULL, variables = NULL, neurons = NULL,
                                  smooth = 0, ...) {
  need_ggplot2()
  projection <- inherits(object, "annr_projection_monitor")
  if (is.null(type)) type <- if (any(object$variables != "spike")) "variables" else "raster"
  type <- check_choice(type, c("raster", "rate", "variables"), "type")
  aes <- ggplot2::aes
  where <- if (projection) paste0("projection '", object$projection$name, "'")
           else paste0("'", object$population$name, "'")
  if (type %in% c("raster", "rate") && !"spike" %in% object$variables) {
    stop("`type = \"", type, "\"` needs a monitor recording \"spike\"; the monitor of ",
         where, " records ", paste(object$variables, collapse = ", "), call. = FALSE)
  }
  if (type == "raster") {
    s <- as.data.frame.annr_monitor(object, variables = "spike")
    return(ggplot2::ggplot(s, aes(x = .data$time, y = .data$neuron)) +
             ggplot2::geom_point(size = 0.6, shape = 16) +
             # the neurons that did not fire are part of the picture
             ggplot2::expand_limits(y = range(object$monitored_ranks())) +
             ggplot2::labs(x = "time (ms)", y = "neuron", title = paste("Spikes of", where)))
  }
  if (type == "rate") {
    if (!is.numeric(smooth) || length(smooth) != 1 || !is.finite(smooth) || smooth < 0) {
      stop("`smooth` must be one number >= 0 (ms)", call. = FALSE)
    }
    d <- object$spike_data(keep = TRUE)
    r <- population_rate.default(d$spikes, smooth = smooth, dt = d$dt, ranks = d$ranks,
                                 t_start = d$t_start, t_end = d$t_end)
    return(ggplot2::ggplot(r, aes(x = .data$time, y = .data$rate)) +
             ggplot2::geom_line() +
             ggplot2::labs(x = "time (ms)", y = "rate (Hz)",
                           title = paste("Population rate of", where)))
  }
  if (is.null(variables)) variables <- setdiff(object$variables, "spike")
  if (!length(variables)) {
    stop("`type = \"variables\"`: the monitor of ", where, " records only spikes", call. = FALSE)
  }
  long <- as.data.frame.annr_monitor(object, variables = variables)
  if (projection) {
    long$series <- ifelse(is.na(long$post), "projection",
                          ifelse(is.na(long$pre), paste0("post ", long$post),
                                 paste0(long$post, ",", long$pre)))
  } else {
    if (!is.null(neurons)) {
      if (!is.numeric(neurons) || anyNA(neurons) || any(!neurons %in% long$neuron)) {
        stop("`neurons` must be ranks of monitored neurons", call. = FALSE)
      }
      long <- long[long$neuron %in% neurons, , drop = FALSE]
    }
    long$series <- factor(long$neuron)
  }
  n_series <- length(unique(long$series))
  p <- ggplot2::ggplot(long, aes(x = .data$time, y = .data$value, group = .data$series))
  # a legend of more than a few lines says nothing: colour only then
  p <- if (n_series <= 10) {
    p + ggplot2::geom_line(aes(colour = .data$series)) +
      ggplot2::labs(colour = if (projection) "synapse" else "neuron")
  } else {
    p + ggplot2::geom_line(alpha = 0.4)
  }
  p + ggplot2::facet_wrap(ggplot2::vars(.data$variable), ncol = 1, scales = "free_y") +
    ggplot2::labs(x = "time (ms)", y = NULL, title = paste("Recorded variables of", where))
}

#' Plot a sweep with ggplot2
#'
#' `ggplot2::autoplot()` of a [bind_rasters()] result, one colour per value
#' of a swept parameter:
#'
#' * `type = "rate"` (default): the population rate of every condition over
#'   time, in bins of `bins` ms (Hz per neuron with `n_neurons`, else spikes
#'   per bin);
#' * `"raster"`: the spikes of every condition, one panel each;
#' * `"counts"`: the mean firing rate (with `n_neurons` and `duration`,
#'   else the number of spikes) against the first swept parameter, coloured
#'   by the second one if there is one. Conditions without spikes count 0.
#'
#' @param object A data frame returned by [bind_rasters()].
#' @param type `"rate"`, `"raster"` or `"counts"`.
#' @param colour The swept parameter that colours the plot (default: the
#'   first one; for `"counts"`, the second one).
#' @param bins Bin width in ms for `"rate"`.
#' @param n_neurons,duration Number of monitored neurons and recorded
#'   duration (ms), to express rates in Hz (see [spike_counts()]).
#' @param ... Unused.
#' @return A ggplot object.
#' @examples
#' \donttest{
#' if (requireNamespace("ggplot2", quietly = TRUE)) {
#'   r <- lapply(c(5, 20, 40), function(rate) {
#'     t <- sort(runif(rate * 10, 0, 1000))
#'     data.frame(time = round(t), neuron = sample(10, length(t), TRUE))
#'   })
#'   sweep <- bind_rasters(r, input = c(5, 20, 40))
#'   ggplot2::autoplot(sweep, bins = 50, n_neurons = 10)
#'   ggplot2::autoplot(sweep, "counts", n_neurons = 10, duration = 1000)
#' }
#' }
#' @exportS3Method ggplot2::autoplot
autoplot.annr_sweep <- function(object, type = c("rate", "raster", "counts"), colour = NULL,
                                bins = 10, n_neurons = NULL, duration = NULL, ...) {
  need_ggplot2()
  type <- check_choice(type[1], c("rate", "raster", "counts"), "type")
  params <- sweep_parameters(object)
  aes <- ggplot2::aes
  if (!is.null(colour) && (!is.character(colour) || length(colour) != 1 || !colour %in% params)) {
    stop("`colour` must be the name of a swept parameter (",
         if (length(params)) paste(params, collapse = ", ") else "none were given to bind_rasters()",
         ")", call. = FALSE)
  }
  if (type == "counts") {
    counts <- spike_counts(object, n_neurons = n_neurons, duration = duration)
    # the names are injected (!!): a swept parameter may be called x or y
    y_name <- if ("firing_rate" %in% names(counts)) "firing_rate" else "spikes"
    x_name <- if (length(params)) params[1] else "idx"
    if (is.null(colour) && length(params) > 1) colour <- params[2]
    mapping <- if (is.null(colour)) aes(x = .data[[!!x_name]], y = .data[[!!y_name]])
               else aes(x = .data[[!!x_name]], y = .data[[!!y_name]],
                        colour = .data[[!!colour]], group = .data[[!!colour]])
    return(ggplot2::ggplot(counts, mapping) + ggplot2::geom_line() + ggplot2::geom_point() +
             ggplot2::labs(x = x_name,
                           y = if (y_name == "firing_rate") "mean firing rate (Hz)" else "spikes"))
  }
  if (is.null(colour) && length(params)) colour <- params[1]
  conditions <- attr(object, "conditions")
  if (is.null(conditions)) conditions <- data.frame(idx = factor(levels(factor(object$idx))))
  if (type == "raster") {
    df <- as.data.frame.annr_sweep(object)
    # one panel per condition, silent ones too, titled by its parameters
    labels <- paste0("idx ", conditions$idx)
    for (p in params) labels <- paste0(labels, ", ", p, " = ", format(conditions[[p]], trim = TRUE))
    df$.condition <- factor(labels[match(as.character(df$idx), as.character(conditions$idx))],
                            levels = labels)
    p <- ggplot2::ggplot(df, if (is.null(colour)) aes(x = .data$time, y = .data$neuron)
                             else aes(x = .data$time, y = .data$neuron, colour = .data[[!!colour]])) +
      ggplot2::geom_point(size = 0.4, shape = 16) +
      ggplot2::facet_wrap(ggplot2::vars(.data$.condition), drop = FALSE) +
      ggplot2::labs(x = "time (ms)", y = "neuron")
    return(p)
  }
  if (!is.numeric(bins) || length(bins) != 1 || !is.finite(bins) || bins <= 0) {
    stop("`bins` must be one positive number (ms)", call. = FALSE)
  }
  for (arg in c("n_neurons", "duration")) {
    v <- get(arg)
    if (!is.null(v) && (!is.numeric(v) || length(v) != 1 || !is.finite(v) || v <= 0)) {
      stop("`", arg, "` must be one positive number", call. = FALSE)
    }
  }
  # One histogram per condition over the common time range, zeros included.
  # without `duration`, the bins end with the one of the last spike
  n_bins <- if (!is.null(duration)) ceiling(duration / bins - 1e-9)
            else if (nrow(object)) floor(max(object$time) / bins + 1e-9) + 1 else 1
  breaks <- seq(0, by = bins, length.out = max(1, n_bins))
  rows <- lapply(seq_len(nrow(conditions)), function(k) {
    t <- object$time[as.character(object$idx) == as.character(conditions$idx[k])]
    which_bin <- floor(t / bins + 1e-9) + 1
    counts <- tabulate(which_bin[which_bin >= 1 & which_bin <= length(breaks)],
                       nbins = length(breaks))
    value <- if (is.null(n_neurons)) counts else counts / n_neurons / (bins / 1000)
    cbind(conditions[rep(k, length(breaks)), , drop = FALSE], time = breaks, .y = value)
  })
  df <- do.call(rbind, rows)
  rownames(df) <- NULL
  mapping <- if (is.null(colour)) aes(x = .data$time, y = .data$.y, group = .data$idx)
             else aes(x = .data$time, y = .data$.y, group = .data$idx,
                      colour = .data[[!!colour]])
  ggplot2::ggplot(df, mapping) + ggplot2::geom_line() +
    ggplot2::labs(x = "time (ms)",
                  y = if (is.null(n_neurons)) paste0("spikes per ", bins, " ms") else "rate (Hz)")
}

# `.data` in the mappings above is the pronoun of ggplot2's tidy
# evaluation; declaring it keeps R CMD check from flagging it.
utils::globalVariables(".data")

check_choice <- function(x, choices, arg) {
  if (!is.character(x) || length(x) != 1 || is.na(x) || !x %in% choices) {
    stop("`", arg, "` must be one of ", paste0("\"", choices, "\"", collapse = ", "),
         call. = FALSE)
  }
  x
}

# ---------------------------------------------------------------------------
# summary()

# min / mean / max of an attribute's current values (NA when unreadable).
attribute_stats <- function(values) {
  v <- suppressWarnings(as.numeric(unlist(values)))
  if (!length(v) || all(is.na(v))) return(c(n = length(v), min = NA, mean = NA, max = NA))
  c(n = length(v), min = min(v, na.rm = TRUE), mean = mean(v, na.rm = TRUE),
    max = max(v, na.rm = TRUE))
}

#' Summaries of populations, projections, monitors and networks
#'
#' `summary()` of a population lists its model and, for every parameter and
#' variable, its locality and the range of its current values (on the
#' compiled network, the live values). `summary()` of a projection gives its
#' populations, target, synapse model, connector and, once compiled, the
#' number of synapses and the range of weights and delays. `summary()` of a
#' monitor gives what it records and how much it holds (without emptying
#' it). `summary()` of a network lists all of these in tables. Each returns
#' an object with a print method; its fields are plain R values and data
#' frames.
#'
#' @param object A population (or view), projection, monitor or network.
#' @param ... Unused.
#' @param x A summary object (for printing).
#' @return An object of class `summary.annr_population`,
#'   `summary.annr_projection`, `summary.annr_monitor` or
#'   `summary.annr_network`: a list.
#' @examples
#' \donttest{
#' clear()
#' pop <- Population(100, Izhikevich)
#' inp <- PoissonPopulation(100, rates = 10)
#' proj <- Projection(inp, pop, "exc")
#' proj$connect_fixed_probability(probability = 0.1, weights = 1)
#' m <- Monitor(pop, "spike")
#' compile()
#' simulate(100)
#' summary(pop)
#' summary(proj)
#' summary(m)
#' summary(Network(everything = TRUE))
#' }
#' @name summaries
NULL

#' @rdname summaries
#' @export
summary.annr_population <- function(object, ...) {
  pop <- object
  type <- pop$type
  model <- if (identical(type, "spike_source_array")) "SpikeSourceArray" else pop$neuron$name
  a <- pop$neuron$attributes
  attrs <- if (is.null(a)) {
    data.frame(name = character(0), kind = character(0), locality = character(0),
               n = numeric(0), min = numeric(0), mean = numeric(0), max = numeric(0))
  } else {
    global <- if ("is_global" %in% names(a)) a$is_global else rep(FALSE, nrow(a))
    stats <- t(vapply(a$name, function(nm) {
      attribute_stats(tryCatch(pop$get(nm), error = function(e) NULL))
    }, numeric(4)))
    data.frame(name = a$name, kind = ifelse(a$is_parameter, "parameter", "variable"),
               locality = ifelse(global, "population", "neuron"),
               n = stats[, "n"], min = stats[, "min"], mean = stats[, "mean"],
               max = stats[, "max"], row.names = NULL, stringsAsFactors = FALSE)
  }
  structure(list(name = pop$name, size = pop$size, geometry = pop$geometry, model = model,
                 spiking = identical(type, "spike_source_array") || isTRUE(pop$neuron$spiking),
                 compiled = isTRUE(pop$network$compiled), attributes = attrs),
            class = "summary.annr_population")
}

#' @rdname summaries
#' @export
summary.annr_view <- function(object, ...) {
  l <- unclass(object)
  s <- summary.annr_population(l$population)
  s$view <- l$ranks
  s
}

#' @rdname summaries
#' @export
print.summary.annr_population <- function(x, ...) {
  cat("Population '", x$name, "': ", x$size, " neuron(s)",
      if (length(x$geometry) > 1) paste0(" (", paste(x$geometry, collapse = " x "), ")"),
      ", model ", x$model, if (x$spiking) " (spiking)" else " (rate-coded)",
      if (x$compiled) ", compiled" else ", not compiled", "\n", sep = "")
  if (!is.null(x$view)) {
    cat("View of ", length(x$view), " neuron(s); the values below are the whole population's\n",
        sep = "")
  }
  if (nrow(x$attributes)) {
    cat("Attributes (current values):\n")
    a <- x$attributes
    a$n <- as.integer(a$n)
    print(a, row.names = FALSE, digits = 4)
  }
  invisible(x)
}

#' @rdname summaries
#' @export
summary.annr_projection <- function(object, ...) {
  proj <- object
  compiled <- isTRUE(proj$network$compiled)
  syn <- if (compiled) tryCatch(proj$synapses(), error = function(e) NULL)
  stats <- function(v) if (is.null(syn) || !nrow(syn)) NULL else attribute_stats(v)[-1]
  structure(list(name = proj$name, pre = proj$pre$name, post = proj$post$name,
                 pre_size = proj$pre_size(), post_size = proj$post_size(),
                 target = paste(proj$target, collapse = ", "),
                 synapse = if (is.null(proj$synapse)) "default (w)" else proj$synapse$name,
                 plastic = !is.null(proj$synapse) && isTRUE(proj$synapse$plastic),
                 connector = if (is.null(proj$connector)) NA_character_ else proj$connector$type,
                 compiled = compiled,
                 synapses = if (is.null(syn)) NA_integer_ else nrow(syn),
                 dendrites = if (is.null(syn)) NA_integer_ else length(unique(syn$post)),
                 weights = stats(syn$w), delays = stats(syn$delay)),
            class = "summary.annr_projection")
}

#' @rdname summaries
#' @export
print.summary.annr_projection <- function(x, ...) {
  cat("Projection '", x$name, "': ", x$pre, " (", x$pre_size, ") -> ", x$post, " (",
      x$post_size, "), target ", x$target, "\n", sep = "")
  cat("Synapse model: ", x$synapse, if (x$plastic) " (plastic)", "\n", sep = "")
  cat("Connector: ", if (is.na(x$connector)) "none yet" else x$connector, "\n", sep = "")
  if (!x$compiled) {
    cat("Not compiled: synapses are drawn at compile()\n")
  } else if (!is.na(x$synapses)) {
    cat("Synapses: ", x$synapses, " on ", x$dendrites, " post-synaptic neuron(s)\n", sep = "")
    f <- function(s) if (is.null(s)) "-" else
      sprintf("min %s, mean %s, max %s", format(s[["min"]], digits = 4),
              format(s[["mean"]], digits = 4), format(s[["max"]], digits = 4))
    cat("Weights: ", f(x$weights), "\nDelays (ms): ", f(x$delays), "\n", sep = "")
  }
  invisible(x)
}

#' @rdname summaries
#' @export
summary.annr_monitor <- function(object, ...) {
  m <- object
  projection <- inherits(m, "annr_projection_monitor")
  compiled <- isTRUE(m$network$compiled)
  held <- NULL
  if (compiled) {
    held <- vapply(m$variables, function(v) {
      r <- tryCatch(m$get(v, keep = TRUE), error = function(e) NULL)
      if (is.null(r)) NA_integer_ else nrow(r)
    }, integer(1))
  }
  recording <- if (compiled) isTRUE(tryCatch(m$core_recording(m$network$live()),
                                             error = function(e) NA))
               else isTRUE(m$start_recording)
  structure(list(of = if (projection) paste0("projection '", m$projection$name, "'",
                                             if (!is.null(m$post)) paste0(", dendrite ", m$post))
                      else paste0("population '", m$population$name, "'",
                                  if (!is.null(m$ranks)) paste0(" (", length(m$ranks), " neurons)")),
                 variables = m$variables, period = if (is.null(m$period)) m$network$dt else m$period,
                 compiled = compiled, recording = recording, held = held),
            class = "summary.annr_monitor")
}

#' @rdname summaries
#' @export
print.summary.annr_monitor <- function(x, ...) {
  cat("Monitor of ", x$of, ": ", paste(x$variables, collapse = ", "), ", every ", x$period,
      " ms, ", if (x$recording) "recording" else "not recording", "\n", sep = "")
  if (!is.null(x$held)) {
    cat("Held now: ", paste0(ifelse(names(x$held) == "spike",
                                    paste(x$held, "spikes"),
                                    paste(x$held, "samples of", names(x$held))),
                             collapse = ", "), "\n", sep = "")
  } else {
    cat("Not compiled: nothing recorded yet\n")
  }
  invisible(x)
}

#' @rdname summaries
#' @export
summary.annr_network <- function(object, ...) {
  net <- object
  pops <- lapply(net$populations, summary.annr_population)
  projs <- lapply(net$projections, summary.annr_projection)
  mons <- lapply(net$monitors, summary.annr_monitor)
  frame <- function(items, f) {
    if (!length(items)) return(NULL)
    do.call(rbind, lapply(items, function(s) as.data.frame(f(s), stringsAsFactors = FALSE)))
  }
  structure(list(
    dt = net$dt, seed = if (net$compiled) net$compiled_seed else net$seed,
    compiled = isTRUE(net$compiled),
    time = if (isTRUE(net$compiled)) net$get_time() else 0,
    populations = frame(pops, function(s) list(name = s$name, size = s$size, model = s$model,
                                               spiking = s$spiking)),
    projections = frame(projs, function(s) list(
      name = s$name, pre = s$pre, post = s$post, target = s$target, synapse = s$synapse,
      connector = s$connector, synapses = s$synapses)),
    monitors = frame(mons, function(s) list(of = s$of, variables = paste(s$variables, collapse = ", "),
                                            period = s$period))),
    class = "summary.annr_network")
}

#' @rdname summaries
#' @export
print.summary.annr_network <- function(x, ...) {
  cat("Network: dt = ", x$dt, " ms, ", if (x$compiled) paste0("compiled, t = ", x$time, " ms")
      else "not compiled", if (!is.null(x$seed)) paste0(", seed ", x$seed), "\n", sep = "")
  for (part in c("populations", "projections", "monitors")) {
    d <- x[[part]]
    cat(sprintf("%s: %d\n", tools::toTitleCase(part), if (is.null(d)) 0L else nrow(d)))
    if (!is.null(d)) print(d, row.names = FALSE)
  }
  invisible(x)
}
