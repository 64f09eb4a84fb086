# Spike-train analysis, for monitors and for raster data frames
# (columns time in ms, neuron = 1-based rank). Semantics follow ANNarchy's
# Monitor methods; where ANNarchy infers the recording window from the first
# and last spike, a monitor here knows its real window and uses it.

# The common input of every method: spikes, monitored ranks, dt, window.
# A monitor without `spikes` gives its spikes up (get("spike")), as in
# ANNarchy; with `spikes` (a data frame fetched from it) its ranks and the
# window of its last fetch of the spikes are used.
spike_input <- function(x, dt = NULL, ranks = NULL, n_neurons = NULL,
                        t_start = NULL, t_end = NULL, spikes = NULL) {
  if (inherits(x, "annr_monitor")) {
    if (is.null(spikes)) {
      d <- x$spike_data(keep = FALSE)
      if (!(d$recording_duration > 0)) {
        warning("the monitor of '", x$population$name, "' holds no spike ",
                "recording: its spikes were used up by get(\"spike\") or an ",
                "earlier analysis (or it has not recorded since). Fetch them ",
                "once, s <- m$get(\"spike\"), and pass them to each analysis ",
                "(m$mean_fr(s), m$histogram(spikes = s), ...).", call. = FALSE)
      }
      return(list(spikes = d$spikes, ranks = d$ranks, dt = d$dt,
                  t_start = d$t_start, t_end = d$t_end,
                  duration = d$recording_duration))
    }
    check_spike_frame(spikes, "spikes")
    w <- x$last_window
    dt <- x$network$dt
    if (is.null(w)) {
      w <- list(t_start = if (nrow(spikes)) min(spikes$time) else 0)
      w$t_end <- if (nrow(spikes)) max(spikes$time) + dt else w$t_start
      w$duration <- w$t_end - w$t_start
    }
    return(list(spikes = spikes[, c("time", "neuron")], ranks = x$monitored_ranks(),
                dt = dt, t_start = w$t_start, t_end = w$t_end,
                duration = w$duration))
  }
  check_spike_frame(x, "x")
  if (is.null(dt)) dt <- 1
  if (!is.numeric(dt) || length(dt) != 1 || !(dt > 0)) {
    stop("`dt` must be one positive number (ms).", call. = FALSE)
  }
  if (is.null(ranks)) {
    ranks <- if (!is.null(n_neurons)) seq_len(n_neurons)
             else if (nrow(x)) sort(unique(x$neuron)) else integer(0)
  }
  if (is.null(t_start)) t_start <- if (nrow(x)) min(x$time) else 0
  if (is.null(t_end)) t_end <- if (nrow(x)) max(x$time) + dt else t_start
  list(spikes = x[, c("time", "neuron")], ranks = ranks, dt = dt,
       t_start = t_start, t_end = t_end, duration = t_end - t_start)
}

check_spike_frame <- function(x, arg) {
  if (!is.data.frame(x) || !all(c("time", "neuron") %in% names(x))) {
    stop("`", arg, "` must be a Monitor or a data frame with columns `time` (ms) and `neuron`.",
         call. = FALSE)
  }
}

#' Spike-train analysis
#'
#' Functions of ANNarchy's `Monitor` for recorded spikes, as generics with
#' methods for monitors (`m`, or `m$raster_plot()` etc.) and for raster data
#' frames (columns `time` in ms and `neuron`, 1-based), e.g. the results of
#' [parallel_run()]. Time is in ms, rates in Hz.
#'
#' **A monitor's spikes are used up.** Called with a monitor and no `spikes`,
#' an analysis fetches the spikes with `m$get("spike")`, which empties the
#' spike recording (as ANNarchy does): the next analysis of the same monitor
#' finds no spikes and warns (its result is then empty: zero rows, zero counts
#' or `NA`). Fetch the spikes once and pass them to every analysis:
#' `s <- m$get("spike")`, then `m$mean_fr(s)`, `m$histogram(spikes = s)` or
#' `mean_fr(m, spikes = s)`; the monitor then supplies the monitored neurons
#' and the window of that fetch. Other recorded variables are not touched.
#'
#' * `raster_plot()`: the spikes as `data.frame(time, neuron)`, sorted by
#'   time then neuron.
#' * `histogram()`: number of spikes of all neurons per bin of `bins` ms
#'   (default `dt`): `data.frame(time = bin start, spikes)`.
#' * `mean_fr()`: mean firing rate (Hz) of the monitored neurons over the
#'   recording (for a monitor: the time it actually recorded; for a data frame:
#'   `t_start` to `t_end`, by default the first spike to the last spike + dt).
#' * `population_rate()`: the population's rate per time step (Hz), averaged
#'   over neurons; with `smooth > dt`, smoothed by a first-order low-pass
#'   filter of time constant `smooth` ms (as ANNarchy does).
#' * `smoothed_rate()`: per neuron, the instantaneous rate `1000 / ISI` between
#'   consecutive spikes, optionally low-pass filtered like above; a matrix
#'   time x neuron.
#' * `inter_spike_interval()`: the ISIs (ms), all together or a list per neuron.
#' * `coefficient_of_variation()`: sd / mean of each neuron's ISIs (population
#'   standard deviation, as numpy's `std`); neurons with fewer than 2 ISIs are
#'   left out (`per_neuron = FALSE`) or `NA`.
#'
#' @param x A monitor recording `"spike"`, or a raster data frame.

