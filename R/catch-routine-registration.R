# This dummy function definition is included with the package to ensure that
# 'tools::package_native_routine_registration_skeleton()' generates the
# registration of the 'run_testthat_tests' symbol (src/test-runner.cpp), which
# tests/testthat/test-cpp.R calls through testthat::run_cpp_tests().
(function() {
  .Call("run_testthat_tests", FALSE, PACKAGE = "annr")
})
