// Monitors of synaptic variables (see annr/projection_monitor.hpp). A sample
// copies the recorded synapses' values in synapses() order, so that R gets a
// time x synapse matrix whose columns are fixed when the network is built.
#include "annr/projection_monitor.hpp"

#include "annr/errors.hpp"
#include "annr/network.hpp"

namespace annr {

ProjectionMonitor::ProjectionMonitor(const ProjectionMonitorSpec& spec, const SynapseInfo* info,
                                     std::vector<std::size_t> csr, std::vector<int> synapse_pre,
                                     std::vector<int> synapse_post, std::vector<int> dendrites,
                                     std::vector<int> post_population_ranks, const std::string& label)
    : spec_(spec), csr_(std::move(csr)), post_population_ranks_(std::move(post_population_ranks)),
      recording_(spec.start) {
  if (spec.period_steps < 1) throw Error("monitor of " + label + ": period must be at least one step");
  if (spec.variables.empty()) throw Error("monitor of " + label + ": no variable to record");
  data_.variables = spec.variables;
  data_.dendrites = std::move(dendrites);
  data_.synapse_pre = std::move(synapse_pre);
  data_.synapse_post = std::move(synapse_post);
  for (const std::string& v : spec.variables) {
    if (v == "w") {
      attributes_.push_back(-1);
      data_.kinds.push_back(0);
      continue;
    }
    const int a = info ? info->attribute_index(v) : -1;
    if (a < 0) throw Error("monitor of " + label + ": no synaptic variable '" + v + "' to record");
    const SynapseAttribute& at = info->attributes[static_cast<std::size_t>(a)];
    attributes_.push_back(a);
    data_.kinds.push_back(at.is_global ? 2 : (at.is_postsynaptic ? 1 : 0));
  }
  data_.values.resize(spec.variables.size());
  data_.steps.resize(spec.variables.size());
}

void ProjectionMonitor::record(long step, const double* w, const SynapseState* state) {
  if (!recording_ || step < spec_.start_step) return;
  data_.recording_steps++;
  if ((step - spec_.start_step) % spec_.period_steps != 0) return;
  for (std::size_t v = 0; v < attributes_.size(); ++v) {
    data_.steps[v].push_back(step);
    std::vector<double>& out = data_.values[v];
    const int a = attributes_[v];
    if (a < 0) {
      for (std::size_t k : csr_) out.push_back(w[k]);
    } else if (data_.kinds[v] == 2) {
      out.push_back(state->values[static_cast<std::size_t>(a)][0]);
    } else if (data_.kinds[v] == 1) {
      const std::vector<double>& values = state->values[static_cast<std::size_t>(a)];
      for (int j : post_population_ranks_) out.push_back(values[static_cast<std::size_t>(j)]);
    } else {
      for (std::size_t k : csr_) out.push_back(state->at(a, k));
    }
  }
}

void ProjectionMonitor::clear() {
  for (auto& v : data_.steps) v.clear();
  for (auto& v : data_.values) v.clear();
  data_.recording_steps = 0;
}

void ProjectionMonitor::clear(const std::string& variable) {
  for (std::size_t k = 0; k < data_.variables.size(); ++k) {
    if (data_.variables[k] != variable) continue;
    data_.steps[k].clear();
    data_.values[k].clear();
  }
}

// Picks the recorded synapses (the dendrites asked for, in synapses() order)
// once, when the network is built: the connectivity does not change later.
void Network::add_projection_monitor(const NetworkSpec& spec, const ProjectionMonitorSpec& m) {
  const ProjectionSpec* ps = nullptr;
  for (const auto& p : spec.projections) if (p.id == m.projection) ps = &p;
  if (!ps) throw Error("monitor " + std::to_string(m.id) + ": its projection is not in this network");
  const std::string label = "projection '" + (ps->name.empty() ? std::to_string(ps->id) : ps->name) + "'";
  std::size_t n_post = population_size(ps->post);
  if (!ps->post_ranks.empty()) n_post = ps->post_ranks.size();
  const SynapseTable t = synapses(m.projection);
  const std::vector<std::size_t> at = synapse_order_to_csr(m.projection);
  std::vector<bool> wanted(n_post, m.posts.empty());
  for (int j : m.posts) {
    if (j < 0 || static_cast<std::size_t>(j) >= n_post) throw Error("monitor of " + label + ": dendrite out of range");
    wanted[static_cast<std::size_t>(j)] = true;
  }
  std::vector<std::size_t> csr;
  std::vector<int> pre, post;
  std::vector<bool> has_synapse(n_post, false);
  for (std::size_t i = 0; i < t.post.size(); ++i) {
    const std::size_t j = static_cast<std::size_t>(t.post[i]);
    has_synapse[j] = true;
    if (!wanted[j]) continue;
    csr.push_back(at[i]);
    pre.push_back(t.pre[i]);
    post.push_back(t.post[i]);
  }
  // the dendrites: post neurons with at least one synapse (ANNarchy's post_ranks)
  std::vector<int> dendrites, population_ranks;
  for (std::size_t j = 0; j < n_post; ++j) {
    if (!wanted[j]) continue;
    if (!has_synapse[j]) {
      if (!m.posts.empty()) throw Error("monitor of " + label + ": post neuron " + std::to_string(j + 1) + " has no synapse");
      continue;
    }
    dendrites.push_back(static_cast<int>(j));
    population_ranks.push_back(ps->post_ranks.empty() ? static_cast<int>(j) : ps->post_ranks[j]);
  }
  store_projection_monitor(ProjectionMonitor(m, synapse_info(m.projection), std::move(csr), std::move(pre),
                                             std::move(post), std::move(dendrites), std::move(population_ranks),
                                             label));
}

}  // namespace annr