#' @param bins Bin width (ms).
#' @param smooth Time constant of the smoothing (ms); 0 for none.
#' @param per_neuron Return one result per neuron.
#' @param ... For monitors: `spikes`, spikes fetched from the monitor with
#'   `get("spike")` (if absent, the analysis fetches them, which empties the
#'   monitor's spike recording). For data frames: `dt` (ms, default 1),
#'   `ranks` or `n_neurons` (the monitored neurons; default the neurons that
#'   spiked), `t_start`, `t_end` (ms).
#' @return See Details.
#' @examples
#' spikes <- data.frame(time = c(1, 5, 9, 2, 12), neuron = c(1, 1, 1, 2, 2))
#' raster_plot(spikes)
#' histogram(spikes, bins = 5)
#' mean_fr(spikes, n_neurons = 2, t_start = 0, t_end = 20)
#' inter_spike_interval(spikes, per_neuron = TRUE)
#' coefficient_of_variation(spikes)
#' @name spike_analysis
NULL

#' @rdname spike_analysis
#' @export
raster_plot <- function(x, ...) UseMethod("raster_plot")

#' @export
raster_plot.default <- function(x, ...) {
  s <- spike_input(x, ...)$spikes
  s <- s[order(s$time, s$neuron), , drop = FALSE]
  rownames(s) <- NULL
  data.frame(time = as.numeric(s$time), neuron = as.integer(s$neuron))
}

#' @rdname spike_analysis
#' @export
histogram <- function(x, bins = NULL, ...) UseMethod("histogram")

#' @export
histogram.default <- function(x, bins = NULL, ...) {
  d <- spike_input(x, ...)
  if (is.null(bins)) bins <- d$dt
  if (!is.numeric(bins) || length(bins) != 1 || !(bins > 0)) {
    stop("`bins` must be one positive number (ms).", call. = FALSE)
  }
  n_bins <- max(1, ceiling((d$t_end - d$t_start) / bins - 1e-9))
  which_bin <- floor((d$spikes$time - d$t_start) / bins + 1e-9) + 1
  which_bin <- which_bin[which_bin >= 1 & which_bin <= n_bins]
  data.frame(time = d$t_start + (seq_len(n_bins) - 1) * bins,
             spikes = tabulate(which_bin, nbins = n_bins))
}

#' @rdname spike_analysis
#' @export
mean_fr <- function(x, ...) UseMethod("mean_fr")

#' @export
mean_fr.default <- function(x, ...) {
  d <- spike_input(x, ...)
  if (!length(d$ranks) || d$duration <= 0) return(NA_real_)
  nrow(d$spikes) / length(d$ranks) / (d$duration / 1000)
}

#' @rdname spike_analysis
#' @export
population_rate <- function(x, smooth = 0, ...) UseMethod("population_rate")

low_pass <- function(r, dt, smooth) {
  check_smooth(smooth)
  if (smooth <= dt) return(r)
  k <- dt / smooth
  out <- as.numeric(stats::filter(k * r, 1 - k, method = "recursive",
                                  init = r[1]))
  out
}

