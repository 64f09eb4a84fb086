// A minimal test harness for the core's C++ unit tests (no dependencies).
// Each test file defines tests with ANNR_TEST(name) { ... } and ends with
// ANNR_TEST_MAIN(). CHECK/CHECK_NEAR/CHECK_THROWS report file:line.
#pragma once
#include <cmath>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

namespace annr_test {
struct Registry {
  std::vector<std::pair<std::string, std::function<void()>>> tests;
  int failures = 0;
  static Registry& get() { static Registry r; return r; }
};
struct Add {
  Add(const char* name, std::function<void()> f) { Registry::get().tests.emplace_back(name, f); }
};
inline void fail(const char* file, int line, const std::string& what) {
  std::printf("  FAIL %s:%d: %s\n", file, line, what.c_str());
  Registry::get().failures++;
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
#define ANNR_TEST_MAIN() int main() { \
  int failed_tests = 0; auto& r_ = annr_test::Registry::get(); \
  for (auto& t : r_.tests) { int before = r_.failures; t.second(); \
    if (r_.failures != before) { failed_tests++; std::printf("not ok %s\n", t.first.c_str()); } } \
  std::printf("%d passed, %d failed\n", (int)r_.tests.size() - failed_tests, failed_tests); \
  return failed_tests == 0 ? 0 : 1; }
