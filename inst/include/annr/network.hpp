// A compiled network: the C++ simulation object built from a NetworkSpec.
//
// It owns populations, projections and monitors, and runs the step loop in
// the order of the reference semantics:
//   (1) deliver spikes emitted earlier (uniform delays: a spike of step n
//       reaches its targets at step n + max(1, round(d/dt)); per-synapse delays
//       likewise) by adding w to the post-synaptic g_<target>; compute
//       rate-coded weighted sums; then monitors record the conductances
//       g_<target> of spiking populations (as ANNarchy's record_targets);
//   (2)+(3) every population's CompiledModel::step() (random numbers, ODEs,
//       spike, reset, refractoriness);
//   (4) advance the delay queues;
//   (8) monitors record spikes and every other variable;
//   (9) t += 1 step.
// (Global reductions, plasticity and post-synaptic events, steps 5-7, come
// with the synapse models.)
//
// A Network never calls R; several can run on several threads at once.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "annr/network_spec.hpp"
#include "annr/network_state.hpp"

namespace annr {

// What a monitor recorded since it was last emptied.
struct MonitorData {
  std::vector<std::string> variables;       // recorded attributes (no "spike")
  // variable_steps[k]: step of each sample of variables[k] (each variable
  // has its own buffer: fetching one empties only that one)
  std::vector<std::vector<long>> variable_steps;
  std::vector<long> steps;                  // variable_steps[0] (if any)
  // values[k]: samples x neurons, row-major (sample s, neuron j at
  // s * n_neurons + j), for variables[k]
  std::vector<std::vector<double>> values;
  std::vector<int> ranks;  // population ranks of the monitored neurons (0-based),
                           // in the column order of `values`
  std::size_t n_neurons = 0;  // ranks.size()
  std::vector<long> spike_steps;  // one entry per recorded spike (time = step*dt)
  std::vector<int> spike_ranks;   // population rank (0-based) of that spike
  long recording_steps = 0;  // steps during which the monitor was recording
                             // since its spikes were last emptied (for rates)
};

// The synapses of a projection, one entry per synapse, ordered by post rank
// then pre rank (ranks relative to the projection's views).
struct SynapseTable {
  std::vector<int> pre, post;
  std::vector<double> weights;
  std::vector<double> delays;  // ms
};

class Network {
 public:
  // Builds populations (defaults, then the spec's values in order, drawing
  // distributions from the seed), projections (connectors drawn from the
  // seed), monitors. Throws Error / ModelError on a bad spec.
  explicit Network(const NetworkSpec& spec);
  ~Network();
  Network(const Network&) = delete;
  Network& operator=(const Network&) = delete;

  double dt() const;
  long current_step() const;
  double time() const;  // current_step() * dt(), ms
  void set_current_step(long step);
  uint64_t seed() const;
  // Reseeds the equation streams (as if the network had been built with seed).
  void set_seed(uint64_t seed);

  void step();
  // Runs n steps. `interrupted` (may be empty) is called from the calling
  // thread every few thousand steps; when it returns true the run stops.
  // Returns the number of steps done.
  long simulate(long n, const std::function<bool()>& interrupted = {});
  // Runs until the stop condition of any (any = true) or all of the given
  // populations holds, or max_steps are done. Returns the steps done.
  long simulate_until(long max_steps, const std::vector<int>& population_ids,
                      bool any, const std::function<bool()>& interrupted = {});
  // Back to the state right after construction (same drawn values): time 0,
  // variables, delay queues (populations); weights and delays (projections);
  // recorded data (monitors).
  void reset(bool populations, bool projections, bool monitors);

  // ---- global constants (NetworkSpec::constant_names) ----
  // Sets a constant's value; equations read it from the next step on.
  // Throws Error for a name the network does not have.
  void set_constant(const std::string& name, double value);
  double constant(const std::string& name) const;

