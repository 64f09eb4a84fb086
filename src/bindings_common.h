// Helpers shared by the Rcpp binding files (bindings*.cpp).
#pragma once

#include <cmath>
#include <new>

#include <Rcpp.h>

#include <string>

#include "annr/errors.hpp"
#include "annr/network.hpp"
#include "annr/synapse.hpp"

// Core exceptions become R errors with the core's message. ModelError is an
// annr::Error, and both are std::exception, which Rcpp already converts; we
// rethrow as Rcpp::exception without the C++ call in the message.
#define ANNR_TRY try {
#define ANNR_CATCH                                                              \
  }                                                                             \
  catch (const annr::Error& e) {                                                \
    throw Rcpp::exception(e.what(), false);                                     \
  }                                                                             \
  catch (const std::bad_alloc&) {                                               \
    throw Rcpp::exception("out of memory: the network (or this operation on it) " \
                          "needs more memory than the system gives; use smaller " \
                          "populations or sparser connectivity", false);         \
  }

namespace annr_bindings {

// The network behind an external pointer, or an R error if it is gone
// (after saveRDS()/readRDS() the R layer rebuilds it).
inline annr::Network& live_network(SEXP ptr) {
  if (TYPEOF(ptr) != EXTPTRSXP || R_ExternalPtrAddr(ptr) == nullptr)
    Rcpp::stop("the compiled network is no longer available (was it saved "
               "and reloaded?); compile it again");
  return *static_cast<annr::Network*>(R_ExternalPtrAddr(ptr));
}

// A step count from R (a double): whole, >= 0 and at most 2^53, the range
// in which both the core's 64-bit step counter and its double times are
// exact. A cast of anything else to long is undefined behaviour.
inline long to_steps(double x, const char* what) {
  if (!(x >= 0) || x > 9007199254740992.0 || x != std::floor(x)) {
    Rcpp::stop("%s must be a whole number of steps between 0 and 2^53 (got %g)", what, x);
  }
  return static_cast<long>(x);
}

// The strings of a Synapse() definition (missing or NULL fields are empty).
inline annr::SynapseSource read_synapse_source(const Rcpp::List& l) {
  auto field = [&](const char* name) -> std::string {
    if (!l.containsElementNamed(name)) return "";
    SEXP x = l[name];
    if (Rf_isNull(x)) return "";
    return Rcpp::as<std::string>(x);
  };
  annr::SynapseSource s;
  s.name = field("name");
  s.parameters = field("parameters");
  s.equations = field("equations");
  s.psp = field("psp");
  s.operation = field("operation");
  s.pre_spike = field("pre_spike");
  s.post_spike = field("post_spike");
  s.functions = field("functions");
  // names of global constants (Constant()), given when a Synapse() is checked
  if (l.containsElementNamed("constants") && !Rf_isNull(l["constants"])) {
    s.constants = Rcpp::as<std::vector<std::string>>(l["constants"]);
  }
  return s;
}

}  // namespace annr_bindings
