// The core's C++ unit tests (tests/cpp/test_*.cpp, compiled into the package
// by src/test-core-*.cpp) as one Catch test, so that R CMD check runs them
// (tests/testthat/test-cpp.R); `make -C tests/cpp` runs the same files as
// standalone programs. A failure shows the file and line of every CHECK that
// failed.
#define ANNR_TESTTHAT
#include "../tests/cpp/test_main.hpp"
// testthat's Catch has only CATCH_-prefixed macros: no clash with CHECK.
#include <testthat.h>

context("C++ core unit tests (tests/cpp)") {
  test_that("every core unit test passes") {
    const std::vector<std::string> failed = annr_test::run_all();
    std::string names;
    for (const std::string& f : failed) names += f + " ";
    CATCH_INFO(names + "\n" + annr_test::Registry::get().messages);
    expect_true(failed.empty());
    expect_true(annr_test::Registry::get().tests.size() > 0);
  }
}