  // ---- populations (by id) ----
  std::size_t population_size(int population_id) const;
  const ModelInfo& population_model(int population_id) const;
  // The attribute of every neuron (size() values; 1 for global attributes).
  std::vector<double> get_attribute(int population_id,
                                    const std::string& name) const;
  // Assigns values (1 value or one per rank; ranks empty = all neurons).
  void set_attribute(int population_id, const InitialValue& value);
  // From now on `r` of a spiking population is its firing rate (Hz) over the
  // last int(window/dt) steps, 1000/window times the spikes they hold
  // (ANNarchy's compute_firing_rate()); the spikes counted so far are kept
  // when the window changes. A window <= 0 changes nothing, as in ANNarchy.
  void compute_firing_rate(int population_id, double window);
  // The spike times (ms) of a spike_source_array population.
  void set_spike_times(int population_id,
                       const std::vector<std::vector<double>>& spike_times);

  // ---- projections (by id) ----
  std::size_t nb_synapses(int projection_id) const;
  SynapseTable synapses(int projection_id) const;
  // New weights / delays (ms), in synapses() order: 1 value or one per synapse.
  void set_weights(int projection_id, const std::vector<double>& weights);
  void set_delays(int projection_id, const std::vector<double>& delays);

  // ---- monitors (by id) ----
  void monitor_start(int monitor_id);   // also resume
  void monitor_pause(int monitor_id);
  bool monitor_recording(int monitor_id) const;
  // Returns what was recorded; empties the buffer unless keep.
  MonitorData monitor_data(int monitor_id, bool keep);
  // The same for some of the recorded variables ("spike" included) only:
  // the others keep their buffers. Empty `variables` = all.
  MonitorData monitor_data(int monitor_id, const std::vector<std::string>& variables, bool keep);
  void monitor_clear(int monitor_id);  // every variable

  // ---- timed arrays (TimedArray$update) ----
  // New tables for a timed population (same attributes and widths as before):
  // the array's own clock and row cursor go on, and the row under the cursor
  // is applied at once (ANNarchy's TimedArray.update).
  void set_timed_tracks(int population_id, const std::vector<TimedTrack>& tracks,
                        const std::vector<long>& row_start_steps, long period_steps);

  // Switches plasticity of a projection on or off. With period_steps > 1 the
  // synapse equations are integrated only at steps where
  // (step - offset_steps) % period_steps == 0 (events are not affected).
  void set_learning(int projection_id, bool on, long period_steps = 1, long offset_steps = 0);
  // A synaptic variable of every synapse, in synapses() order (1 value for
  // a projection-wide variable, one per post-synaptic neuron of the view for
  // a postsynaptic one).
  std::vector<double> synapse_attribute(int projection_id, const std::string& name) const;
  // Sets it: 1 value for all, or as many as synapse_attribute() returns.
  void set_synapse_attribute(int projection_id, const std::string& name, const std::vector<double>& values);
  // Names of the synaptic variables and parameters of a projection.
  std::vector<std::string> synapse_attribute_names(int projection_id) const;

  // ---- monitors of synaptic variables (projection_monitor.cpp) ----
  ProjectionMonitor& projection_monitor(int monitor_id);
  // The current weights, delays and synaptic variables of every projection
  // become the state reset(projections = true) returns to (values the user
  // set before compile(), replayed by R after the build).
  void keep_projections_as_initial();
  // The synapse model's attributes of a projection; null for static synapses.
  const SynapseInfo* synapse_info(int projection_id) const;

  // Monitors created after compile() (ANNarchy allows them): they record
  // from the next step on; start_step in the spec is ignored.
  void add_monitor(MonitorSpec spec);
  void add_projection_monitor(ProjectionMonitorSpec spec);

  // ---- saving and loading the simulated state (annr/network_state.hpp) ----
  NetworkState save_state() const;
  // Checks the whole of `state` against this network (same populations,
  // sizes, attributes, synapses; values in range) and only then replaces the
  // simulated state with it. On any mismatch it throws Error naming the
  // population or projection and the field, and changes nothing. With
  // check_only, only checks (what net$save() does before writing a file).
  void load_state(const NetworkState& state, bool check_only = false);

  // Bytes used by the connectivity of all projections (for benchmarks).
  std::size_t connectivity_bytes() const;

 private:
  std::vector<std::size_t> synapse_order_to_csr(int projection_id) const;
  void add_projection_monitor(const NetworkSpec& spec, const ProjectionMonitorSpec& m);
  void store_projection_monitor(ProjectionMonitor&& m);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace annr
