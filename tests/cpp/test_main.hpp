// A minimal test harness for the core's C++ unit tests (no dependencies).
// Each test file defines tests with ANNR_TEST(name) { ... } and ends with
// ANNR_TEST_MAIN(). CHECK/CHECK_NEAR/CHECK_THROWS report file:line.
//
// The same files also run from R CMD check: src/test-core-*.cpp include them
// with ANNR_TESTTHAT defined, which drops main() and collects failures as
// text instead of printing them (a package must not write to stdout); the
// Catch test in src/test-core.cpp runs annr_test::run_all() and reports
// through testthat (tests/testthat/test-cpp.R).
#pragma once
#include <cmath>
#include <cstdio>
#include <exception>
#include <functional>
#include <string>
#include <vector>

namespace annr_test {
struct Registry {
  std::vector<std::pair<std::string, std::function<void()>>> tests;
  int failures = 0;
  std::string messages;  // ANNR_TESTTHAT: what fail() would have printed
  static Registry& get() { static Registry r; return r; }
};
struct Add {
  Add(const char* name, std::function<void()> f) { Registry::get().tests.emplace_back(name, f); }
};
inline void fail(const char* file, int line, const std::string& what) {
#ifdef ANNR_TESTTHAT
  Registry::get().messages += std::string("FAIL ") + file + ":" + std::to_string(line) + ": " + what + "\n";
#else
  std::printf("  FAIL %s:%d: %s\n", file, line, what.c_str());
#endif
  Registry::get().failures++;
}
// Runs every registered test; returns the names of the failed ones. An
// exception escaping a test counts as its failure.
inline std::vector<std::string> run_all() {
  std::vector<std::string> failed;
  auto& r = Registry::get();
  for (auto& t : r.tests) {
    const int before = r.failures;
    try {
      t.second();
    } catch (const std::exception& e) {
      fail(t.first.c_str(), 0, std::string("exception: ") + e.what());
    }
    if (r.failures != before) failed.push_back(t.first);
  }
  return failed;
}
}  // namespace annr_test

#define ANNR_TEST(name) \
  static void name(); static annr_test::Add add_##name(#name, name); static void name()
#define CHECK(cond) do { if (!(cond)) annr_test::fail(__FILE__, __LINE__, #cond); } while (0)
#define CHECK_NEAR(a, b, tol) do { double a_ = (a), b_ = (b); \
  if (!(std::fabs(a_ - b_) <= (tol))) annr_test::fail(__FILE__, __LINE__, \
    std::string(#a " = ") + std::to_string(a_) + ", expected " + std::to_string(b_)); } while (0)
#define CHECK_THROWS(expr, substring) do { bool thrown_ = false; \
  try { expr; } catch (const std::exception& e_) { thrown_ = true; \
    if (std::string(e_.what()).find(substring) == std::string::npos) annr_test::fail(__FILE__, __LINE__, \
      std::string("message '") + e_.what() + "' lacks '" + substring + "'"); } \
  if (!thrown_) annr_test::fail(__FILE__, __LINE__, "no exception from " #expr); } while (0)
#ifdef ANNR_TESTTHAT
#define ANNR_TEST_MAIN()
#else
#define ANNR_TEST_MAIN() int main() { \
  const auto failed_ = annr_test::run_all(); \
  for (const auto& name : failed_) std::printf("not ok %s\n", name.c_str()); \
  std::printf("%d passed, %d failed\n", (int)(annr_test::Registry::get().tests.size() - failed_.size()), \
              (int)failed_.size()); \
  return failed_.empty() ? 0 : 1; }
#endif
