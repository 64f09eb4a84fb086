// Errors raised by the simulation core. The core never includes R headers:
// the Rcpp layer (src/bindings.cpp) turns these exceptions into R errors.
#pragma once

#include <stdexcept>
#include <string>

namespace annr {

// A user mistake in the network definition (bad argument, unknown name, ...).
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& what) : std::runtime_error(what) {}
};

// A mistake inside a model's equations. The message already names the model,
// the section (parameters, equations, spike, reset, ...), the line and column,
// and quotes the offending line, e.g.
//   model 'Izhikevich', equations line 2, column 7: unknown variable 'vv'
//     dv/dt = 0.04*vv^2 + 5*v + 140 - u + I
//           ^
class ModelError : public Error {
 public:
  ModelError(const std::string& what, int line, int column)
      : Error(what), line_(line), column_(column) {}
  int line() const { return line_; }
  int column() const { return column_; }

 private:
  int line_;
  int column_;
};

}  // namespace annr
