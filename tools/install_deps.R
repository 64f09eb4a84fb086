# Installs what annr needs to build, run its demo and its tests, and is not
# installed yet. As root on Debian/Ubuntu it prefers the prebuilt r-cran-*
# packages (fast); anything apt cannot provide comes from CRAN.
#   Rscript tools/install_deps.R
desc <- read.dcf("DESCRIPTION")
fields <- intersect(c("Imports", "LinkingTo", "Suggests"), colnames(desc))
deps <- unlist(lapply(fields, function(f) strsplit(desc[, f], ",")[[1]]))
deps <- trimws(sub("\\(.*\\)", "", deps))
base <- rownames(installed.packages(priority = "base"))
deps <- setdiff(unique(deps[deps != ""]), c(base, "R"))
# Wanted for the developer tools (documentation, vignettes), not by the package.
deps <- unique(c(deps, "roxygen2"))
missing <- deps[!vapply(deps, requireNamespace, logical(1), quietly = TRUE)]
if (!length(missing)) {
  message("install_deps: all ", length(deps), " packages present")
  quit(status = 0)
}
message("install_deps: missing ", paste(missing, collapse = ", "))
is_root <- identical(unname(Sys.info()[["effective_user"]]), "root")
if (is_root && nzchar(Sys.which("apt-get"))) {
  debs <- paste0("r-cran-", tolower(missing))
  available <- debs[vapply(debs, function(d) {
    out <- suppressWarnings(system2("apt-cache", c("show", d), stdout = TRUE, stderr = TRUE))
    status <- attr(out, "status")
    (is.null(status) || status == 0) && any(grepl("^Package:", out))
  }, logical(1))]
  if (length(available) < length(debs)) {
    system2("apt-get", "update", stdout = FALSE, stderr = FALSE)
    available <- debs[vapply(debs, function(d) {
      out <- suppressWarnings(system2("apt-cache", c("show", d), stdout = TRUE, stderr = TRUE))
      any(grepl("^Package:", out))
    }, logical(1))]
  }
  if (length(available)) {
    status <- system2("apt-get", c("install", "-y", "--no-install-recommends", available),
                      env = "DEBIAN_FRONTEND=noninteractive")
    if (status != 0) message("install_deps: apt-get failed; falling back to CRAN")
  }
  if (any(missing == "rmarkdown") && !nzchar(Sys.which("pandoc"))) {
    system2("apt-get", c("install", "-y", "--no-install-recommends", "pandoc"),
            env = "DEBIAN_FRONTEND=noninteractive")
  }
  missing <- missing[!vapply(missing, requireNamespace, logical(1), quietly = TRUE)]
}
if (length(missing)) {
  install.packages(missing, repos = "https://cloud.r-project.org")
}
still <- missing[!vapply(missing, requireNamespace, logical(1), quietly = TRUE)]
# Extra future backends: their tests skip without them, and CRAN's current
# versions may want a newer 'future' than Debian's r-cran-future.
optional <- intersect(still, c("future.callr", "future.mirai", "mirai"))
if (length(optional)) message("install_deps: optional, not installed: ", paste(optional, collapse = ", "))
still <- setdiff(still, optional)
if (length(still)) stop("install_deps: could not install ", paste(still, collapse = ", "))
message("install_deps: done")
