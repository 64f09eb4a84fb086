# report(): a Markdown or LaTeX description of a network, with the sections
# of ANNarchy's report(): structure (populations, projections, monitors,
# global functions), neuron models, synapse models and parameters.
# Equations are shown as written in the models (not converted to formulas).

#' Describe a network in a Markdown or LaTeX file
#'
#' Writes a description of the network with the sections of ANNarchy's
#' `report()`: the structure (time step, populations with their size and
#' neuron model, projections with their target, synapse model and
#' connectivity pattern, monitors, global functions of [add_function()]),
#' every neuron model and synapse model used (description, a table of
#' parameters with default value, locality and type, the variables with
#' their locality, initial value, bounds and numerical method, and the
#' equations, spike condition, reset, pre- and post-synaptic events and
#' transmission as written in the model), the network's [Constant()]s with
#' their current values, and the parameter values of each population and
#' projection. Models without a name are called "Neuron 1",
#' "Synapse 1", ... in order of appearance; the default synapse is not
#' described.
#'
#' Unlike ANNarchy, which turns the equations into formulas, annr shows them
#' as code. Values in the parameter tables are those of the definitions: the
#' model's, overridden by values set with `$` or `set()`; values that differ
#' between neurons or synapses are shown as a range `[min, max]`, drawn ones
#' by their distribution.
#'
#' The Markdown file can be turned into HTML or PDF with pandoc (for
#' example `pandoc report.md -s -o report.html`); the LaTeX file compiles
#' with `pdflatex` when `standalone = TRUE`.
#'
#' @param filename Name of the file; it must end with `.md` (Markdown) or
#'   `.tex` (LaTeX). Missing folders are created.
#' @param standalone For LaTeX: `TRUE` (default) writes a complete document,
#'   `FALSE` only its body (to `\\input{}` elsewhere). Ignored for Markdown.
#' @param gather_subprojections If `TRUE`, projections with the same
#'   pre-synaptic and post-synaptic population and target (for example ones
#'   between views of the same populations) are listed once in the parameter
#'   tables.
#' @param title,author,date Title, author and date of the document
#'   (defaults: "Network description", "annr", none).
#' @param net The network (default: the default network).
#' @return `filename`, invisibly.
#' @examples
#' clear()
#' pop <- Population(100, Izhikevich(), name = "exc")
#' proj <- Projection(pop, pop, "exc")
#' proj$connect_fixed_probability(0.1, weights = 0.5)
#' f <- tempfile(fileext = ".md")
#' report(f)
#' cat(head(readLines(f), 20), sep = "\n")
#' @export
report <- function(filename = "./report.tex", standalone = TRUE, gather_subprojections = FALSE,
                   title = NULL, author = NULL, date = NULL, net = default_network()) {
  check_filename(filename)
  check_flag(standalone, "standalone")
  check_flag(gather_subprojections, "gather_subprojections")
  check_network_arg(net)
  for (arg in c("title", "author", "date")) {
    x <- get(arg)
    if (!is.null(x) && (!is.character(x) || length(x) != 1 || is.na(x))) {
      stop("`", arg, "` must be NULL or one string", call. = FALSE)
    }
  }
  format <- if (grepl("\\.md$", filename, ignore.case = TRUE)) "md"
            else if (grepl("\\.tex$", filename, ignore.case = TRUE)) "tex"
            else stop("report(): `filename` must end with .tex or .md", call. = FALSE)
  w <- report_writer(format)
  body <- c(report_structure(net, w), report_neuron_models(net, w),
            report_synapse_models(net, w), report_parameters(net, w, gather_subprojections))
  title <- if (is.null(title)) "Network description" else title
  author <- if (is.null(author)) "annr" else author
  date <- if (is.null(date)) "" else date
  text <- if (format == "md") {
    c("---", paste("title:", title), paste("author:", author), paste("date:", date), "---", "",
      body)
  } else if (standalone) {
    c("\\documentclass{article}", "\\usepackage[margin=1in]{geometry}",
      "\\usepackage{longtable}", "\\usepackage{booktabs}", "",
      paste0("\\title{", latex_escape(title), "}"), paste0("\\author{", latex_escape(author), "}"),
      paste0("\\date{", latex_escape(date), "}"), "", "\\begin{document}", "\\maketitle", "",
      body, "\\end{document}")
  } else {
    body
  }
  dir <- dirname(filename)
  if (!dir.exists(dir)) dir.create(dir, recursive = TRUE)
  ok <- tryCatch({ writeLines(text, filename); TRUE }, error = function(e) FALSE,
                 warning = function(w) FALSE)
  if (!ok) stop("report(): cannot write '", filename, "'", call. = FALSE)
  invisible(filename)
}

