// Synapse models: per-synapse variables, pre- and post-synaptic events,
// plasticity. Written in the same equation language as neurons and compiled
// once per projection (the names pre.x / post.x are resolved against the
// projection's pre- and post-synaptic models).
//
// A synapse program runs for one synapse at a time (events touch a handful
// of synapses per spike), so it is a compact postfix program evaluated on a
// small stack rather than the chunked vector bytecode of neurons.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "annr/model.hpp"

namespace annr {

// The strings of a Synapse(...) definition.
struct SynapseSource {
  std::string name;
  std::string parameters;
  std::string equations;
  std::string psp;        // rate-coded: one synapse's input; spiking: summed every step
  std::string operation;  // rate-coded only: "sum" (default)
  std::string pre_spike;  // default for spiking projections: "g_target += w"
  std::string post_spike;
  std::string functions;
  std::vector<std::string> constants;  // the network's global constants (as ModelSource)
  bool empty() const {
    return parameters.empty() && equations.empty() && pre_spike.empty() && post_spike.empty() &&
           psp.empty() && (operation.empty() || operation == "sum");
  }
};

struct SynapseAttribute {
  std::string name;
  bool is_parameter = false;
  bool is_global = false;  // flag `projection` (or `population`): one value
  bool is_postsynaptic = false;  // flag `postsynaptic`: one value per post neuron
  double init = 0.0;
  bool has_min = false, has_max = false;
  double min = 0.0, max = 0.0;
  // A bound that names a parameter (`: min = w_min`): read from that
  // parameter when clamping, so changing the parameter moves the bound.
  int min_attr = -1, max_attr = -1;
  bool is_ode = false;
  bool event_driven = false;
  std::string type = "float";
};

struct SynapseInfo {
  std::string name;
  std::vector<SynapseAttribute> attributes;  // without w
  bool plastic = false;  // something besides g_target changes over time
  int attribute_index(const std::string& n) const;
};

// Per-projection state of the synapse variables.
struct SynapseState {
  // Projection-wide attributes (one value) and postsynaptic ones (one per
  // post neuron); empty for per-synapse attributes, which live in `local`.
  std::vector<std::vector<double>> values;
  // Per-synapse attributes, interleaved so that an event touches one cache
  // line: synapse k's block starts at k * local_stride and holds the step of
  // its last event (for event-driven ODEs; kNoEvent before the first one) at
  // offset 0, then attribute a at local_offset[a] (-1 for attributes that
  // are not per synapse).
  std::vector<double> local;
  std::size_t local_stride = 1;
  std::vector<int> local_offset;
  double& at(int attribute, std::size_t k) { return local[k * local_stride + static_cast<std::size_t>(local_offset[attribute])]; }
  double at(int attribute, std::size_t k) const { return local[k * local_stride + static_cast<std::size_t>(local_offset[attribute])]; }
  double& last_event(std::size_t k) { return local[k * local_stride]; }
  // ANNarchy starts every synapse with its last event 10000 steps in the
  // past, so a variable that starts away from its steady state has relaxed
  // (almost) fully by the first event.
  static constexpr double kNoEvent = -10000.0;
  Rng rng;
  // Coefficients of the event-driven ODEs that do not depend on the synapse,
  // evaluated once per step rather than at every event.
  std::vector<double> event_A, event_B;
  // exp(B * n * dt) for n = 0 .. kDecaySteps - 1, per event-driven ODE with
  // step-constant coefficients (rebuilt when B or dt changes): most events
  // come a few hundred steps apart at most, so the exponential is a lookup.
  static constexpr std::size_t kDecaySteps = 2048;
  std::vector<std::vector<double>> decay;
  std::vector<double> decay_B, decay_dt;
  uint64_t event_coefficients_serial = ~uint64_t(0);
  // Values of statements that read only parameters, constants, t and dt,
  // evaluated once per step (see SynapseContext::serial).
  std::vector<double> statement_cache;
  std::vector<uint64_t> statement_cache_serial;
  std::size_t n_post = 0;  // post-synaptic population size
  // Global operations on pre./post. attributes (mean(pre.r), ...), with the
  // SynapseContext::reduce_key they were computed for.
  std::vector<double> reduction_value;
  std::vector<uint64_t> reduction_key;
};

// What a synapse program sees besides its own variables.
struct SynapseContext {
  double t = 0.0, dt = 1.0;
  long step = 0;  // t = step * dt
  // Differs for every step the network simulates (it never goes back, not
  // even after reset()): values cached per step are keyed on it.
  uint64_t serial = 0;
  // Differs before and after the neuron updates of every step: global
  // operations on pre./post. attributes are computed once per key.
  uint64_t reduce_key = 0;
  const NeuronState* pre = nullptr;
  NeuronState* post = nullptr;
  double* weights = nullptr;  // w, one per synapse (the projection's storage)
  double* g_target = nullptr; // the post population's g_<target> values
  // Projections with several targets: the g_<target> of the others (each
  // receives what g_target receives).
  double* const* g_more = nullptr;
  int n_g_more = 0;
  // Rate-coded delays: per pre-synaptic attribute, the values read instead
  // of the current ones (null entries: read the current values), as ANNarchy
  // delays every pre-synaptic value of a psp (r, other variables, and
  // population-wide values).
  const double* const* delayed = nullptr;
  // False when learning is off in a spiking projection: as ANNarchy's
  // disable_learning() (plasticity = False), w is frozen (statements and
  // ODEs of w are skipped) and every other variable still evolves.
  bool weights_plastic = true;
  // Values of the network's global constants (SynapseSource::constants order).
  const double* constants = nullptr;
};

class CompiledSynapse {
 public:
  // pre_info / post_info may be null: then pre.x / post.x are not checked
  // (used when a Synapse is defined, before it is attached to populations).
  static std::shared_ptr<const CompiledSynapse> compile(const SynapseSource& source,
                                                        const ModelInfo* pre_info,
                                                        const ModelInfo* post_info);
  virtual ~CompiledSynapse() = default;
  virtual const SynapseInfo& info() const = 0;
  // n synapses onto a post-synaptic population of n_post neurons
  virtual SynapseState make_state(std::size_t n, std::size_t n_post) const = 0;
  // A pre-synaptic spike reaches synapse k (pre rank i, post rank j).
  virtual void on_pre(SynapseState& s, std::size_t k, int i, int j, const SynapseContext& c) const = 0;
  // The post-synaptic neuron of synapse k spiked in this step.
  // Without post_spike statements nothing happens (as in ANNarchy, whose
  // event-driven variables are then caught up at pre-synaptic events only).
  virtual bool has_post_events() const = 0;
  virtual void on_post(SynapseState& s, std::size_t k, int i, int j,
                       const SynapseContext& c) const = 0;
  // Equations integrated every step (not event-driven), for every synapse;
  // pre_of[k], post_of[k] are the ranks of synapse k.
  // Rate-coded projections: what synapse k contributes to sum(target)
  // (default w * pre.r), and how contributions combine ("sum", "max",
  // "min", "mean").
  virtual bool default_psp() const = 0;
  virtual const std::string& operation() const = 0;
  virtual double psp(SynapseState& s, std::size_t k, int i, int j, const SynapseContext& c) const = 0;
  // The pre-synaptic attributes the psp reads (what a delay must delay).
  virtual std::vector<int> psp_pre_attributes() const = 0;
  virtual bool has_step_equations() const = 0;
  // True when, with w frozen, a pre-synaptic spike does nothing but
  // `g_target += w` (no other variable, no event-driven catch-up): with
  // learning off the engine then uses the static delivery loop.
  virtual bool simple_transmission() const = 0;
  virtual void step(SynapseState& s, const std::vector<int>& pre_of,
                    const std::vector<int>& post_of, const SynapseContext& c) const = 0;
};

}  // namespace annr
