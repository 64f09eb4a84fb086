# The C++ core's unit tests (tests/cpp) from R CMD check: they are compiled
# into the package (src/test-core*.cpp) and run through testthat's Catch
# support. `make test` also builds and runs them as standalone programs.
skip_if_not_installed("xml2")
run_cpp_tests("annr")