# ---- output primitives (Markdown or LaTeX) ---------------------------------------

latex_escape <- function(x) {
  x <- gsub("\\", "\001", x, fixed = TRUE)
  x <- gsub("([&%$#_{}])", "\\\\\\1", x)
  x <- gsub("~", "\\textasciitilde{}", x, fixed = TRUE)
  x <- gsub("^", "\\textasciicircum{}", x, fixed = TRUE)
  gsub("\001", "\\textbackslash{}", x, fixed = TRUE)
}

report_writer <- function(format) {
  if (format == "md") {
    list(
      heading = function(level, text) c(paste(strrep("#", level), text), ""),
      text = function(x) c(x, ""),
      bold = function(x) c(paste0("**", x, "**"), ""),
      items = function(x) c(paste("*", x), ""),
      code = function(x) c("```", x, "```", ""),
      table = function(headers, rows) md_table(headers, rows)
    )
  } else {
    list(
      heading = function(level, text) {
        cmd <- c("section", "subsection", "subsubsection")[min(level, 3)]
        c(paste0("\\", cmd, "*{", latex_escape(text), "}"), "")
      },
      text = function(x) c(latex_escape(x), ""),
      bold = function(x) c(paste0("\\textbf{", latex_escape(x), "}"), ""),
      items = function(x) c("\\begin{itemize}", paste("\\item", latex_escape(x)), "\\end{itemize}", ""),
      code = function(x) c("\\begin{verbatim}", x, "\\end{verbatim}", ""),
      table = function(headers, rows) {
        if (!length(rows)) return(c("(none)", ""))
        cells <- function(r) paste(latex_escape(r), collapse = " & ")
        bold <- paste0("\\textbf{", latex_escape(headers), "}", collapse = " & ")
        c(paste0("\\begin{longtable}{", strrep("l", length(headers)), "}"), "\\toprule",
          paste0(bold, " \\\\"), "\\midrule",
          vapply(rows, function(r) paste0(cells(r), " \\\\"), character(1)),
          "\\bottomrule", "\\end{longtable}", "")
      }
    )
  }
}

md_table <- function(headers, rows) {
  if (!length(rows)) return(c("(none)", ""))
  cell <- function(x) gsub("|", "\\|", gsub("\n", " ", x), fixed = TRUE)
  m <- rbind(paste0("**", headers, "**"), do.call(rbind, lapply(rows, function(r) cell(r))))
  widths <- apply(nchar(m), 2, max)
  pad <- function(r) paste0("| ", paste0(r, strrep(" ", widths - nchar(r)), collapse = " | "), " |")
  c(pad(m[1, ]), paste0("| ", paste(strrep("-", widths), collapse = " | "), " |"),
    vapply(seq_len(nrow(m))[-1], function(i) pad(m[i, ]), character(1)), "")
}

# ---- naming models -------------------------------------------------------------

# The distinct neuron (synapse) models of the network, in order of
# appearance, each with the name the report gives it.
report_models <- function(models, default_name, prefix) {
  distinct <- list()
  for (m in models) {
    if (!any(vapply(distinct, function(d) identical(d, m), logical(1)))) {
      distinct[[length(distinct) + 1]] <- m
    }
  }
  k <- 0
  labels <- vapply(distinct, function(m) {
    if (is.null(m$name) || !nzchar(m$name) || identical(m$name, default_name)) {
      k <<- k + 1
      paste(prefix, k)
    } else m$name
  }, character(1))
  list(models = distinct, labels = labels,
       label_of = function(m) {
         for (i in seq_along(distinct)) if (identical(distinct[[i]], m)) return(labels[i])
         "-"
       })
}

net_neuron_models <- function(net) {
  models <- lapply(Filter(function(p) !is.null(p$neuron), net$populations), function(p) p$neuron)
  report_models(models, "Neuron", "Neuron")
}

