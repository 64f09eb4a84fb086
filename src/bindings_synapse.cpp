// Rcpp bindings for synapse models: checking a Synapse() definition,
// learning switches and synaptic variables of a compiled projection.
#include <Rcpp.h>

#include "annr/errors.hpp"
#include "annr/network.hpp"
#include "annr/synapse.hpp"
#include "bindings_common.h"

using annr_bindings::live_network;

// Parses and checks a synapse definition (pre./post. names are checked when
// the synapse is attached to populations, at compile()). Returns the names
// of its variables and whether it learns.
// [[Rcpp::export(.annr_analyse_synapse)]]
Rcpp::List annr_analyse_synapse(Rcpp::List source) {
  const annr::SynapseSource s = annr_bindings::read_synapse_source(source);
  try {
    auto c = annr::CompiledSynapse::compile(s, nullptr, nullptr);
    std::vector<std::string> names;
    std::vector<bool> params, globals, postsynaptic;
    std::vector<double> inits;
    for (const auto& a : c->info().attributes) {
      names.push_back(a.name);
      params.push_back(a.is_parameter);
      globals.push_back(a.is_global);
      postsynaptic.push_back(a.is_postsynaptic);
      inits.push_back(a.init);
    }
    return Rcpp::List::create(
        Rcpp::Named("attributes") = Rcpp::DataFrame::create(
            Rcpp::Named("name") = names, Rcpp::Named("is_parameter") = params,
            Rcpp::Named("is_global") = globals, Rcpp::Named("is_postsynaptic") = postsynaptic,
            Rcpp::Named("init") = inits,
            Rcpp::Named("stringsAsFactors") = false),
        Rcpp::Named("plastic") = c->info().plastic);
  } catch (const annr::Error& e) {
    throw Rcpp::exception(e.what(), false);
  }
}

// [[Rcpp::export(.annr_projection_set_learning)]]
void annr_projection_set_learning(SEXP ptr, int projection_id, bool on, double period_steps,
                                  double offset_steps) {
  try {
    live_network(ptr).set_learning(projection_id, on, static_cast<long>(period_steps),
                                   static_cast<long>(offset_steps));
  } catch (const annr::Error& e) {
    throw Rcpp::exception(e.what(), false);
  }
}

// [[Rcpp::export(.annr_projection_synapse_attribute)]]
Rcpp::NumericVector annr_projection_synapse_attribute(SEXP ptr, int projection_id, std::string name) {
  try {
    return Rcpp::wrap(live_network(ptr).synapse_attribute(projection_id, name));
  } catch (const annr::Error& e) {
    throw Rcpp::exception(e.what(), false);
  }
}

// [[Rcpp::export(.annr_projection_set_synapse_attribute)]]
void annr_projection_set_synapse_attribute(SEXP ptr, int projection_id, std::string name,
                                           std::vector<double> values) {
  try {
    live_network(ptr).set_synapse_attribute(projection_id, name, values);
  } catch (const annr::Error& e) {
    throw Rcpp::exception(e.what(), false);
  }
}

// [[Rcpp::export(.annr_projection_synapse_attribute_names)]]
std::vector<std::string> annr_projection_synapse_attribute_names(SEXP ptr, int projection_id) {
  try {
    return live_network(ptr).synapse_attribute_names(projection_id);
  } catch (const annr::Error& e) {
    throw Rcpp::exception(e.what(), false);
  }
}
