// Rcpp binding of user functions called from R (functions(), add_function()).
#include <Rcpp.h>

#include <string>
#include <vector>

#include "annr/model.hpp"
#include "bindings_common.h"

// [[Rcpp::export(.annr_call_function)]]
Rcpp::NumericVector annr_call_function(std::string functions, std::string name, Rcpp::List args) {
  ANNR_TRY
  std::vector<std::vector<double>> a;
  for (R_xlen_t k = 0; k < args.size(); ++k) a.push_back(Rcpp::as<std::vector<double>>(args[k]));
  return Rcpp::wrap(annr::evaluate_function(functions, name, a));
  ANNR_CATCH
}
