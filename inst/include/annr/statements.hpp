// Statements of the equation language (internal to the core), shared by the
// neuron compiler (model_compiler.cpp) and the synapse compiler
// (synapse_compiler.cpp).
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "annr/bytecode.hpp"
#include "annr/expression.hpp"

namespace annr {

struct Flags {
  bool has_init = false, has_min = false, has_max = false;
  double init = 0, min = 0, max = 0;
  bool population = false;
  bool postsynaptic = false;  // synapses: one value per post-synaptic neuron
  std::string method = "explicit";
  std::string type = "float";
  // Flags whose value is an expression (`min = r_min`, `max = 2 * r_max`,
  // `init = v0`), kept as text for the compiler to parse and check; empty
  // when the value is a number (then has_min/min... hold it). Filled only
  // when parse_flags() is asked to accept expressions.
  std::string init_expr, min_expr, max_expr;
  int expr_column = 0;  // 0-based offset of the flag list in the statement
};

struct Statement {
  std::string text;  // without flags
  Flags flags;
  SourceLocation where;
};

struct NonLinear {};

struct FunctionInfo {
  int arity;
  Func func;
};

struct UserFunction {
  std::vector<std::string> params;
  ExprPtr body;
  SourceLocation where;  // the statement, for messages
};

std::string trim(const std::string& s);
bool parse_number(const std::string& text, double& out);
const std::set<std::string>& method_names();
// Reads `text` as a flag list; false when it is not one.
// With `expression_values`, init/min/max may be expressions (kept as text in
// Flags::*_expr); without, only numbers (the synapse compiler's contract).
bool parse_flags(const std::string& text, Flags& flags, bool expression_values = false);
// Splits a section into statements (newlines or ';', '#' comments), with
// their flags when `with_flags`.
std::vector<Statement> split_section(const std::string& source, const std::string& model,
                                     const std::string& section, bool with_flags,
                                     bool expression_values = false);
// Position of the assignment operator; `op` receives "=", "+=", "-=", "*=", "/=".
std::size_t find_assignment(const std::string& s, std::string& op);
// A name of the language: a letter or '_', then letters, digits or '_'.
bool is_identifier(const std::string& s);
// The first time derivative `dx/dt` (spaces allowed around '/') in `s`, as a
// whole word: its position and length in `s` and the variable's name.
// A lexer, not std::regex: regex matching recurses on long user text.
bool find_time_derivative(const std::string& s, std::size_t& pos, std::size_t& length, std::string& var);
// Replaces every `dvar/dt` of `text` by the placeholder `__ddt__`; the
// derivative of another variable is an error (column from `where`).
std::string replace_time_derivatives(std::string text, const std::string& var, const SourceLocation& where);

// Bounds the inlining of user functions, which can multiply an expression's
// size (f(x) = x + x nested n times has 2^n terms): each node of the
// expanded tree is entered through enter(), which throws past
// limits::kFunctionNesting calls, kExpandedNodes nodes or kExpandedDepth
// levels. The returned Level leaves the node when it goes out of scope.
class InliningGuard {
 public:
  struct Level {
    InliningGuard& guard;
    ~Level() { --guard.depth_; }
  };
  // `calls`: how many functions are being inlined around this node.
  [[nodiscard]] Level enter(const SourceLocation& where, int column, int calls);

 private:
  std::size_t nodes_ = 0;
  int depth_ = 0;
};

// Symbolic helpers; nullptr stands for 0.
bool is_number(const ExprPtr& e, double v);
ExprPtr s_neg(const ExprPtr& a);
ExprPtr s_add(const ExprPtr& a, const ExprPtr& b);
ExprPtr s_sub(const ExprPtr& a, const ExprPtr& b);
ExprPtr s_mul(const ExprPtr& a, const ExprPtr& b);
ExprPtr s_div(const ExprPtr& a, const ExprPtr& b);
ExprPtr zero_if_null(const ExprPtr& e);
bool contains_name(const ExprPtr& e, const std::string& name);
// Writes e = coef * x + rest (nullptr = 0); throws NonLinear otherwise.
void linearize(const ExprPtr& e, const std::string& x, ExprPtr& coef, ExprPtr& rest);
// The same, except that function calls and inline ifs containing x count as
// part of `rest` (what ANNarchy's semiimplicit method does: the linear part
// in x is integrated implicitly, non-polynomial terms such as exp(-x) are
// left in the steady state). Powers, products x * x and divisions by x
// still throw NonLinear.
void linearize_lenient(const ExprPtr& e, const std::string& x, ExprPtr& coef, ExprPtr& rest);

const std::map<std::string, FunctionInfo>& math_functions();
// Random distributions usable inside equations: name -> (arity, code).
const std::map<std::string, std::pair<int, int>>& random_functions();
ExprPtr substitute(const ExprPtr& e, const std::map<std::string, ExprPtr>& by);
// Reads the `functions` section: "name(x, y) = expression" per statement.
std::map<std::string, UserFunction> read_user_functions(const std::string& text,
                                                       const std::string& model);

}  // namespace annr
