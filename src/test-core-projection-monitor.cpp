// tests/cpp/test_projection_monitor.cpp inside the package, run by src/test-core.cpp.
#define ANNR_TESTTHAT
#include "../tests/cpp/test_projection_monitor.cpp"
