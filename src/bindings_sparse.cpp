// The Matrix package's sparse matrices in and out of the core, through
// RcppEigen: a dgCMatrix is read in place (Eigen::Map over its slots) and
// weights come back as a dgCMatrix built by Eigen, so large projections
// never go through R-level triplets. Matrices follow ANNarchy's convention:
// rows are post-synaptic neurons, columns pre-synaptic ones.
//
// RcppEigen.h must come before Rcpp.h (bindings_common.h).
#include <RcppEigen.h>

#include <vector>

#include "bindings_common.h"

namespace {

using ColMajor = Eigen::SparseMatrix<double, Eigen::ColMajor, int>;
using RowMajor = Eigen::SparseMatrix<double, Eigen::RowMajor, int>;

}  // namespace

// The synapses of a post x pre dgCMatrix of weights (every stored entry is a
// synapse, explicit zeros included), ordered by post then pre as the core's
// explicit connector wants, with 1-based ranks. `delays`: NULL, or a dgCMatrix
// of the same size whose entries at the synapses are the delays (ms; absent
// entries are 0).
// [[Rcpp::export(.annr_sparse_synapses)]]
Rcpp::List annr_sparse_synapses(SEXP weights, SEXP delays) {
  const Eigen::Map<ColMajor> w_in(Rcpp::as<Eigen::Map<ColMajor>>(weights));
  // ColMajor -> RowMajor is Eigen's O(nnz) transposition: rows (post) come
  // out in order with their columns (pre) ascending.
  const RowMajor w(w_in);
  const std::size_t n = static_cast<std::size_t>(w.nonZeros());
  Rcpp::IntegerVector pre(n), post(n);
  Rcpp::NumericVector values(n);
  std::size_t k = 0;
  for (int r = 0; r < w.outerSize(); ++r) {
    for (RowMajor::InnerIterator it(w, r); it; ++it, ++k) {
      post[k] = r + 1;
      pre[k] = it.col() + 1;
      values[k] = it.value();
    }
  }
  SEXP delay_out = R_NilValue;
  if (!Rf_isNull(delays)) {
    const RowMajor d(Rcpp::as<Eigen::Map<ColMajor>>(delays));
    if (d.rows() != w.rows() || d.cols() != w.cols()) Rcpp::stop("`delays` must have the dimensions of `weights`.");
    Rcpp::NumericVector dv(n);
    k = 0;
    for (int r = 0; r < w.outerSize(); ++r) {
      RowMajor::InnerIterator di(d, r);
      for (RowMajor::InnerIterator it(w, r); it; ++it, ++k) {
        while (di && di.col() < it.col()) ++di;  // both rows are sorted: merge
        dv[k] = (di && di.col() == it.col()) ? di.value() : 0.0;
      }
    }
    delay_out = dv;
  }
  return Rcpp::List::create(Rcpp::Named("pre") = pre, Rcpp::Named("post") = post,
                            Rcpp::Named("weights") = values, Rcpp::Named("delays") = delay_out);
}

// A projection's weights ("w") or delays ("delay", ms) as a post x pre
// dgCMatrix of the projection's views.
// [[Rcpp::export(.annr_projection_sparse)]]
SEXP annr_projection_sparse(SEXP ptr, int projection_id, std::string field, int n_post, int n_pre) {
  ANNR_TRY
  if (field != "w" && field != "delay") Rcpp::stop("unknown synaptic field '%s'", field);
  const annr::SynapseTable t = annr_bindings::live_network(ptr).synapses(projection_id);
  const std::vector<double>& values = field == "w" ? t.weights : t.delays;
  // synapses() is ordered by post, then pre: a row-major (CSR) matrix as it is.
  std::vector<int> row_start(static_cast<std::size_t>(n_post) + 1, 0);
  for (int p : t.post) ++row_start[static_cast<std::size_t>(p) + 1];
  for (std::size_t r = 1; r < row_start.size(); ++r) row_start[r] += row_start[r - 1];
  const Eigen::Map<const RowMajor> by_post(n_post, n_pre, static_cast<Eigen::Index>(t.pre.size()),
                                           row_start.data(), t.pre.data(), values.data());
  const ColMajor out(by_post);
  return Rcpp::wrap(out);
  ANNR_CATCH
}
