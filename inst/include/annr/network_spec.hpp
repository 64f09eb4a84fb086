// The definition of a network as plain data: what the R layer sends to the
// core. Everything a user set lives in the R definition; the core builds a
// Network from this spec (drawing random connectivity and random initial
// values from the network's seed), so a network can always be rebuilt from
// its R definition in another thread, process or machine.
//
// Conventions: ids are chosen by R and stable across copies of a network;
// ranks are 0-based here (the Rcpp layer converts from R's 1-based ranks);
// times are in ms.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "annr/model.hpp"
#include "annr/projection_monitor.hpp"
#include "annr/random.hpp"
#include "annr/synapse.hpp"

namespace annr {

// A value the user assigned to a population attribute, applied in order after
// the model's defaults: pop$v <- -65, pop$v <- runif(100),
// pop$v <- Uniform(-70, -50), pop[1:10]$v <- 0.
struct InitialValue {
  std::string attribute;
  std::vector<int> ranks;      // ranks it applies to; empty = every neuron
  std::vector<double> values;  // 1 value (broadcast) or one per rank/neuron
  bool is_distribution = false;
  Distribution distribution;   // drawn anew in every network (own stream)
};

// One attribute of a timed population and its table of values.
struct TimedTrack {
  std::string attribute;
  std::vector<std::vector<double>> rows;
};

struct PopulationSpec {
  int id = 0;
  std::string name;
  std::vector<int> geometry;  // dimension sizes; size = their product
  // "neuron": `model` is used; "spike_source_array": `spike_times` is used;
  // "timed_array": `model` and `timed_tracks`.
  std::string type = "neuron";
  ModelSource model;
  std::vector<InitialValue> values;
  std::vector<std::vector<double>> spike_times;  // per neuron, ms, ascending
  // "timed_array": each track's attribute follows its rows. Row i applies
  // from step row_start_steps[i] on (ascending) of the array's own clock,
  // which counts the steps since build or reset() (and, with period_steps >
  // 0, starts again every period); Network::set_timed_tracks() replaces the
  // rows without restarting it. After the last row its values are kept;
  // before the first row the attribute keeps the value it has. The values are
  // written at the start of each step, before the neurons update. A row holds
  // one value per neuron, or one value for a `population` attribute.
  std::vector<TimedTrack> timed_tracks;
  std::vector<long> row_start_steps;
  long period_steps = -1;
  std::string stop_condition;  // "" or "expr" / "expr : any" / "expr : all"
  // compute_firing_rate(window): > 0 makes `r` of a spiking population its
  // firing rate over the last window (ms); 0 = off.
  double firing_rate_window = 0.0;
};

// A weight or delay: a constant or a distribution drawn per synapse.
struct SynapseValue {
  SynapseValue() = default;
  explicit SynapseValue(double value) : constant(value) {}
  double constant = 0.0;
  bool is_distribution = false;
  Distribution distribution;
};

struct ConnectorSpec {
  // "all_to_all", "one_to_one", "fixed_probability", "fixed_number_pre",
  // "fixed_number_post" (drawn in the core, from the network's seed),
  // "gaussian" / "dog" (distance-dependent, computed in the core from the
  // geometries below) or "explicit" (pre/post/weights/delays below, computed
  // by the R layer from a dense matrix, a sparse matrix or a user function).
  std::string type;
  double probability = 0.0;             // fixed_probability
  long number = 0;                      // fixed_number_pre / _post
  bool allow_self_connections = false;  // only matters when pre is post
  SynapseValue weights{1.0};
  SynapseValue delays{0.0};  // ms; a constant gives a uniform delay
  // gaussian: w = amp * exp(-d^2 / (2 sigma^2)); dog: amp * exp(...sigma) -
  // amp_neg * exp(...sigma_neg). d is the distance in normalised coordinates
  // (each population's grid mapped to [0, 1]^d, a dimension of size 1 sits
  // at 0.5); a synapse exists where |w| > limit * |amp| (gaussian) or
  // limit * |amp - amp_neg| (dog). Whole populations only.
  double amp = 0.0, sigma = 0.0, amp_neg = 0.0, sigma_neg = 0.0, limit = 0.01;
  std::vector<int> pre_geometry, post_geometry;
  // explicit connectivity, ranks relative to the projection's pre/post views
  std::vector<int> pre, post;
  std::vector<double> explicit_weights;  // one per synapse
  std::vector<double> explicit_delays;   // one per synapse, or empty: `delays`
};

struct ProjectionSpec {
  int id = 0;
  std::string name;
  int pre = 0, post = 0;              // population ids
  std::vector<int> pre_ranks;         // a view of pre: its ranks; empty = all
  std::vector<int> post_ranks;        // a view of post; empty = all
  std::string target;                 // "exc", "inh", ...
  // Further targets of a spiking projection (target = c("ampa", "nmda")):
  // each spike adds to every g_<target> what it adds to the first one.
  std::vector<std::string> more_targets;
  ConnectorSpec connector;
  SynapseSource synapse;              // empty: static synapse (g_target += w)
  bool learning = true;               // plasticity switch
  long learning_period = 1;           // synapse equations every period steps
  long learning_offset = 0;           // ... at steps offset + k * period
  // CurrentInjection(): a rate-coded pre onto a spiking post; every step
  // g_target += w * pre.r (connect_current(): one to one, w = 1).
  bool current_injection = false;
};

struct MonitorSpec {
  int id = 0;
  int population = 0;                 // population id
  std::vector<int> ranks;             // monitored neurons; empty = all
  std::vector<std::string> variables;  // "spike" and/or attribute names
  long period_steps = 1;              // record every period_steps steps
  long start_step = 0;                // first step recorded (offset)
  bool start = true;                  // false: recording waits for start()
};

struct NetworkSpec {
  double dt = 1.0;
  uint64_t seed = 42;
  std::vector<PopulationSpec> populations;
  std::vector<ProjectionSpec> projections;
  std::vector<MonitorSpec> monitors;
  std::vector<ProjectionMonitorSpec> projection_monitors;  // synaptic variables
  // Global constants (Constant() in R): names every equation may read, and
  // their values (Network::set_constant() changes them without a rebuild).
  std::vector<std::string> constant_names;
  std::vector<double> constant_values;
};

}  // namespace annr
