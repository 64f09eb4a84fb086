// Recording synaptic variables over time: Monitor(proj, "w") and
// Monitor(proj$dendrite(k), "w"). The network builds one ProjectionMonitor
// per spec once its projections exist and calls record() at the end of each
// step, with the population monitors (step 8).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "annr/synapse.hpp"

namespace annr {

struct ProjectionMonitorSpec {
  int id = 0;
  int projection = 0;                  // projection id
  std::vector<int> posts;              // dendrites recorded (post view ranks); empty = all
  std::vector<std::string> variables;  // "w" and/or synaptic attributes
  long period_steps = 1;               // record every period_steps steps
  long start_step = 0;                 // steps recorded: start_step + k * period_steps
  bool start = true;                   // false: recording waits for start()
};

// What a projection monitor recorded since it was last emptied.
struct ProjectionMonitorData {
  std::vector<std::string> variables;
  // per variable: 0 = per synapse, 1 = postsynaptic (one per dendrite),
  // 2 = projection-wide (one value)
  std::vector<int> kinds;
  // steps[k]: step of each sample of variables[k] (each variable is emptied
  // on its own: reading w leaves the samples of another variable in place)
  std::vector<std::vector<long>> steps;
  // values[k]: samples x columns row-major; columns = synapse_pre.size(),
  // dendrites.size() or 1 according to kinds[k]
  std::vector<std::vector<double>> values;
  std::vector<int> dendrites;                 // post view ranks (0-based) recorded
  std::vector<int> synapse_pre, synapse_post;  // view ranks of each recorded synapse
  long recording_steps = 0;
};

class ProjectionMonitor {
 public:
  // csr: CSR index of each recorded synapse (synapses() order: by post, then
  // pre); post_population_ranks: population rank of each recorded dendrite.
  // info is null for static synapses (then only "w" can be recorded).
  ProjectionMonitor(const ProjectionMonitorSpec& spec, const SynapseInfo* info,
                    std::vector<std::size_t> csr, std::vector<int> synapse_pre,
                    std::vector<int> synapse_post, std::vector<int> dendrites,
                    std::vector<int> post_population_ranks, const std::string& label);

  int id() const { return spec_.id; }
  int projection() const { return spec_.projection; }
  // w: per-synapse weights in CSR order; state: null for static synapses.
  void record(long step, const double* w, const SynapseState* state);
  void start() { recording_ = true; }
  void pause() { recording_ = false; }
  bool recording() const { return recording_; }
  const ProjectionMonitorData& data() const { return data_; }
  void clear();                         // every variable, and recording_steps
  void clear(const std::string& variable);  // the samples of one variable

 private:
  ProjectionMonitorSpec spec_;
  std::vector<int> attributes_;  // per variable: synapse attribute index, -1 = w
  std::vector<std::size_t> csr_;
  std::vector<int> post_population_ranks_;
  bool recording_ = true;
  ProjectionMonitorData data_;
};

}  // namespace annr
