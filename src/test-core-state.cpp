// tests/cpp/test_state.cpp inside the package, run by src/test-core.cpp.
#define ANNR_TESTTHAT
#include "../tests/cpp/test_state.cpp"
