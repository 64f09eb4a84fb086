// testthat's Catch runner: defines run_testthat_tests(), which
// tests/testthat/test-cpp.R calls through testthat::run_cpp_tests().
#define TESTTHAT_TEST_RUNNER
#include <testthat.h>
