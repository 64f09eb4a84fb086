// Expression trees of the equation language (internal to the core).
//
// The parser turns one statement's text into a tree; the model compiler
// (model_compiler.cpp) checks names, solves ODEs for their derivative and
// lowers the trees to bytecode (bytecode.hpp).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "annr/errors.hpp"

namespace annr {

struct Expr;
using ExprPtr = std::shared_ptr<const Expr>;

struct Expr {
  enum Kind { Number, Name, Unary, Binary, Call, If };
  Kind kind = Number;
  double value = 0.0;         // Number
  std::string name;           // Name, Call (function), Unary/Binary (operator)
  std::vector<ExprPtr> args;  // operands / call arguments / (cond, a, b)
  int column = 0;             // 1-based column in the statement's line
  int depth = 1;              // depth of the tree under this node (set by make_*)
};

ExprPtr make_number(double v, int column = 0);
ExprPtr make_name(const std::string& name, int column = 0);
ExprPtr make_unary(const std::string& op, ExprPtr a, int column = 0);
ExprPtr make_binary(const std::string& op, ExprPtr a, ExprPtr b, int column = 0);
ExprPtr make_call(const std::string& fn, std::vector<ExprPtr> args, int column = 0);
ExprPtr make_if(ExprPtr cond, ExprPtr a, ExprPtr b, int column = 0);

// Where a piece of text comes from, for error messages.
struct SourceLocation {
  std::string model;    // model name
  std::string section;  // "equations", "spike", ...
  int line = 1;         // 1-based line within the section
  int column_offset = 0;  // column of the text's first character - 1
  std::string line_text;  // the whole line, quoted under the message
};

// Builds the ModelError of the language: "model 'X', equations line 2,
// column 7: <what>" followed by the line and a caret.
ModelError language_error(const SourceLocation& where, int column,
                          const std::string& what);

// Parses an expression. Throws ModelError (unbalanced parenthesis, unexpected
// token, empty expression, ...). Columns in the tree are line columns.
ExprPtr parse_expression(const std::string& text, const SourceLocation& where);

// A readable form of a tree (for messages and tests).
std::string to_string(const ExprPtr& e);

}  // namespace annr