net_synapse_models <- function(net) {
  models <- lapply(Filter(function(p) !is.null(p$synapse), net$projections), function(p) p$synapse)
  report_models(models, "Synapse", "Synapse")
}

population_model_label <- function(pop, nm) {
  if (identical(pop$type, "spike_source_array")) return("SpikeSourceArray")
  if (is.null(pop$neuron)) return("-")
  nm$label_of(pop$neuron)
}

# ---- values --------------------------------------------------------------------

format_value <- function(v) {
  if (is.logical(v)) return(if (length(v) == 1) tolower(as.character(v)) else "[false, true]")
  v <- v[!is.na(v)]
  if (!length(v)) return("-")
  if (length(unique(v)) == 1) return(format(v[1], digits = 7))
  paste0("[", format(min(v), digits = 7), ", ", format(max(v), digits = 7), "]")
}

format_distribution_spec <- function(d) {
  args <- paste(format(d$args, digits = 7), collapse = ", ")
  paste0(d$type, "(", args, ")")
}

connector_description <- function(conn) {
  if (is.null(conn)) return("not connected")
  val <- function(x) {
    if (is_annr_distribution(x)) return(format(x))
    if (is.numeric(x)) return(format_value(x))
    "explicit"
  }
  wd <- function() paste0(", weights ", val(conn$weights), ", delays ", val(conn$delays))
  switch(conn$type,
    one_to_one = paste0("One-to-One", wd()),
    all_to_all = paste0("All-to-All", wd()),
    fixed_probability = paste0("Random, sparseness ", conn$probability, wd()),
    fixed_number_pre = paste0("Random Convergent ", conn$number, " -> 1", wd()),
    fixed_number_post = paste0("Random Divergent 1 -> ", conn$number, wd()),
    gaussian = paste0("Gaussian, A ", conn$amp, ", sigma ", conn$sigma, ", delays ", val(conn$delays)),
    dog = paste0("Difference-of-Gaussian, A+ ", conn$amp_pos, ", sigma+ ", conn$sigma_pos,
                 ", A- ", conn$amp_neg, ", sigma- ", conn$sigma_neg, ", delays ", val(conn$delays)),
    explicit = "Connectivity matrix",
    "function" = "Created by a user function",
    gsub("_", " ", conn$type))
}

# The value of a population attribute in the definition: the model's, then
# the values set (a distribution is shown as such).
population_definition_value <- function(pop, a) {
  v <- rep(a$init, if (isTRUE(a$is_global)) 1 else pop$size)
  drawn <- NULL
  for (r in pop$values) {
    if (!identical(r$attribute, a$name)) next
    if (!is.null(r$distribution)) {
      drawn <- format_distribution_spec(r$distribution)
      next
    }
    drawn <- NULL
    if (is.null(r$ranks)) v[] <- r$values else v[r$ranks] <- r$values
  }
  if (!is.null(drawn)) return(drawn)
  if (identical(a$type, "bool")) v <- v != 0
  format_value(v)
}

projection_definition_value <- function(proj, a) {
  v <- a$init
  partial <- FALSE
  for (r in proj$values) {
    if (!identical(r$attribute, a$name)) next
    if (is.null(r$post)) { v <- r$values; partial <- FALSE } else partial <- TRUE
  }
  paste0(format_value(v), if (partial) " (some dendrites differ)")
}

# ---- sections ------------------------------------------------------------------

