// The recorder behind a Monitor: what one monitor records of one population,
// and when in the step it records it.
//
// ANNarchy 4.7.3 records a conductance g_<target> right after the incoming
// spikes are added and before the neuron update (its `record_targets` step),
// and every other variable, the spikes and sum(target) at the end of the step.
// A recorder therefore has two entry points, called by the network at those
// two places. Each variable keeps its own buffer (steps and values), so that
// fetching one variable empties only that one, as Monitor.get('u') does there.
#pragma once

#include <string>
#include <vector>

#include "annr/model.hpp"
#include "annr/network.hpp"
#include "annr/network_spec.hpp"

namespace annr {

class Recorder {
 public:
  // `model` is null for a spike source; `label` names the population in errors.
  // `sum_targets` lists the population's rate-coded inputs in the order of
  // NeuronState::sums (the model's targets, then unread targets of projections).
  Recorder(const MonitorSpec& spec, std::size_t pop_size, const CompiledModel* model,
           const std::string& label, const std::vector<std::string>& sum_targets);

  const MonitorSpec& spec() const { return spec_; }
  bool recording() const { return recording_; }
  void set_recording(bool on) { recording_ = on; }

  // Between spike delivery and the neuron update: the conductances.
  void record_conductances(long step, const NeuronState& state);
  // At the end of the step: spikes, the other variables, sum(target).
  void record(long step, const NeuronState& state);

  // The buffers of `names` ("spike" and/or recorded variables; empty = all),
  // emptied unless keep. Throws Error for a name the monitor does not record.
  MonitorData data(const std::vector<std::string>& names, bool keep);
  void clear(const std::vector<std::string>& names);  // empty = all

 private:
  struct Variable {
    std::string name;
    int attribute = -1;   // index in the model's attributes, or -1 - target
                          // index for sum(target)
    bool conductance = false;
    bool global = false;
    std::vector<long> steps;
    std::vector<double> values;  // samples x neurons, row-major
  };
  bool due(long step) const {
    return step >= spec_.start_step && (step - spec_.start_step) % spec_.period_steps == 0;
  }
  void sample(Variable& v, long step, const NeuronState& state);
  bool wanted(const std::vector<std::string>& names, const std::string& name) const;

  MonitorSpec spec_;
  std::string label_;
  std::vector<int> ranks_;             // 0-based population ranks recorded
  std::vector<bool> is_monitored_;     // by population rank (spike filter)
  bool spikes_ = false;
  bool recording_ = true;
  bool has_conductances_ = false;
  std::vector<Variable> vars_;
  std::vector<long> spike_steps_;
  std::vector<int> spike_ranks_;
  long spike_recording_steps_ = 0;     // steps recorded since spikes were emptied
};

}  // namespace annr
