# Sizes checked before anything is allocated: a population or a
# connectivity that cannot fit is refused at once, with its size and the
# memory it would need, instead of failing later with std::bad_alloc.

# Memory the system can still give (bytes), or NA where it cannot be read.
available_memory <- function() {
  override <- getOption("annr.available_memory")
  if (is.numeric(override)) return(override)
  if (file.exists("/proc/meminfo")) {
    lines <- tryCatch(readLines("/proc/meminfo", warn = FALSE), error = function(e) character())
    hit <- grep("^MemAvailable:", lines, value = TRUE)
    if (length(hit)) return(as.numeric(gsub("[^0-9]", "", hit[1])) * 1024)
  }
  if (Sys.info()[["sysname"]] == "Darwin") {
    out <- suppressWarnings(tryCatch(system2("sysctl", c("-n", "hw.memsize"), stdout = TRUE, stderr = FALSE),
                                     error = function(e) character()))
    if (length(out)) return(as.numeric(out[1]))
  }
  NA_real_
}

format_bytes <- function(bytes) {
  units <- c("B", "KB", "MB", "GB", "TB", "PB")
  k <- max(1, min(length(units), floor(log(max(bytes, 1), 1024)) + 1))
  sprintf("%.3g %s", bytes / 1024^(k - 1), units[k])
}

# Stops when `bytes` exceed the memory available; `what` names the object.
check_fits_in_memory <- function(what, bytes) {
  free <- available_memory()
  if (is.finite(free) && bytes > free) {
    stop(what, " would need about ", format_bytes(bytes), " of memory; ",
         format_bytes(free), " are available", call. = FALSE)
  }
  invisible(bytes)
}
