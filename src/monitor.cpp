// Monitors: what each one records, at which point of the step, and its
// buffers (one per variable, so that one variable can be fetched and emptied
// alone).
#include "annr/monitor.hpp"

#include <algorithm>
#include <numeric>

#include "annr/errors.hpp"

namespace annr {

Recorder::Recorder(const MonitorSpec& ms, std::size_t pop_size, const CompiledModel* model,
                   const std::string& label, const std::vector<std::string>& sum_targets)
    : spec_(ms), label_(label) {
  if (ms.period_steps < 1) throw Error("monitor: period must be at least one step");
  if (ms.ranks.empty()) {
    ranks_.resize(pop_size);
    std::iota(ranks_.begin(), ranks_.end(), 0);
  } else {
    for (int r : ms.ranks) {
      if (r < 0 || static_cast<std::size_t>(r) >= pop_size) throw Error("monitor: rank out of range");
    }
    ranks_ = ms.ranks;
  }
  is_monitored_.assign(pop_size, false);
  for (int r : ranks_) is_monitored_[r] = true;
  for (const auto& v : ms.variables) {
    if (v == "spike") {
      spikes_ = true;
      continue;
    }
    Variable var;
    var.name = v;
    if (v.size() > 5 && v.compare(0, 4, "sum(") == 0 && v.back() == ')' && model) {
      // the weighted sum of a rate-coded target, as the neurons saw it this step
      const std::string target = v.substr(4, v.size() - 5);
      const auto& targets = sum_targets;  // the model's, then unread targets of projections
      const auto it = std::find(targets.begin(), targets.end(), target);
      if (model->info().spiking || it == targets.end()) {
        throw Error("monitor on " + label + ": " + v + " is not an input of its rate-coded model" +
                    (model->info().spiking ? " (spiking neurons receive g_" + target + ")"
                                           : " (no projection onto it has target '" + target + "')"));
      }
      var.attribute = -1 - static_cast<int>(it - targets.begin());
      vars_.push_back(std::move(var));
      continue;
    }
    const int k = model ? model->info().attribute_index(v) : -1;
    if (k < 0) throw Error("monitor on " + label + ": no attribute '" + v + "' to record");
    const AttributeInfo& a = model->info().attributes[k];
    var.attribute = k;
    // Spiking models only: a conductance of a rate-coded model is an
    // ordinary variable.
    var.conductance = a.is_conductance && model->info().spiking;
    var.global = a.is_global;
    has_conductances_ = has_conductances_ || var.conductance;
    vars_.push_back(std::move(var));
  }
  recording_ = ms.start;
}

void Recorder::sample(Variable& v, long step, const NeuronState& state) {
  v.steps.push_back(step);
  if (v.attribute < 0) {  // sum(target)
    const auto& sums = state.sums[static_cast<std::size_t>(-1 - v.attribute)];
    for (int r : ranks_) v.values.push_back(sums[r]);
    return;
  }
  const auto& vals = state.values[static_cast<std::size_t>(v.attribute)];
  if (v.global) {
    v.values.insert(v.values.end(), ranks_.size(), vals[0]);
  } else {
    for (int r : ranks_) v.values.push_back(vals[r]);
  }
}

void Recorder::record_conductances(long step, const NeuronState& state) {
  if (!has_conductances_ || !recording_ || !due(step)) return;
  for (auto& v : vars_) {
    if (v.conductance) sample(v, step, state);
  }
}

void Recorder::record(long step, const NeuronState& state) {
  if (!recording_ || step < spec_.start_step) return;
  ++spike_recording_steps_;
  if (spikes_) {
    for (int i : state.spiked) {
      if (is_monitored_[i]) {
        spike_steps_.push_back(step);
        spike_ranks_.push_back(i);
      }
    }
  }
  if (!due(step)) return;
  for (auto& v : vars_) {
    if (!v.conductance) sample(v, step, state);
  }
}

bool Recorder::wanted(const std::vector<std::string>& names, const std::string& name) const {
  return names.empty() || std::find(names.begin(), names.end(), name) != names.end();
}

MonitorData Recorder::data(const std::vector<std::string>& names, bool keep) {
  for (const auto& n : names) {
    const bool known = (n == "spike" && spikes_) ||
                       std::any_of(vars_.begin(), vars_.end(), [&](const Variable& v) { return v.name == n; });
    if (!known) throw Error("the monitor of " + label_ + " does not record '" + n + "'");
  }
  MonitorData out;
  out.ranks = ranks_;
  out.n_neurons = ranks_.size();
  for (const auto& v : vars_) {
    if (!wanted(names, v.name)) continue;
    out.variables.push_back(v.name);
    out.variable_steps.push_back(v.steps);
    out.values.push_back(v.values);
  }
  if (!out.variable_steps.empty()) out.steps = out.variable_steps[0];
  if (spikes_ && wanted(names, "spike")) {
    out.spike_steps = spike_steps_;
    out.spike_ranks = spike_ranks_;
  }
  out.recording_steps = spike_recording_steps_;
  if (!keep) clear(names);
  return out;
}

void Recorder::clear(const std::vector<std::string>& names) {
  for (auto& v : vars_) {
    if (!wanted(names, v.name)) continue;
    v.steps.clear();
    v.values.clear();
  }
  if (wanted(names, "spike")) {
    spike_steps_.clear();
    spike_ranks_.clear();
    spike_recording_steps_ = 0;
  }
}

}  // namespace annr
