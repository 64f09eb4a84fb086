// tests/cpp/test_constants.cpp inside the package, run by src/test-core.cpp.
#define ANNR_TESTTHAT
#include "../tests/cpp/test_constants.cpp"