report_structure <- function(net, w) {
  nm <- net_neuron_models(net)
  sm <- net_synapse_models(net)
  out <- c(w$heading(1, "Structure of the network"),
           w$items(c(paste0("annr ", utils::packageVersion("annr"), "."),
                     paste0("Numerical step size: ", net$dt, " ms."))))
  if (length(net$populations)) {
    rows <- lapply(net$populations, function(p) {
      c(p$name, if (length(p$geometry) > 1) paste0("(", paste(p$geometry, collapse = ", "), ")")
                else as.character(p$size),
        population_model_label(p, nm))
    })
    out <- c(out, w$heading(2, "Populations"), w$table(c("Population", "Size", "Neuron type"), rows))
  }
  if (length(net$projections)) {
    rows <- lapply(net$projections, function(p) {
      c(view_label(p$pre), view_label(p$post), paste(p$target, collapse = " / "),
        if (is.null(p$synapse)) "-" else sm$label_of(p$synapse), connector_description(p$connector))
    })
    out <- c(out, w$heading(2, "Projections"),
             w$table(c("Source", "Destination", "Target", "Synapse type", "Pattern"), rows))
  }
  if (length(net$monitors)) {
    rows <- lapply(net$monitors, function(m) {
      obj <- if (inherits(m, "annr_projection_monitor")) {
        paste0(m$projection$name, if (!is.null(m$post)) paste0(" (dendrite ", m$post, ")"))
      } else view_label(m$obj)
      c(obj, paste(m$variables, collapse = ", "),
        if (is.null(m$period)) format(net$dt) else format(m$period))
    })
    out <- c(out, w$heading(2, "Monitors"), w$table(c("Object", "Variables", "Period (ms)"), rows))
  }
  funs <- global_functions_text()
  if (length(funs)) out <- c(out, w$heading(2, "Functions"), w$code(funs))
  out
}

view_label <- function(x) {
  if (inherits(x, "annr_view")) paste0(x$population$name, " (subset)") else x$name
}

locality_label <- function(a, i, synapse) {
  if (isTRUE(a$is_global[i])) return(if (synapse) "per projection" else "per population")
  if (synapse && isTRUE(a$is_postsynaptic[i])) return("per post-synaptic neuron")
  if (synapse) "per synapse" else "per neuron"
}

model_section <- function(w, label, description, a, synapse) {
  out <- c(w$heading(2, label), w$text(description), w$bold("Parameters:"))
  params <- which(a$is_parameter %in% TRUE)
  type_of <- function(i) if (!is.null(a$type)) a$type[i] else "float"
  out <- c(out, if (length(params)) {
    w$table(c("Name", "Default value", "Locality", "Type"),
            lapply(params, function(i) c(a$name[i], if (identical(type_of(i), "bool"))
                                           tolower(a$init[i] != 0) else format(a$init[i], digits = 7),
                                         locality_label(a, i, synapse), type_of(i))))
  } else w$text("(none)"))
  vars <- which(!(a$is_parameter %in% TRUE))
  if (length(vars)) {
    out <- c(out, w$bold("Variables:"), w$items(vapply(vars, function(i) {
      extra <- character(0)
      if (!is.null(a$min) && !is.na(a$min[i])) extra <- c(extra, paste("minimum:", a$min[i]))
      if (!is.null(a$max) && !is.na(a$max[i])) extra <- c(extra, paste("maximum:", a$max[i]))
      if (!is.null(a$is_ode) && isTRUE(a$is_ode[i]) && nzchar(a$method[i])) {
        extra <- c(extra, paste(a$method[i], "numerical method"))
      }
      paste0(a$name[i], ": ", locality_label(a, i, synapse), ", initial value: ",
             format(a$init[i], digits = 7), if (length(extra)) paste0(", ", paste(extra, collapse = ", ")))
    }, character(1))))
  }
  out
}

code_lines <- function(x) {
  if (is.null(x)) return(character(0))
  x <- trimws(unlist(strsplit(paste(x, collapse = "\n"), "\n")))
  x[nzchar(x)]
}

report_neuron_models <- function(net, w) {
  nm <- net_neuron_models(net)
  out <- w$heading(1, "Neuron models")
  for (k in seq_along(nm$models)) {
    n <- nm$models[[k]]
    spiking <- isTRUE(n$spiking)
    desc <- if (!is.null(n$description) && nzchar(n$description)) n$description
            else if (spiking) "Spiking neuron." else "Rate-coded neuron."
    out <- c(out, model_section(w, nm$labels[k], desc, n$attributes, FALSE))
    eqs <- code_lines(n$equations)
    if (length(eqs)) out <- c(out, w$bold("Equations:"), w$code(eqs))
    if (spiking) {
      out <- c(out, w$bold("Spike emission:"), w$code(paste("if", code_lines(n$spike))),
               w$items(c("Emit a spike at time t.",
                         if (length(code_lines(n$reset))) paste("Reset:", code_lines(n$reset)),
                         if (!is.null(n$refractory) && !identical(n$refractory, 0) &&
                             !identical(n$refractory, "")) {
                           paste("Refractory period:", if (is_annr_distribution(n$refractory))
                             format(n$refractory) else paste(n$refractory, collapse = " "))
                         })))
    }
    # (a model keeps a copy of the global functions: those are listed once, above)
    funs <- setdiff(code_lines(n$functions), trimws(global_functions_text()))
    if (length(funs)) out <- c(out, w$bold("Functions:"), w$code(funs))
  }
  out
}

