// Rcpp layer of the monitors of synaptic variables (Monitor(proj, "w"),
// Monitor(proj$dendrite(k), "w")): starting, pausing and reading them.
#include <Rcpp.h>

#include <string>
#include <vector>

#include "bindings_common.h"
#include "annr/projection_monitor.hpp"

using annr_bindings::live_network;

namespace {
Rcpp::IntegerVector one_based(const std::vector<int>& r) {
  Rcpp::IntegerVector out(r.size());
  for (std::size_t i = 0; i < r.size(); ++i) out[static_cast<R_xlen_t>(i)] = r[i] + 1;
  return out;
}
}  // namespace

// [[Rcpp::export(.annr_projection_monitor_start)]]
void annr_projection_monitor_start(SEXP ptr, int monitor_id, bool on) {
  ANNR_TRY
  annr::ProjectionMonitor& m = live_network(ptr).projection_monitor(monitor_id);
  if (on) m.start(); else m.pause();
  ANNR_CATCH
}

// [[Rcpp::export(.annr_projection_monitor_recording)]]
bool annr_projection_monitor_recording(SEXP ptr, int monitor_id) {
  ANNR_TRY
  return live_network(ptr).projection_monitor(monitor_id).recording();
  ANNR_CATCH
}

// variables: the ones to empty (empty vector: all, and the count of
// recording steps).
// [[Rcpp::export(.annr_projection_monitor_clear)]]
void annr_projection_monitor_clear(SEXP ptr, int monitor_id, std::vector<std::string> variables) {
  ANNR_TRY
  annr::ProjectionMonitor& m = live_network(ptr).projection_monitor(monitor_id);
  if (variables.empty()) m.clear();
  for (const std::string& v : variables) m.clear(v);
  ANNR_CATCH
}

// values: one (samples x columns) matrix per variable, steps: the step of
// each sample per variable; kinds 0 per synapse, 1 postsynaptic,
// 2 projection-wide; ranks 1-based. Nothing is emptied here.
// [[Rcpp::export(.annr_projection_monitor_data)]]
Rcpp::List annr_projection_monitor_data(SEXP ptr, int monitor_id) {
  ANNR_TRY
  const annr::ProjectionMonitorData& d = live_network(ptr).projection_monitor(monitor_id).data();
  Rcpp::List values(d.variables.size()), steps(d.variables.size());
  for (std::size_t k = 0; k < d.variables.size(); ++k) {
    const std::size_t n_samples = d.steps[k].size();
    steps[k] = Rcpp::NumericVector(d.steps[k].begin(), d.steps[k].end());
    const std::size_t cols = d.kinds[k] == 0 ? d.synapse_pre.size() : (d.kinds[k] == 1 ? d.dendrites.size() : 1);
    Rcpp::NumericMatrix m(n_samples, cols);
    const std::vector<double>& v = d.values[k];
    for (std::size_t s = 0; s < n_samples; ++s)
      for (std::size_t j = 0; j < cols; ++j) m(s, j) = v[s * cols + j];
    values[k] = m;
  }
  values.attr("names") = Rcpp::wrap(d.variables);
  steps.attr("names") = Rcpp::wrap(d.variables);
  return Rcpp::List::create(
      Rcpp::Named("steps") = steps, Rcpp::Named("values") = values,
      Rcpp::Named("kinds") = Rcpp::wrap(d.kinds), Rcpp::Named("dendrites") = one_based(d.dendrites),
      Rcpp::Named("pre") = one_based(d.synapse_pre), Rcpp::Named("post") = one_based(d.synapse_post),
      Rcpp::Named("recording_steps") = static_cast<double>(d.recording_steps));
  ANNR_CATCH
}

// Values set before compile() are replayed after the build; they belong to
// the state that reset(projections = TRUE) returns to.
// [[Rcpp::export(.annr_projection_keep_as_initial)]]
void annr_projection_keep_as_initial(SEXP ptr) {
  ANNR_TRY
  live_network(ptr).keep_projections_as_initial();
  ANNR_CATCH
}
