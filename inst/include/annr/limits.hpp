// Limits of the equation language. Every model string is user input: these
// bounds keep parsing, function inlining and evaluation within a small,
// known stack and time, so that a hostile or mistyped model gives an error
// naming the limit instead of a crash (C stack overflow) or a hang.
#pragma once

#include <cstddef>

namespace annr {
namespace limits {

// Characters of one section of a model (parameters, equations, ...).
constexpr std::size_t kSectionChars = 1u << 20;
// Characters of one statement (an expression and its flags).
constexpr std::size_t kStatementChars = 65536;
// Nested parentheses, unary operators, inline ifs and calls in one expression.
constexpr int kNesting = 200;
// Depth of an expression tree: a flat sum of n terms is n deep.
constexpr int kTreeDepth = 1000;
// Depth and size of an expression once user functions are inlined.
constexpr int kExpandedDepth = 2000;
constexpr std::size_t kExpandedNodes = 200000;
// Functions calling functions.
constexpr int kFunctionNesting = 50;
// Parameters of one user function.
constexpr std::size_t kFunctionParameters = 256;

}  // namespace limits
}  // namespace annr