report_synapse_models <- function(net, w) {
  sm <- net_synapse_models(net)
  out <- w$heading(1, "Synapse models")
  for (k in seq_along(sm$models)) {
    s <- sm$models[[k]]
    # spiking when a projection using it starts from a spiking population
    spiking <- any(vapply(net$projections, function(p) {
      identical(p$synapse, s) && isTRUE(p$pre_population$neuron$spiking) ||
        identical(p$synapse, s) && identical(p$pre_population$type, "spike_source_array")
    }, logical(1))) || length(code_lines(s$pre_spike)) > 0
    desc <- if (!is.null(s$description) && nzchar(s$description)) s$description
            else if (spiking) "Spiking synapse." else "Rate-coded synapse."
    out <- c(out, model_section(w, sm$labels[k], desc, s$attributes, TRUE))
    eqs <- code_lines(s$equations)
    if (length(eqs)) out <- c(out, w$bold("Equations:"), w$code(eqs))
    psp <- code_lines(s$psp)
    if (!spiking) {
      op <- if (is.null(s$operation)) "sum" else s$operation
      out <- c(out, w$bold(paste0("Weighted ", op, ":")),
               w$code(if (length(psp)) psp else "w * pre.r"))
    } else if (length(psp)) {
      out <- c(out, w$bold("Continuous transmission:"), w$code(psp))
    }
    pre <- code_lines(s$pre_spike)
    if (length(pre)) out <- c(out, w$bold("Pre-synaptic event at t_pre + d:"), w$code(pre))
    post <- code_lines(s$post_spike)
    if (length(post)) out <- c(out, w$bold("Post-synaptic event at t_post:"), w$code(post))
  }
  out
}

report_parameters <- function(net, w, gather_subprojections) {
  nm <- net_neuron_models(net)
  sm <- net_synapse_models(net)
  out <- w$heading(1, "Parameters")
  if (length(net$constants)) {  # R/constant.R, current values (as ANNarchy)
    out <- c(out, w$heading(2, "Constants"),
             w$table(c("Name", "Value"), lapply(names(net$constants), function(nm) {
               c(nm, format(net$constants[[nm]], digits = 15))
             })))
  }
  out <- c(out, w$heading(2, "Population parameters"))
  rows <- list()
  for (p in net$populations) {
    a <- p$neuron$attributes
    params <- if (is.null(a)) integer(0) else which(a$is_parameter %in% TRUE)
    for (j in seq_along(params)) {
      i <- params[j]
      rows[[length(rows) + 1]] <- c(if (j == 1) p$name else "",
                                    if (j == 1) population_model_label(p, nm) else "",
                                    a$name[i], population_definition_value(p, a[i, , drop = FALSE]))
    }
  }
  out <- c(out, w$table(c("Population", "Neuron type", "Name", "Value"), rows))
  projs <- net$projections
  if (gather_subprojections) {
    key <- vapply(projs, function(p) paste(p$pre_population$name, p$post_population$name,
                                          paste(p$target, collapse = "/"), sep = "\r"), character(1))
    projs <- projs[!duplicated(key)]
  }
  rows <- list()
  for (p in projs) {
    a <- if (is.null(p$synapse)) NULL else p$synapse$attributes
    params <- if (is.null(a)) integer(0) else which(a$is_parameter %in% TRUE & a$name != "w")
    for (j in seq_along(params)) {
      i <- params[j]
      rows[[length(rows) + 1]] <- c(
        if (j == 1) paste0(p$pre_population$name, " -> ", p$post_population$name, " with target ",
                           paste(p$target, collapse = " / ")) else "",
        if (j == 1) sm$label_of(p$synapse) else "",
        a$name[i], projection_definition_value(p, a[i, , drop = FALSE]))
    }
  }
  c(out, w$heading(2, "Projection parameters"),
    w$table(c("Projection", "Synapse type", "Name", "Value"), rows))
}