#' @export
population_rate.default <- function(x, smooth = 0, ...) {
  d <- spike_input(x, ...)
  h <- histogram.default(d$spikes, bins = d$dt, dt = d$dt, t_start = d$t_start,
                         t_end = d$t_end)
  n <- max(1, length(d$ranks))
  rate <- h$spikes / n / (d$dt / 1000)
  data.frame(time = h$time, rate = low_pass(rate, d$dt, smooth))
}

#' @rdname spike_analysis
#' @export
smoothed_rate <- function(x, smooth = 0, ...) UseMethod("smoothed_rate")

#' @export
smoothed_rate.default <- function(x, smooth = 0, ...) {
  check_smooth(smooth)
  d <- spike_input(x, ...)
  n_steps <- max(1, round((d$t_end - d$t_start) / d$dt))
  out <- matrix(0, n_steps, length(d$ranks),
                dimnames = list(format(d$t_start + (seq_len(n_steps) - 1) * d$dt, trim = TRUE),
                                as.character(d$ranks)))
  for (k in seq_along(d$ranks)) {
    times <- sort(d$spikes$time[d$spikes$neuron == d$ranks[k]])
    steps <- round((times - d$t_start) / d$dt) + 1
    if (length(steps) >= 2) {
      for (i in seq_len(length(steps) - 1)) {
        a <- steps[i]; b <- steps[i + 1] - 1
        if (b >= a) out[a:b, k] <- 1000 / (times[i + 1] - times[i])
      }
    }
    out[, k] <- low_pass(out[, k], d$dt, smooth)
  }
  out
}

#' @rdname spike_analysis
#' @export
inter_spike_interval <- function(x, per_neuron = FALSE, ...) UseMethod("inter_spike_interval")

#' @export
inter_spike_interval.default <- function(x, per_neuron = FALSE, ...) {
  d <- spike_input(x, ...)
  isi <- lapply(d$ranks, function(r) diff(sort(d$spikes$time[d$spikes$neuron == r])))
  names(isi) <- as.character(d$ranks)
  if (per_neuron) isi else unlist(isi, use.names = FALSE)
}

#' @rdname spike_analysis
#' @export
coefficient_of_variation <- function(x, per_neuron = FALSE, ...) {
  UseMethod("coefficient_of_variation")
}

#' @export
coefficient_of_variation.default <- function(x, per_neuron = FALSE, ...) {
  isi <- inter_spike_interval.default(x, per_neuron = TRUE, ...)
  cv <- vapply(isi, function(v) {
    if (length(v) < 2) return(NA_real_)
    sqrt(mean((v - mean(v))^2)) / mean(v)
  }, numeric(1))
  if (per_neuron) cv else unname(cv[!is.na(cv)])
}

#' Raster plot with base graphics
#'
#' @param x A monitor recording spikes (its spikes are fetched and so used
#'   up, see [spike_analysis]), a raster data frame (`time`, `neuron`), or a
#'   list of them (one panel each, titled by the list's names).
#' @param ... Passed to [graphics::plot()].
#' @return `x`, invisibly.
#' @examples
#' plot_raster(data.frame(time = c(1, 5, 9), neuron = c(1, 2, 1)))
#' @export
plot_raster <- function(x, ...) {
  if (is.list(x) && !is.data.frame(x) && !inherits(x, "annr_monitor")) {
    n <- length(x)
    op <- graphics::par(mfrow = c(n, 1), mar = c(4, 4, 2, 1))
    on.exit(graphics::par(op))
    titles <- names(x)
    if (is.null(titles)) titles <- paste("network", seq_len(n))
    for (i in seq_len(n)) plot_raster(x[[i]], main = titles[i], ...)
    return(invisible(x))
  }
  r <- raster_plot(x)
  args <- list(...)
  # An empty raster (a silent network) still gets axes.
  defaults <- list(x = r$time, y = r$neuron, pch = 20, cex = 0.4,
                   xlab = "time (ms)", ylab = "neuron",
                   xlim = if (nrow(r)) range(r$time) else c(0, 1),
                   ylim = if (nrow(r)) range(r$neuron) else c(0, 1))
  do.call(graphics::plot, utils::modifyList(defaults, args))
  invisible(x)
}

check_smooth <- function(smooth) {
  if (!is.numeric(smooth) || length(smooth) != 1 || !is.finite(smooth) || smooth < 0) {
    stop("`smooth` must be one non-negative number of ms (0 for no smoothing)", call. = FALSE)
  }
  invisible(smooth)
}
