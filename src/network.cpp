// The compiled network: populations, projections, monitors and the step loop.
//
// Projections of spiking populations are stored as CSR by pre-synaptic
// neuron (row offsets, int32 post index, double weight: 12 bytes per synapse
// plus the offsets), which makes spike delivery a walk over one contiguous row
// per spike. Uniform delays keep the spike lists of the last D steps in the
// pre population; per-synapse delays add one uint16 per synapse and a ring of
// pending conductance increments on the post side.
#include "annr/network.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <map>
#include <numeric>
#include <sstream>

#include "annr/connectors.hpp"
#include "annr/dense_matvec.hpp"
#include "annr/monitor.hpp"

namespace annr {

namespace {

struct Population {
  PopulationSpec spec;
  std::size_t size = 0;
  std::shared_ptr<const CompiledModel> model;  // null for spike sources
  NeuronState state;
  NeuronState initial;  // snapshot after build, for reset()
  std::unique_ptr<CompiledCondition> stop;
  bool stop_any = true;
  // spike_source_array: per neuron, sorted spike steps, and a cursor
  std::vector<std::vector<long>> source_steps;
  std::vector<std::size_t> source_cursor;
  // timed_array: index of the attribute each of spec.timed_tracks sets
  std::vector<int> timed_attributes;
  // timed_array: the array's own clock (steps since it started, or since its
  // period last began) and the next row to apply, as ANNarchy keeps them
  // (so that TimedArray$update() goes on from where the array is).
  long timed_clock = 0;
  std::size_t timed_row = 0;
  // Spikes of the last `history.size()` steps (for uniform delays).
  std::vector<std::vector<int>> history;
  // Per attribute, its values after each of the last `ring.size()` steps,
  // kept only for what a rate-coded projection from this population with a
  // delay > 1 step reads (r, and the pre-synaptic values of a psp).
  std::vector<std::vector<std::vector<double>>> value_history;
  // Rate-coded inputs: the targets the model reads (its sum(target)s, in
  // state.sums in this order), then the targets of projections onto this
  // population that the model does not read.
  std::vector<std::string> sum_targets;
  // compute_firing_rate(): window in steps (0 = off), 1000 / window (ms), the
  // attribute r, and per neuron the steps of its spikes still in the window.
  long fr_window = 0;
  double fr_scale = 1.0;
  int fr_attribute = -1;
  std::vector<std::deque<long>> fr_history;
  void set_firing_rate_window(double window, double dt);
  void update_firing_rate(long step);
  const std::vector<int>& spiked() const { return state.spiked; }
  // Index of target's sum in state.sums (-1 if none); with add, a target the
  // model does not read gets a sum of its own.
  int sum_index(const std::string& target, bool add = false) {
    auto it = std::find(sum_targets.begin(), sum_targets.end(), target);
    if (it != sum_targets.end()) return static_cast<int>(it - sum_targets.begin());
    if (!add) return -1;
    sum_targets.push_back(target);
    state.sums.emplace_back(state.size, 0.0);
    return static_cast<int>(sum_targets.size()) - 1;
  }
};

struct Projection {
  ProjectionSpec spec;
  int pre = -1, post = -1;  // population indices
  std::vector<int> pre_ranks, post_ranks;  // view rank -> population rank
  // CSR by pre (population ranks of pre; post index = population rank)
  std::vector<uint32_t> row;   // pre_size + 1
  std::vector<int32_t> col;    // post population rank
  std::vector<double> w;
  std::vector<uint16_t> delay_steps;  // per synapse (non-uniform delays only)
  bool uniform_delay = true;
  int delay = 1;                       // uniform delay in steps
  int target_attribute = -1;           // g_<target> in post (spiking)
  // several targets: the other g_<target>s of post, and their arrays
  // (refreshed at each use, as SynapseContext::g_more)
  std::vector<int> more_attributes;
  std::vector<double*> g_more;
  int sum_index = -1;                  // rate-coded: index in post sums
  bool rate_coded = false;
  bool continuous = false;             // spiking post with psp: summed every step
  bool continuous_events = false;      // ... and pre_spike statements run at spikes
  bool current = false;                // CurrentInjection: g_target += w * pre.r every step
  int r_attribute = -1;                // rate-coded pre: its r
  std::vector<int> delayed_attributes; // pre attributes a delay applies to (r, psp's pre.x)
  // post-side ring of pending increments (non-uniform delays, static synapses)
  std::vector<std::vector<double>> ring;
  // synapses whose pre-synaptic spike arrives at each coming step
  // (non-uniform delays with a synapse model: on_pre runs per synapse)
  std::vector<std::vector<uint32_t>> event_ring;
  // rate-coded, every pre neuron connected to every post neuron: w in CSR
  // order is then the column-major (post x pre) matrix, summed with BLAS
  bool dense = false;
  // Synapse model (null: static synapses, g_target += w)
  std::shared_ptr<const CompiledSynapse> synapse;
  SynapseState syn_state, syn_initial;
  bool learning = true;
  long learn_period = 1, learn_offset = 0;  // synapse equations every period steps
  std::vector<int> pre_of, post_of;      // ranks of each synapse (plastic only)
  std::vector<uint32_t> post_row, post_index;  // synapses by post neuron
  // Initial snapshot for reset(projections)
  std::vector<double> w0;
  std::vector<uint16_t> delay0;
  int delay_initial = 1;
  bool uniform_initial = true;
};

struct Monitor {
  int pop = -1;  // population index
  Recorder rec;
};

// As ANNarchy 4.7.3's generated update: the window is int(window/dt) steps
// but the rate is scaled by 1000/window, so a window that is not a multiple
// of dt counts fewer steps than its scale assumes.
void Population::set_firing_rate_window(double window, double dt) {
  if (!(window > 0)) return;
  if (!model || !model->info().spiking) {
    throw Error("compute_firing_rate() needs a spiking population with a neuron model");
  }
  if (static_cast<long>(window / dt) < 1) {
    // ANNarchy then never updates r (a window of 0 steps): refuse instead
    throw Error("compute_firing_rate(): the window (" + std::to_string(window) + " ms) is shorter than dt");
  }
  fr_window = static_cast<long>(window / dt);
  fr_scale = 1000.0 / window;
  fr_attribute = model->info().attribute_index("r");
  if (fr_history.empty()) fr_history.resize(size);
}

// After the spikes of this step: a spike of step s counts while s > step -
// window, so r at step n holds the spikes of steps n - window + 1 ... n
// (this step's included), also for refractory neurons.
void Population::update_firing_rate(long step) {
  if (fr_window <= 0) return;
  for (int i : state.spiked) fr_history[static_cast<std::size_t>(i)].push_back(step);
  double* r = state.values[static_cast<std::size_t>(fr_attribute)].data();
  for (std::size_t i = 0; i < size; ++i) {
    auto& h = fr_history[i];
    while (!h.empty() && h.front() <= step - fr_window) h.pop_front();
    r[i] = fr_scale * static_cast<double>(h.size());
  }
}

}  // namespace

struct Network::Impl {
  double dt = 1.0;
  uint64_t seed = 42;
  long step = 0;
  std::vector<Population> pops;
  std::vector<Projection> projs;
  std::vector<Monitor> mons;
  std::vector<ProjectionMonitor> proj_mons;  // synaptic variables (projection_monitor.cpp)
  std::map<int, int> pop_index, proj_index, mon_index;
  std::map<std::string, std::shared_ptr<const CompiledModel>> model_cache;
  uint64_t draw_counter = 0;  // distributions drawn so far (stream ids)
  uint64_t step_serial = 0;   // steps simulated since build (never reset)
  bool neurons_updated = false;  // within do_step: after the neuron updates
  // Global constants: every model is compiled with the names, every step
  // reads the values (so set_constant() needs no rebuild).
  std::vector<std::string> constant_names;
  std::vector<double> constant_values;

  Population& pop(int id) {
    auto it = pop_index.find(id);
    if (it == pop_index.end()) throw Error("no population with id " + std::to_string(id));
    return pops[it->second];
  }
  const Population& pop(int id) const { return const_cast<Impl*>(this)->pop(id); }
  Projection& proj(int id) {
    auto it = proj_index.find(id);
    if (it == proj_index.end()) throw Error("no projection with id " + std::to_string(id));
    return projs[it->second];
  }
  Monitor& mon(int id) {
    auto it = mon_index.find(id);
    if (it == mon_index.end()) throw Error("no monitor with id " + std::to_string(id));
    return mons[it->second];
  }

  void build(const NetworkSpec& spec);
  void build_population(const PopulationSpec& ps);
  void build_projection(const ProjectionSpec& ps);
  void build_monitor(const MonitorSpec& ms);
  void apply_value(Population& p, const InitialValue& v);
  void check_timed_tracks(Population& p);
  void apply_timed_row(Population& p);
  void resize_history(Population& p, int steps);
  void resize_value_history(Population& p, int attribute, int steps);
  void set_projection_delays(Projection& pr, const std::vector<double>& delays_ms);
  void size_delay_buffers(Projection& pr);
  const double* delayed_value(const Population& p, int attribute, int delay_steps) const;
  void do_step();
  void deliver(Projection& pr);
  void deliver_rates(Projection& pr, const Population& pre, Population& post);
  void record();
  void record_conductances();
  void check_state(const NetworkState& st) const;  // load_state(), at the end of this file
  SynapseContext synapse_context(Projection& pr) {
    SynapseContext c;
    c.serial = step_serial;
    c.reduce_key = step_serial * 2 + (neurons_updated ? 1 : 0);
    c.t = step * dt;
    c.step = step;
    c.dt = dt;
    c.constants = constant_values.data();
    c.weights_plastic = pr.learning;
    c.pre = &pops[pr.pre].state;
    c.post = &pops[pr.post].state;
    c.weights = pr.w.data();
    c.g_target = pr.target_attribute >= 0 ? pops[pr.post].state.values[pr.target_attribute].data()
                                          : nullptr;
    if (!pr.more_attributes.empty()) {
      refresh_g_more(pr);
      c.g_more = pr.g_more.data();
      c.n_g_more = static_cast<int>(pr.g_more.size());
    }
    return c;
  }
  void refresh_g_more(Projection& pr) {
    pr.g_more.clear();
    for (int a : pr.more_attributes) pr.g_more.push_back(pops[pr.post].state.values[a].data());
  }
};

static std::string pop_label(const PopulationSpec& p) {
  return "population '" + (p.name.empty() ? std::to_string(p.id) : p.name) + "'";
}
static std::string proj_label(const ProjectionSpec& p) {
  return "projection '" + (p.name.empty() ? std::to_string(p.id) : p.name) + "'";
}

void Network::Impl::build(const NetworkSpec& spec) {
  if (!(spec.dt > 0) || !std::isfinite(spec.dt)) throw Error("dt must be a positive number");
  dt = spec.dt;
  seed = spec.seed;
  if (spec.constant_names.size() != spec.constant_values.size()) {
    throw Error("constant_names and constant_values differ in length");
  }
  for (std::size_t i = 0; i < spec.constant_names.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (spec.constant_names[j] == spec.constant_names[i]) {
        throw Error("duplicate constant '" + spec.constant_names[i] + "'");
      }
    }
  }
  constant_names = spec.constant_names;
  constant_values = spec.constant_values;
  for (const auto& p : spec.populations) build_population(p);
  // Every target of a rate-coded projection has its sum before the synapse
  // models are compiled, so pre.sum(t) / post.sum(t) find it even when the
  // neuron model does not read sum(t) (as in ANNarchy).
  for (const auto& ps : spec.projections) {
    auto it = pop_index.find(ps.post);
    if (it == pop_index.end() || ps.current_injection) continue;
    Population& post = pops[static_cast<std::size_t>(it->second)];
    if (post.model && !post.model->info().spiking) post.sum_index(ps.target, true);
  }
  for (const auto& p : spec.projections) build_projection(p);
  for (const auto& m : spec.monitors) build_monitor(m);
  for (auto& p : pops) p.initial = p.state;
  for (auto& pr : projs) {
    pr.w0 = pr.w;
    pr.delay0 = pr.delay_steps;
    pr.delay_initial = pr.delay;
    pr.uniform_initial = pr.uniform_delay;
  }
}

void Network::Impl::build_population(const PopulationSpec& ps) {
  if (pop_index.count(ps.id)) throw Error("duplicate population id " + std::to_string(ps.id));
  Population p;
  p.spec = ps;
  std::size_t size = 1;
  if (ps.geometry.empty()) throw Error(pop_label(ps) + ": empty geometry");
  for (int g : ps.geometry) {
    if (g <= 0) throw Error(pop_label(ps) + ": geometry sizes must be positive");
    size *= static_cast<std::size_t>(g);
  }
  p.size = size;
  if (ps.type == "spike_source_array") {
    if (ps.spike_times.size() != size) {
      throw Error(pop_label(ps) + ": spike_times must have one vector per neuron");
    }
    p.state.size = size;
    p.state.last_spike.assign(size, -10000.0);  // t_pre / t_post of its synapses
    p.source_cursor.assign(size, 0);
    p.source_steps.resize(size);
    for (std::size_t i = 0; i < size; ++i) {
      for (double t : ps.spike_times[i]) {
        p.source_steps[i].push_back(static_cast<long>(std::llround(t / dt)));
      }
      std::sort(p.source_steps[i].begin(), p.source_steps[i].end());
    }
  } else if (ps.type == "neuron" || ps.type == "timed_array") {
    const std::string key = ps.model.name + "\x1f" + ps.model.parameters + "\x1f" + ps.model.equations +
                            "\x1f" + ps.model.spike + "\x1f" + ps.model.reset + "\x1f" +
                            ps.model.refractory + "\x1f" + ps.model.functions;
    auto it = model_cache.find(key);
    if (it == model_cache.end()) {
      ModelSource src = ps.model;
      src.constants = constant_names;
      it = model_cache.emplace(key, CompiledModel::compile(src)).first;
    }
    p.model = it->second;
    p.state = p.model->make_state(size);
    if (!p.model->info().spiking) p.sum_targets = p.model->info().targets;
    p.state.rng.seed(derive_seed(seed, stream_id(kStreamPopulationEquations, ps.id)));
  } else {
    throw Error(pop_label(ps) + ": unknown population type '" + ps.type + "'");
  }
  pop_index[ps.id] = static_cast<int>(pops.size());
  pops.push_back(std::move(p));
  Population& ref = pops.back();
  for (const auto& v : ps.values) apply_value(ref, v);
  if (!ps.stop_condition.empty()) {
    if (!ref.model) throw Error(pop_label(ps) + ": a spike source has no stop condition");
    std::string cond = ps.stop_condition;
    const auto colon = cond.rfind(':');
    if (colon != std::string::npos) {
      std::string mode = cond.substr(colon + 1);
      mode.erase(std::remove_if(mode.begin(), mode.end(), ::isspace), mode.end());
      if (mode == "any" || mode == "all") {
        ref.stop_any = mode == "any";
        cond = cond.substr(0, colon);
      }
    }
    ref.stop = ref.model->compile_condition(cond);
  }
  ref.history.assign(1, {});
  if (ps.type == "timed_array") check_timed_tracks(ref);
  if (ps.firing_rate_window > 0) {
    try {
      ref.set_firing_rate_window(ps.firing_rate_window, dt);
    } catch (const Error& e) {
      throw Error(pop_label(ps) + ": " + e.what());
    }
  }
}

void Network::Impl::check_timed_tracks(Population& p) {
  const PopulationSpec& ps = p.spec;
  p.timed_attributes.clear();
  const std::size_t rows = ps.row_start_steps.size();
  if (ps.timed_tracks.empty() || rows == 0) {
    throw Error(pop_label(ps) + ": a timed array needs at least one row of values");
  }
  for (std::size_t i = 1; i < rows; ++i) {
    if (ps.row_start_steps[i] < ps.row_start_steps[i - 1]) {
      throw Error(pop_label(ps) + ": the schedule's times must be ascending");
    }
  }
  if (ps.row_start_steps[0] < 0) throw Error(pop_label(ps) + ": the schedule's times must be >= 0");
  for (const auto& track : ps.timed_tracks) {
    const int k = p.model->info().attribute_index(track.attribute);
    if (k < 0) throw Error(pop_label(ps) + ": a timed array needs a model with " + track.attribute);
    const std::size_t width = p.model->info().attributes[k].is_global ? 1 : p.size;
    if (track.rows.size() != rows) {
      throw Error(pop_label(ps) + ": " + track.attribute + " needs one row per time of the schedule");
    }
    for (const auto& row : track.rows) {
      if (row.size() != width) {
        throw Error(pop_label(ps) + ": every row of " + track.attribute + " needs " + std::to_string(width) +
                    (width == 1 ? " value" : " values (one per neuron)"));
      }
    }
    p.timed_attributes.push_back(k);
  }
}

// Writes the schedule's row for this step, before the neurons use it. The
// array keeps its own clock and a cursor on the next row, as ANNarchy's
// TimedArray does: the row under the cursor is applied when the clock reaches
// its start step; after the last row the cursor goes back to the first (whose
// start has passed, so the last values stay); with a period, clock and
// cursor start again every period_steps. Unlike ANNarchy, rows that start at
// the same step are all passed in that step (the last one shows) instead of
// stopping the array there.
void Network::Impl::apply_timed_row(Population& p) {
  const auto& starts = p.spec.row_start_steps;
  const std::size_t rows = starts.size();
  long applied = -1;
  for (std::size_t n = 0; n < rows && p.timed_row < rows && starts[p.timed_row] == p.timed_clock; ++n) {
    applied = static_cast<long>(p.timed_row);
    if (++p.timed_row == rows) p.timed_row = 0;
  }
  if (applied >= 0) {
    for (std::size_t t = 0; t < p.timed_attributes.size(); ++t) {
      const auto& values = p.spec.timed_tracks[t].rows[static_cast<std::size_t>(applied)];
      std::copy(values.begin(), values.end(), p.state.values[p.timed_attributes[t]].begin());
    }
  }
  if (p.spec.period_steps > 0 && p.timed_clock == p.spec.period_steps - 1) {
    p.timed_row = 0;
    p.timed_clock = -1;
  }
  ++p.timed_clock;
}

void Network::Impl::apply_value(Population& p, const InitialValue& v) {
  if (!p.model) throw Error(pop_label(p.spec) + " is a spike source: it has no attribute '" + v.attribute + "'");
  const int k = p.model->info().attribute_index(v.attribute);
  if (k < 0) throw Error(pop_label(p.spec) + " has no attribute '" + v.attribute + "'");
  const bool global = p.model->info().attributes[k].is_global;
  auto& values = p.state.values[k];
  std::vector<int> ranks = v.ranks;
  for (int r : ranks) {
    if (r < 0 || static_cast<std::size_t>(r) >= p.size) {
      throw Error(pop_label(p.spec) + ": rank " + std::to_string(r + 1) + " out of range 1.." +
                  std::to_string(p.size));
    }
  }
  const std::size_t n = ranks.empty() ? (global ? 1 : p.size) : ranks.size();
  std::vector<double> x;
  if (v.is_distribution) {
    // Each draw gets its own stream: (population, order of the draw).
    Rng rng(derive_seed(seed, stream_id(kStreamPopulationInit, static_cast<uint64_t>(p.spec.id),
                                        ++draw_counter)));
    x = draw(v.distribution, n, rng);
  } else {
    if (v.values.size() != 1 && v.values.size() != n) {
      std::ostringstream s;
      s << pop_label(p.spec) << ": attribute '" << v.attribute << "' needs 1 or " << n << " values, got "
        << v.values.size();
      throw Error(s.str());
    }
    x = v.values;
  }
  if (global) {
    if (!ranks.empty() && ranks.size() != p.size) {
      throw Error(pop_label(p.spec) + ": '" + v.attribute +
                  "' is population-wide; it cannot be set for some neurons only");
    }
    if (x.size() != 1) {
      bool same = std::all_of(x.begin(), x.end(), [&](double y) { return y == x[0]; });
      if (!same) throw Error(pop_label(p.spec) + ": '" + v.attribute + "' is population-wide: give one value");
    }
    values[0] = x[0];
    return;
  }
  if (ranks.empty()) {
    for (std::size_t i = 0; i < p.size; ++i) values[i] = x.size() == 1 ? x[0] : x[i];
  } else {
    for (std::size_t i = 0; i < ranks.size(); ++i) values[ranks[i]] = x.size() == 1 ? x[0] : x[i];
  }
}

// Rings indexed by step % size keep the last size() steps; growing one
// mid-run must move the remembered steps to their new slots. Slots for steps
// the old ring did not hold get `missing`.
template <typename T>
static void grow_ring(std::vector<T>& ring, std::size_t size, long step, const T& missing) {
  if (ring.size() >= size) return;
  std::vector<T> grown(size, missing);
  const long old = static_cast<long>(ring.size());
  for (long back = 1; back <= old && back <= step; ++back) {
    const long s = step - back;
    grown[static_cast<std::size_t>(s % static_cast<long>(size))] = ring[static_cast<std::size_t>(s % old)];
  }
  ring.swap(grown);
}

void Network::Impl::resize_history(Population& p, int steps) {
  grow_ring(p.history, static_cast<std::size_t>(steps) + 1, step, std::vector<int>());
}

void Network::Impl::resize_value_history(Population& p, int attribute, int steps) {
  if (p.value_history.size() != p.state.values.size()) p.value_history.resize(p.state.values.size());
  // Steps before the ring existed are approximated by the current values.
  grow_ring(p.value_history[attribute], static_cast<std::size_t>(steps), step, p.state.values[attribute]);
}

// An attribute (pre.r, ...) as it was `delay_steps` steps before this step's
// neuron update (1 = the current values); before the first step, the
// initial values.
const double* Network::Impl::delayed_value(const Population& p, int attribute, int delay_steps) const {
  if (delay_steps <= 1) return p.state.values[attribute].data();
  const long from = step - delay_steps;
  if (from < 0) return p.initial.values[attribute].data();
  const auto& ring = p.value_history[attribute];
  return ring[static_cast<std::size_t>(from % static_cast<long>(ring.size()))].data();
}

void Network::Impl::build_projection(const ProjectionSpec& ps) {
  if (proj_index.count(ps.id)) throw Error("duplicate projection id " + std::to_string(ps.id));
  Projection pr;
  pr.spec = ps;
  pr.pre = pop_index.count(ps.pre) ? pop_index[ps.pre] : -1;
  pr.post = pop_index.count(ps.post) ? pop_index[ps.post] : -1;
  if (pr.pre < 0 || pr.post < 0) throw Error(proj_label(ps) + ": its populations are not in this network");
  Population& pre = pops[pr.pre];
  Population& post = pops[pr.post];
  auto view = [&](const std::vector<int>& ranks, const Population& p) {
    std::vector<int> out;
    if (ranks.empty()) {
      out.resize(p.size);
      std::iota(out.begin(), out.end(), 0);
    } else {
      for (int r : ranks) {
        if (r < 0 || static_cast<std::size_t>(r) >= p.size) {
          throw Error(proj_label(ps) + ": view rank " + std::to_string(r + 1) + " out of range");
        }
      }
      out = ranks;
    }
    return out;
  };
  pr.pre_ranks = view(ps.pre_ranks, pre);
  pr.post_ranks = view(ps.post_ranks, post);
  // A spike source as post-synaptic population (ANNarchy's way of testing a
  // learning window with fixed pre and post spike times): it has no
  // conductances, so the target is ignored, and its spikes still run
  // post_spike.
  static const ModelInfo spike_source_info = [] {
    ModelInfo m;
    m.name = "spike source";
    m.spiking = true;
    return m;
  }();
  const ModelInfo& pinfo = post.model ? post.model->info() : spike_source_info;
  const bool pre_spiking = !pre.model || pre.model->info().spiking;
  if (!ps.more_targets.empty() && (ps.current_injection || !pre_spiking)) {
    // ANNarchy 4.7.3 generates C++ that does not compile for a rate-coded
    // projection with several targets.
    throw Error(proj_label(ps) + ": only spiking projections can have several targets");
  }
  if (ps.current_injection) {
    // ANNarchy's CurrentInjection: the rates of a rate-coded population
    // added to a spiking one's g_target every step (no spikes, no sums).
    if (pre_spiking) throw Error(proj_label(ps) + ": the pre-synaptic population of a CurrentInjection must be rate-coded");
    if (!pinfo.spiking) throw Error(proj_label(ps) + ": the post-synaptic population of a CurrentInjection must be spiking");
    if (!ps.synapse.empty()) throw Error(proj_label(ps) + ": a CurrentInjection has no synapse model");
    pr.current = true;
    pr.target_attribute = pinfo.attribute_index("g_" + ps.target);
    pr.r_attribute = pre.model->info().attribute_index("r");
  } else if (pre_spiking) {
    if (!pinfo.spiking) {
      throw Error(proj_label(ps) + ": a spiking population cannot project onto a rate-coded one");
    }
    // -1 when the post-synaptic model has no g_<target>: ANNarchy accepts
    // such a projection and its input is simply unused.
    pr.target_attribute = pinfo.attribute_index("g_" + ps.target);
    // Several targets: the g_<target>s the post model has, each once (the
    // first of them plays the part of the single target).
    if (!ps.more_targets.empty()) {
      std::vector<int> found;
      if (pr.target_attribute >= 0) found.push_back(pr.target_attribute);
      for (const auto& t : ps.more_targets) {
        const int a = pinfo.attribute_index("g_" + t);
        if (a >= 0 && std::find(found.begin(), found.end(), a) == found.end()) found.push_back(a);
      }
      pr.target_attribute = found.empty() ? -1 : found[0];
      if (found.size() > 1) pr.more_attributes.assign(found.begin() + 1, found.end());
    }
  } else {
    if (pinfo.spiking) throw Error(proj_label(ps) + ": a rate-coded population cannot project onto a spiking one");
    pr.rate_coded = true;
    // A target the post-synaptic model does not read still gets its sum
    // (unused by the neurons, but a monitor may record it).
    pr.sum_index = post.sum_index(ps.target, true);
    pr.r_attribute = pre.model->info().attribute_index("r");
    if (pr.r_attribute < 0) throw Error(proj_label(ps) + ": the pre-synaptic model '" + pre.model->info().name + "' has no r");
    pr.delayed_attributes = {pr.r_attribute};
  }
  // Draw the synapses (view ranks), then store them by pre population rank.
  Rng rng(derive_seed(seed, stream_id(kStreamProjectionConnect, static_cast<uint64_t>(ps.id))));
  const bool same = ps.pre == ps.post;
  ConnectorResult c = connect(ps.connector, pr.pre_ranks, pr.post_ranks, same, rng, proj_label(ps));
  const std::size_t n = c.pre.size();
  if (n > 0xFFFFFFFFu) throw Error(proj_label(ps) + ": too many synapses");
  std::vector<uint32_t> count(pre.size + 1, 0);
  for (std::size_t k = 0; k < n; ++k) count[pr.pre_ranks[c.pre[k]] + 1]++;
  for (std::size_t i = 0; i < pre.size; ++i) count[i + 1] += count[i];
  pr.row = count;
  pr.col.resize(n);
  pr.w.resize(n);
  std::vector<double> delays(n);
  std::vector<uint32_t> fill(pr.row.begin(), pr.row.end() - 1);
  // c is ordered by post then pre; rows keep ascending post order.
  for (std::size_t k = 0; k < n; ++k) {
    const int pre_rank = pr.pre_ranks[c.pre[k]];
    const uint32_t at = fill[pre_rank]++;
    pr.col[at] = pr.post_ranks[c.post[k]];
    pr.w[at] = c.weights[k];
    delays[at] = c.delays[k];
  }
  pr.learning = ps.learning;
  pr.learn_period = std::max(1L, ps.learning_period);
  pr.learn_offset = ps.learning_offset;
  if (!ps.synapse.empty()) {
    SynapseSource ssrc = ps.synapse;
    ssrc.constants = constant_names;
    // pre.sum(t) / post.sum(t) index the population's sums (sum_targets).
    ModelInfo pre_info = pre.model ? pre.model->info() : spike_source_info;
    ModelInfo post_info = pinfo;
    if (!pre_info.spiking) pre_info.targets = pre.sum_targets;
    if (!post_info.spiking) post_info.targets = post.sum_targets;
    pr.synapse = CompiledSynapse::compile(ssrc, &pre_info, &post_info);
    if (pr.rate_coded) {
      for (int a : pr.synapse->psp_pre_attributes()) {
        if (std::find(pr.delayed_attributes.begin(), pr.delayed_attributes.end(), a) == pr.delayed_attributes.end()) {
          pr.delayed_attributes.push_back(a);
        }
      }
    }
    if (!pr.rate_coded && !pr.synapse->default_psp()) {
      // psp onto spiking neurons (gap junctions, w * (pre.v - post.v)):
      // summed every step into g_target, as ANNarchy does. pre_spike
      // statements, when given (w -= 1), still run at every spike; without
      // them no spike event transmits anything.
      pr.continuous = true;
      if (!ps.more_targets.empty()) {
        throw Error(proj_label(ps) + ": a psp onto spiking neurons (continuous transmission) takes one target");
      }
      pr.continuous_events = ps.synapse.pre_spike.find_first_not_of(" \t\r\n;") != std::string::npos;
    }
    pr.syn_state = pr.synapse->make_state(n, post.size);
    pr.syn_state.rng.seed(derive_seed(seed, stream_id(kStreamProjectionEquations, ps.id)));
    pr.pre_of.resize(n);
    pr.post_of.assign(pr.col.begin(), pr.col.end());
    for (std::size_t i = 0; i + 1 < pr.row.size(); ++i)
      for (uint32_t k = pr.row[i]; k < pr.row[i + 1]; ++k) pr.pre_of[k] = static_cast<int>(i);
    pr.post_row.assign(post.size + 1, 0);
    for (std::size_t k = 0; k < n; ++k) pr.post_row[pr.col[k] + 1]++;
    for (std::size_t j = 0; j < post.size; ++j) pr.post_row[j + 1] += pr.post_row[j];
    pr.post_index.resize(n);
    std::vector<uint32_t> at(pr.post_row.begin(), pr.post_row.end() - 1);
    for (std::size_t k = 0; k < n; ++k) pr.post_index[at[pr.col[k]]++] = static_cast<uint32_t>(k);
    pr.syn_initial = pr.syn_state;
  }
  if (pr.rate_coded && n == pre.size * post.size && n > 0) {
    pr.dense = true;
    for (std::size_t i = 0; i < pre.size && pr.dense; ++i) {
      for (std::size_t j = 0; j < post.size; ++j) {
        if (pr.col[pr.row[i] + j] != static_cast<int32_t>(j)) { pr.dense = false; break; }
      }
    }
  }
  set_projection_delays(pr, delays);
  proj_index[ps.id] = static_cast<int>(projs.size());
  projs.push_back(std::move(pr));
}

void Network::Impl::set_projection_delays(Projection& pr, const std::vector<double>& delays_ms) {
  auto steps_of = [&](double d) {
    if (!(d >= 0) || !std::isfinite(d)) throw Error(proj_label(pr.spec) + ": delays must be >= 0");
    const long s = std::max(1L, std::lround(d / dt));
    if (s > 65535) throw Error(proj_label(pr.spec) + ": delay too long (at most 65535 steps)");
    return static_cast<int>(s);
  };
  bool uniform = true;
  int first = delays_ms.empty() ? 1 : steps_of(delays_ms[0]);
  std::vector<uint16_t> steps(delays_ms.size());
  for (std::size_t k = 0; k < delays_ms.size(); ++k) {
    steps[k] = static_cast<uint16_t>(steps_of(delays_ms[k]));
    uniform &= steps[k] == first;
  }
  if (pr.current && (!uniform || first > 1)) {
    throw Error(proj_label(pr.spec) + ": a CurrentInjection reads the rates of the current step; it cannot have delays");
  }
  if (pr.continuous && (!uniform || first > 1)) {
    throw Error(proj_label(pr.spec) + ": a spiking projection with psp reads the pre-synaptic values of "
                "the current step; it cannot have delays");
  }
  pr.uniform_delay = uniform;
  pr.delay = first;
  if (uniform) steps.clear();
  pr.delay_steps = steps;
  size_delay_buffers(pr);
}

// Sizes the queues a projection's delays need (spike history or r history
// of the pre population, or the projection's own rings). Pending spikes
// survive a change from one non-uniform layout to another only when the
// ring keeps its size.
void Network::Impl::size_delay_buffers(Projection& pr) {
  Population& pre = pops[pr.pre];
  const int maxd = pr.uniform_delay ? pr.delay
                                    : *std::max_element(pr.delay_steps.begin(), pr.delay_steps.end());
  if (pr.rate_coded) {
    if (maxd > 1) {
      for (int a : pr.delayed_attributes) resize_value_history(pre, a, maxd);
    }
    return;
  }
  if (pr.uniform_delay) {
    pr.ring.clear();
    pr.event_ring.clear();
    resize_history(pre, maxd);
    return;
  }
  const std::size_t slots = static_cast<std::size_t>(maxd) + 1;
  if (pr.synapse) {
    pr.ring.clear();
    if (pr.event_ring.size() != slots) pr.event_ring.assign(slots, {});
  } else {
    pr.event_ring.clear();
    if (pr.ring.size() != slots) pr.ring.assign(slots, std::vector<double>(pops[pr.post].size, 0.0));
  }
}

void Network::Impl::build_monitor(const MonitorSpec& ms) {
  if (mon_index.count(ms.id)) throw Error("duplicate monitor id " + std::to_string(ms.id));
  const int pi = pop_index.count(ms.population) ? pop_index[ms.population] : -1;
  if (pi < 0) throw Error("monitor " + std::to_string(ms.id) + ": its population is not in this network");
  const Population& p = pops[pi];
  mon_index[ms.id] = static_cast<int>(mons.size());
  mons.push_back(Monitor{pi, Recorder(ms, p.size, p.model.get(), pop_label(p.spec), p.sum_targets)});
}

// sum(target) of a rate-coded projection: the weighted sum of pre.r (or
// psp combined by operation), pre.r read `delay` steps late.
void Network::Impl::deliver_rates(Projection& pr, const Population& pre, Population& post) {
  double* sum = post.state.sums[pr.sum_index].data();
  const bool plain = !pr.synapse || (pr.synapse->default_psp() && pr.synapse->operation() == "sum");
  if (plain && pr.uniform_delay) {
    const double* r = delayed_value(pre, pr.r_attribute, pr.delay);
    if (pr.dense) {
      // sum += W r with W the column-major (post x pre) matrix in w.
      dense_matvec_add(post.size, pre.size, pr.w.data(), r, sum);
      return;
    }
    for (std::size_t i = 0; i < pre.size; ++i) {
      const double ri = r[i];
      if (ri == 0.0) continue;
      for (uint32_t k = pr.row[i]; k < pr.row[i + 1]; ++k) sum[pr.col[k]] += pr.w[k] * ri;
    }
    return;
  }
  // One pointer per delay value, so a synapse finds its delayed pre.r at once.
  const int maxd = pr.uniform_delay ? pr.delay : *std::max_element(pr.delay_steps.begin(), pr.delay_steps.end());
  std::vector<const double*> r_at(static_cast<std::size_t>(maxd) + 1);
  for (int d = 1; d <= maxd; ++d) r_at[d] = delayed_value(pre, pr.r_attribute, d);
  auto delay_of = [&](uint32_t k) { return pr.uniform_delay ? pr.delay : static_cast<int>(pr.delay_steps[k]); };
  if (plain) {
    for (std::size_t i = 0; i < pre.size; ++i) {
      for (uint32_t k = pr.row[i]; k < pr.row[i + 1]; ++k) sum[pr.col[k]] += pr.w[k] * r_at[delay_of(k)][i];
    }
    return;
  }
  // General case: psp per synapse, combined per post neuron by operation.
  // Per delay value, the delayed values of every pre attribute the psp reads.
  std::vector<std::vector<const double*>> delayed_at(static_cast<std::size_t>(maxd) + 1);
  if (maxd > 1) {
    for (int d = 1; d <= maxd; ++d) {
      delayed_at[d].assign(pre.state.values.size(), nullptr);
      for (int a : pr.delayed_attributes) delayed_at[d][a] = delayed_value(pre, a, d);
    }
  }
  SynapseContext c = synapse_context(pr);
  const std::string& op = pr.synapse->operation();
  for (std::size_t j = 0; j < post.size; ++j) {
    const uint32_t b = pr.post_row[j], e = pr.post_row[j + 1];
    if (b == e) continue;
    double acc = op == "max" ? -INFINITY : (op == "min" ? INFINITY : 0.0);
    for (uint32_t x = b; x < e; ++x) {
      const uint32_t k = pr.post_index[x];
      if (maxd > 1) c.delayed = delayed_at[delay_of(k)].data();
      const double v = pr.synapse->psp(pr.syn_state, k, pr.pre_of[k], static_cast<int>(j), c);
      if (op == "max") acc = v > acc ? v : acc;
      else if (op == "min") acc = v < acc ? v : acc;
      else acc += v;
    }
    if (op == "mean") acc /= (e - b);
    sum[j] += acc;
  }
}

void Network::Impl::deliver(Projection& pr) {
  Population& pre = pops[pr.pre];
  Population& post = pops[pr.post];
  if (pr.rate_coded) {
    deliver_rates(pr, pre, post);
    return;
  }
  // null when the post-synaptic model has no g_<target> (input unused)
  double* g = pr.target_attribute >= 0 ? post.state.values[pr.target_attribute].data() : nullptr;
  if (pr.current) {
    // The rates before this step's neuron updates, as ANNarchy's psp code.
    if (!g) return;
    const double* r = pre.state.values[pr.r_attribute].data();
    for (std::size_t i = 0; i + 1 < pr.row.size(); ++i) {
      for (uint32_t k = pr.row[i]; k < pr.row[i + 1]; ++k) g[pr.col[k]] += pr.w[k] * r[i];
    }
    return;
  }
  if (pr.continuous) {
    // g_target += psp summed over each post neuron's synapses, every step,
    // from the values before this step's neuron updates.
    SynapseContext c = synapse_context(pr);
    for (std::size_t j = 0; g && j < post.size; ++j) {
      double acc = 0.0;
      for (uint32_t x = pr.post_row[j]; x < pr.post_row[j + 1]; ++x) {
        const uint32_t k = pr.post_index[x];
        acc += pr.synapse->psp(pr.syn_state, k, pr.pre_of[k], static_cast<int>(j), c);
      }
      g[j] += acc;
    }
    if (!pr.continuous_events) return;
  }
  if (pr.uniform_delay) {
    // Spikes emitted at step (step - D) arrive now.
    const long from = step - pr.delay;
    if (from < 0) return;
    const auto& spikes = pre.history[static_cast<std::size_t>(from % static_cast<long>(pre.history.size()))];
    const uint32_t* row = pr.row.data();
    const int32_t* col = pr.col.data();
    const double* w = pr.w.data();
    if (pr.synapse && (pr.learning || !pr.synapse->simple_transmission())) {
      SynapseContext c = synapse_context(pr);
      for (int i : spikes) {
        for (uint32_t k = row[i], e = row[i + 1]; k < e; ++k) {
          pr.synapse->on_pre(pr.syn_state, k, i, col[k], c);
        }
      }
      return;
    }
    if (!g) return;
    for (int i : spikes) {
      for (uint32_t k = row[i], e = row[i + 1]; k < e; ++k) g[col[k]] += w[k];
    }
    if (!pr.more_attributes.empty()) {
      refresh_g_more(pr);
      for (double* gm : pr.g_more) {
        for (int i : spikes) {
          for (uint32_t k = row[i], e = row[i + 1]; k < e; ++k) gm[col[k]] += w[k];
        }
      }
    }
  } else if (pr.synapse) {
    // Per-synapse delays: the synapses queued for this step receive their spike.
    auto& slot = pr.event_ring[static_cast<std::size_t>(step % static_cast<long>(pr.event_ring.size()))];
    SynapseContext c = synapse_context(pr);
    for (uint32_t k : slot) pr.synapse->on_pre(pr.syn_state, k, pr.pre_of[k], pr.col[k], c);
    slot.clear();
  } else {
    auto& slot = pr.ring[static_cast<std::size_t>(step % static_cast<long>(pr.ring.size()))];
    const std::size_t n = post.size;
    if (!pr.more_attributes.empty()) {
      refresh_g_more(pr);
      for (double* gm : pr.g_more) {
        for (std::size_t j = 0; j < n; ++j) gm[j] += slot[j];
      }
    }
    for (std::size_t j = 0; j < n; ++j) {
      if (g) g[j] += slot[j];
      slot[j] = 0.0;
    }
  }
}

void Network::Impl::do_step() {
  ++step_serial;
  neurons_updated = false;
  // (1) deliver spikes emitted earlier, compute rate-coded sums
  for (auto& p : pops) {
    for (auto& s : p.state.sums) std::fill(s.begin(), s.end(), 0.0);
  }
  for (auto& pr : projs) deliver(pr);
  // conductances are recorded with the spikes just added, before the update
  record_conductances();
  // (2)+(3) neuron updates
  StepContext ctx;
  ctx.step = step;
  ctx.t = step * dt;
  ctx.dt = dt;
  ctx.constants = constant_values.data();
  for (auto& p : pops) {
    if (p.model) {
      if (!p.timed_attributes.empty()) apply_timed_row(p);
      p.model->step(p.state, ctx);
      p.update_firing_rate(step);
    } else {
      p.state.spiked.clear();
      for (std::size_t i = 0; i < p.size; ++i) {
        auto& steps = p.source_steps[i];
        auto& c = p.source_cursor[i];
        while (c < steps.size() && steps[c] < step) ++c;
        if (c < steps.size() && steps[c] == step) {
          p.state.spiked.push_back(static_cast<int>(i));
          p.state.last_spike[i] = step * dt;
          while (c < steps.size() && steps[c] == step) ++c;
        }
      }
    }
  }
  neurons_updated = true;
  // (4) delay queues: remember this step's spikes
  for (auto& p : pops) {
    auto& slot = p.history[static_cast<std::size_t>(step % static_cast<long>(p.history.size()))];
    slot.assign(p.state.spiked.begin(), p.state.spiked.end());
    for (std::size_t a = 0; a < p.value_history.size(); ++a) {
      auto& ring = p.value_history[a];
      if (ring.empty()) continue;
      const auto& x = p.state.values[a];
      std::copy(x.begin(), x.end(), ring[static_cast<std::size_t>(step % static_cast<long>(ring.size()))].begin());
    }
  }
  for (auto& pr : projs) {
    if (pr.rate_coded || pr.uniform_delay) continue;
    const Population& pre = pops[pr.pre];
    if (pr.synapse) {
      const long R = static_cast<long>(pr.event_ring.size());
      for (int i : pre.state.spiked) {
        for (uint32_t k = pr.row[i]; k < pr.row[i + 1]; ++k) {
          pr.event_ring[static_cast<std::size_t>((step + pr.delay_steps[k]) % R)].push_back(k);
        }
      }
      continue;
    }
    const long R = static_cast<long>(pr.ring.size());
    for (int i : pre.state.spiked) {
      for (uint32_t k = pr.row[i]; k < pr.row[i + 1]; ++k) {
        pr.ring[static_cast<std::size_t>((step + pr.delay_steps[k]) % R)][pr.col[k]] += pr.w[k];
      }
    }
  }
  // (6) synapse equations, (7) post-synaptic events. Learning off freezes a
  // rate-coded projection's synapses entirely, but only w of a spiking one
  // (its other variables still evolve), as ANNarchy's disable_learning().
  for (auto& pr : projs) {
    if (!pr.synapse || (!pr.learning && pr.rate_coded)) continue;
    SynapseContext c = synapse_context(pr);
    const long phase = ((step - pr.learn_offset) % pr.learn_period + pr.learn_period) % pr.learn_period;
    if (pr.synapse->has_step_equations() && phase == 0) {
      pr.synapse->step(pr.syn_state, pr.pre_of, pr.post_of, c);
    }
    // The synapses of a post neuron are scattered over the CSR (ordered by
    // pre): fetch the state of the synapse a few ahead while handling this one.
    constexpr uint32_t kAhead = 8;
    SynapseState& s = pr.syn_state;
    if (!pr.synapse->has_post_events()) continue;
    for (int j : pops[pr.post].state.spiked) {
      const uint32_t b = pr.post_row[j], e = pr.post_row[j + 1];
      for (uint32_t x = b; x < e; ++x) {
        if (x + kAhead < e) {
          const uint32_t ahead = pr.post_index[x + kAhead];
          __builtin_prefetch(&s.local[ahead * s.local_stride], 1);
          __builtin_prefetch(&pr.w[ahead], 1);
          __builtin_prefetch(&pr.pre_of[ahead], 0);
        }
        const uint32_t k = pr.post_index[x];
        pr.synapse->on_post(s, k, pr.pre_of[k], j, c);
      }
    }
  }
  // (8) monitors
  record();
  // (9)
  ++step;
}

void Network::Impl::record_conductances() {
  for (auto& m : mons) m.rec.record_conductances(step, pops[m.pop].state);
}

void Network::Impl::record() {
  for (auto& m : proj_mons) {
    Projection& pr = proj(m.projection());
    m.record(step, pr.w.data(), pr.synapse ? &pr.syn_state : nullptr);
  }
  for (auto& m : mons) m.rec.record(step, pops[m.pop].state);
}

// ------------------------------------------------------------- public API

Network::Network(const NetworkSpec& spec) : impl_(new Impl) {
  impl_->build(spec);
  for (const auto& m : spec.projection_monitors) add_projection_monitor(spec, m);
}
Network::~Network() = default;

double Network::dt() const { return impl_->dt; }
long Network::current_step() const { return impl_->step; }
double Network::time() const { return impl_->step * impl_->dt; }
void Network::set_current_step(long step) {
  if (step < 0) throw Error("the current step must be >= 0");
  impl_->step = step;
}
uint64_t Network::seed() const { return impl_->seed; }

void Network::set_constant(const std::string& name, double value) {
  auto& n = impl_->constant_names;
  auto it = std::find(n.begin(), n.end(), name);
  if (it == n.end()) throw Error("the network has no constant '" + name + "'");
  impl_->constant_values[static_cast<std::size_t>(it - n.begin())] = value;
}

double Network::constant(const std::string& name) const {
  const auto& n = impl_->constant_names;
  auto it = std::find(n.begin(), n.end(), name);
  if (it == n.end()) throw Error("the network has no constant '" + name + "'");
  return impl_->constant_values[static_cast<std::size_t>(it - n.begin())];
}
void Network::set_seed(uint64_t seed) {
  impl_->seed = seed;
  for (auto& p : impl_->pops) {
    p.state.rng.seed(derive_seed(seed, stream_id(kStreamPopulationEquations, p.spec.id)));
  }
}

void Network::step() { impl_->do_step(); }

long Network::simulate(long n, const std::function<bool()>& interrupted) {
  for (long i = 0; i < n; ++i) {
    if (interrupted && (i & 1023) == 1023 && interrupted()) return i;
    impl_->do_step();
  }
  return n;
}

long Network::simulate_until(long max_steps, const std::vector<int>& population_ids, bool any,
                             const std::function<bool()>& interrupted) {
  std::vector<Population*> ps;
  for (int id : population_ids) {
    Population& p = impl_->pop(id);
    if (!p.stop) throw Error(pop_label(p.spec) + " has no stop_condition");
    ps.push_back(&p);
  }
  if (ps.empty()) throw Error("simulate_until needs at least one population with a stop_condition");
  for (long i = 0; i < max_steps; ++i) {
    if (interrupted && (i & 1023) == 1023 && interrupted()) return i;
    impl_->do_step();
    StepContext ctx;
    ctx.step = impl_->step;
    ctx.t = impl_->step * impl_->dt;
    ctx.dt = impl_->dt;
    ctx.constants = impl_->constant_values.data();
    bool stop = !any;
    for (Population* p : ps) {
      const bool c = p->stop->evaluate(p->state, ctx, p->stop_any);
      if (any && c) { stop = true; break; }
      if (!any && !c) { stop = false; break; }
    }
    if (stop) return i + 1;
  }
  return max_steps;
}

void Network::reset(bool populations, bool projections, bool monitors) {
  if (populations) {
    impl_->step = 0;
    for (auto& p : impl_->pops) {
      Rng keep = p.state.rng;
      p.state = p.initial;
      p.state.rng = keep;
      std::fill(p.source_cursor.begin(), p.source_cursor.end(), 0);
      p.timed_clock = 0;
      p.timed_row = 0;
      for (auto& h : p.history) h.clear();
      for (auto& h : p.fr_history) h.clear();
    }
    for (auto& pr : impl_->projs) {
      for (auto& r : pr.ring) std::fill(r.begin(), r.end(), 0.0);
      for (auto& e : pr.event_ring) e.clear();
    }
  }
  if (projections) {
    for (auto& pr : impl_->projs) {
      if (pr.synapse) pr.syn_state = pr.syn_initial;
      pr.w = pr.w0;
      pr.delay_steps = pr.delay0;
      pr.delay = pr.delay_initial;
      pr.uniform_delay = pr.uniform_initial;
      impl_->size_delay_buffers(pr);
    }
  }
  if (monitors) {
    for (auto& m : impl_->mons) m.rec.clear({});
    for (auto& m : impl_->proj_mons) m.clear();
  }
}

std::size_t Network::population_size(int id) const { return impl_->pop(id).size; }

const ModelInfo& Network::population_model(int id) const {
  const Population& p = impl_->pop(id);
  if (!p.model) throw Error(pop_label(p.spec) + " is a spike source and has no model");
  return p.model->info();
}

std::vector<double> Network::get_attribute(int id, const std::string& name) const {
  const Population& p = impl_->pop(id);
  if (!p.model) throw Error(pop_label(p.spec) + " is a spike source: it has no attribute '" + name + "'");
  const int k = p.model->info().attribute_index(name);
  if (k < 0) throw Error(pop_label(p.spec) + " has no attribute '" + name + "'");
  const auto& v = p.state.values[k];
  if (p.model->info().attributes[k].is_global) return {v[0]};
  return std::vector<double>(v.begin(), v.begin() + static_cast<long>(p.size));
}

void Network::set_attribute(int id, const InitialValue& value) {
  impl_->apply_value(impl_->pop(id), value);
}

void Network::compute_firing_rate(int id, double window) {
  Population& p = impl_->pop(id);
  try {
    p.set_firing_rate_window(window, impl_->dt);
  } catch (const Error& e) {
    throw Error(pop_label(p.spec) + ": " + e.what());
  }
}

void Network::set_spike_times(int id, const std::vector<std::vector<double>>& spike_times) {
  Population& p = impl_->pop(id);
  if (p.model) throw Error(pop_label(p.spec) + " is not a spike source");
  if (spike_times.size() != p.size) throw Error(pop_label(p.spec) + ": spike_times needs one vector per neuron");
  for (std::size_t i = 0; i < p.size; ++i) {
    p.source_steps[i].clear();
    for (double t : spike_times[i]) p.source_steps[i].push_back(std::llround(t / impl_->dt));
    std::sort(p.source_steps[i].begin(), p.source_steps[i].end());
    p.source_cursor[i] = 0;
  }
}

std::size_t Network::nb_synapses(int id) const {
  return const_cast<Impl*>(impl_.get())->proj(id).col.size();
}

SynapseTable Network::synapses(int id) const {
  const Projection& pr = const_cast<Impl*>(impl_.get())->proj(id);
  const std::vector<std::size_t> at = synapse_order_to_csr(id);
  const std::size_t n = at.size();
  std::vector<int> pre_view(impl_->pops[pr.pre].size, -1), post_view(impl_->pops[pr.post].size, -1);
  for (std::size_t i = 0; i < pr.pre_ranks.size(); ++i) pre_view[pr.pre_ranks[i]] = static_cast<int>(i);
  for (std::size_t i = 0; i < pr.post_ranks.size(); ++i) post_view[pr.post_ranks[i]] = static_cast<int>(i);
  std::vector<int> pre_of(n);
  for (std::size_t i = 0; i + 1 < pr.row.size(); ++i) {
    for (uint32_t k = pr.row[i]; k < pr.row[i + 1]; ++k) pre_of[k] = static_cast<int>(i);
  }
  SynapseTable t;
  t.pre.resize(n);
  t.post.resize(n);
  t.weights.resize(n);
  t.delays.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t k = at[i];
    t.pre[i] = pre_view[pre_of[k]];
    t.post[i] = post_view[pr.col[k]];
    t.weights[i] = pr.w[k];
    t.delays[i] = (pr.uniform_delay ? pr.delay : pr.delay_steps[k]) * impl_->dt;
  }
  return t;
}

// CSR position of each synapse of synapses() order (post, then pre): what
// synapses() reads and set_weights()/set_delays() write. The CSR is
// pre-major, so this is a counting sort by post view rank with the pre rows
// visited in view order, which leaves each post's synapses with ascending
// pre ranks: O(synapses), no comparison sort (5 M synapses in tens of ms).
std::vector<std::size_t> Network::synapse_order_to_csr(int id) const {
  const Projection& pr = const_cast<Impl*>(impl_.get())->proj(id);
  const std::size_t n = pr.col.size();
  std::vector<int> post_view(impl_->pops[pr.post].size, -1);
  for (std::size_t i = 0; i < pr.post_ranks.size(); ++i) post_view[pr.post_ranks[i]] = static_cast<int>(i);
  std::vector<std::size_t> next(pr.post_ranks.size() + 1, 0);
  for (std::size_t k = 0; k < n; ++k) ++next[static_cast<std::size_t>(post_view[pr.col[k]]) + 1];
  std::partial_sum(next.begin(), next.end(), next.begin());
  std::vector<std::size_t> at(n);
  for (int r : pr.pre_ranks) {
    for (uint32_t k = pr.row[r]; k < pr.row[r + 1]; ++k) at[next[post_view[pr.col[k]]]++] = k;
  }
  return at;
}

void Network::set_weights(int id, const std::vector<double>& weights) {
  Projection& pr = impl_->proj(id);
  const std::size_t n = pr.col.size();
  if (weights.size() != 1 && weights.size() != n) {
    throw Error(proj_label(pr.spec) + ": weights needs 1 or " + std::to_string(n) + " values");
  }
  for (double w : weights) {
    if (!std::isfinite(w)) throw Error(proj_label(pr.spec) + ": weights must be finite");
  }
  if (weights.size() == 1) {
    std::fill(pr.w.begin(), pr.w.end(), weights[0]);
    return;
  }
  const std::vector<std::size_t> at = synapse_order_to_csr(id);
  for (std::size_t i = 0; i < n; ++i) pr.w[at[i]] = weights[i];
}

void Network::set_delays(int id, const std::vector<double>& delays) {
  Projection& pr = impl_->proj(id);
  const std::size_t n = pr.col.size();
  if (delays.size() != 1 && delays.size() != n) {
    throw Error(proj_label(pr.spec) + ": delays needs 1 or " + std::to_string(n) + " values");
  }
  std::vector<double> csr(n, delays.size() == 1 ? delays[0] : 0.0);
  if (delays.size() == n && n > 0) {
    const std::vector<std::size_t> at = synapse_order_to_csr(id);
    for (std::size_t i = 0; i < n; ++i) csr[at[i]] = delays[i];
  }
  impl_->set_projection_delays(pr, csr);
}

void Network::monitor_start(int id) { impl_->mon(id).rec.set_recording(true); }
void Network::monitor_pause(int id) { impl_->mon(id).rec.set_recording(false); }
bool Network::monitor_recording(int id) const { return const_cast<Impl*>(impl_.get())->mon(id).rec.recording(); }

MonitorData Network::monitor_data(int id, bool keep) { return impl_->mon(id).rec.data({}, keep); }

MonitorData Network::monitor_data(int id, const std::vector<std::string>& variables, bool keep) {
  return impl_->mon(id).rec.data(variables, keep);
}

void Network::monitor_clear(int id) { impl_->mon(id).rec.clear({}); }

void Network::set_timed_tracks(int id, const std::vector<TimedTrack>& tracks,
                               const std::vector<long>& row_start_steps, long period_steps) {
  Population& p = impl_->pop(id);
  if (p.spec.type != "timed_array" || !p.model) throw Error(pop_label(p.spec) + " is not a timed array");
  PopulationSpec old = p.spec;
  p.spec.timed_tracks = tracks;
  p.spec.row_start_steps = row_start_steps;
  p.spec.period_steps = period_steps;
  try {
    impl_->check_timed_tracks(p);
  } catch (...) {
    p.spec = old;
    impl_->check_timed_tracks(p);
    throw;
  }
  // ANNarchy sets the row under its cursor at once (past the end of a
  // shorter table: the first row, as its cursor wraps around).
  if (p.timed_row >= p.spec.row_start_steps.size()) p.timed_row = 0;
  for (std::size_t t = 0; t < p.timed_attributes.size(); ++t) {
    const auto& values = p.spec.timed_tracks[t].rows[p.timed_row];
    std::copy(values.begin(), values.end(), p.state.values[p.timed_attributes[t]].begin());
  }
}

void Network::set_learning(int id, bool on, long period_steps, long offset_steps) {
  if (period_steps < 1) throw Error("the learning period must be at least one step");
  Projection& pr = impl_->proj(id);
  pr.learning = on;
  pr.learn_period = period_steps;
  pr.learn_offset = offset_steps;
}

std::vector<std::string> Network::synapse_attribute_names(int id) const {
  Projection& pr = const_cast<Impl*>(impl_.get())->proj(id);
  std::vector<std::string> out;
  if (pr.synapse) for (const auto& a : pr.synapse->info().attributes) out.push_back(a.name);
  return out;
}

std::vector<double> Network::synapse_attribute(int id, const std::string& name) const {
  Projection& pr = const_cast<Impl*>(impl_.get())->proj(id);
  const int a = pr.synapse ? pr.synapse->info().attribute_index(name) : -1;
  if (a < 0) throw Error(proj_label(pr.spec) + " has no synaptic variable '" + name + "'");
  const auto& values = pr.syn_state.values[a];
  const auto& at = pr.synapse->info().attributes[a];
  if (at.is_global) return {values[0]};
  const SynapseState& s = pr.syn_state;
  if (at.is_postsynaptic) {  // one per neuron of the post-synaptic view
    std::vector<double> out;
    for (int j : pr.post_ranks) out.push_back(values[j]);
    return out;
  }
  const std::vector<std::size_t> at_csr = synapse_order_to_csr(id);
  std::vector<double> out(at_csr.size());
  for (std::size_t i = 0; i < at_csr.size(); ++i) out[i] = s.at(a, at_csr[i]);
  return out;
}

void Network::set_synapse_attribute(int id, const std::string& name, const std::vector<double>& v) {
  Projection& pr = impl_->proj(id);
  const int a = pr.synapse ? pr.synapse->info().attribute_index(name) : -1;
  if (a < 0) throw Error(proj_label(pr.spec) + " has no synaptic variable '" + name + "'");
  for (double x : v) {
    if (std::isnan(x)) throw Error(proj_label(pr.spec) + ": values of '" + name + "' must not be NaN");
  }
  auto& values = pr.syn_state.values[a];
  const auto& at = pr.synapse->info().attributes[a];
  const std::size_t expected = at.is_global ? 1 : (at.is_postsynaptic ? pr.post_ranks.size() : pr.col.size());
  if (v.size() != 1 && v.size() != expected) {
    throw Error(proj_label(pr.spec) + ": '" + name + "' needs 1 or " + std::to_string(expected) + " values");
  }
  auto value = [&](std::size_t i) { return v.size() == 1 ? v[0] : v[i]; };
  if (at.is_global) {
    values[0] = v[0];
  } else if (at.is_postsynaptic) {
    for (std::size_t q = 0; q < pr.post_ranks.size(); ++q) values[pr.post_ranks[q]] = value(q);
  } else {
    const std::vector<std::size_t> at_csr = synapse_order_to_csr(id);
    for (std::size_t i = 0; i < at_csr.size(); ++i) pr.syn_state.at(a, at_csr[i]) = value(i);
  }
}

ProjectionMonitor& Network::projection_monitor(int id) {
  for (auto& m : impl_->proj_mons) if (m.id() == id) return m;
  throw Error("no monitor of synaptic variables with id " + std::to_string(id));
}
void Network::add_monitor(MonitorSpec spec) {
  spec.start_step = impl_->step;
  impl_->build_monitor(spec);
}
void Network::add_projection_monitor(ProjectionMonitorSpec spec) {
  spec.start_step = impl_->step;
  NetworkSpec one;  // the recorded projection's spec: what the monitor reads of it
  for (const auto& pr : impl_->projs) {
    if (pr.spec.id == spec.projection) one.projections.push_back(pr.spec);
  }
  add_projection_monitor(one, spec);
}
void Network::store_projection_monitor(ProjectionMonitor&& m) { impl_->proj_mons.push_back(std::move(m)); }
void Network::keep_projections_as_initial() {
  for (auto& pr : impl_->projs) {
    pr.w0 = pr.w;
    pr.delay0 = pr.delay_steps;
    pr.delay_initial = pr.delay;
    pr.uniform_initial = pr.uniform_delay;
    if (pr.synapse) pr.syn_initial = pr.syn_state;
  }
}
const SynapseInfo* Network::synapse_info(int id) const {
  const Projection& pr = const_cast<Impl*>(impl_.get())->proj(id);
  return pr.synapse ? &pr.synapse->info() : nullptr;
}

std::size_t Network::connectivity_bytes() const {
  std::size_t b = 0;
  for (const auto& pr : impl_->projs) {
    b += pr.row.capacity() * sizeof(uint32_t) + pr.col.capacity() * sizeof(int32_t) +
         pr.w.capacity() * sizeof(double) + pr.delay_steps.capacity() * sizeof(uint16_t);
  }
  return b;
}

// ------------------------------------------------- saving and loading the state
//
// load_state() first checks everything (check_state), then builds every new
// container, and only then swaps them in: a state that does not fit changes
// nothing, and the commit itself cannot fail half-way.

namespace {

template <typename T>
std::vector<T> first_n(const std::vector<T>& v, std::size_t n) {
  return std::vector<T>(v.begin(), v.begin() + static_cast<long>(std::min(n, v.size())));
}

std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? "none" : out;
}

// The largest delay (steps) of a projection with these delays.
int max_delay(bool uniform, int delay, const std::vector<uint16_t>& steps) {
  if (uniform || steps.empty()) return delay;
  return *std::max_element(steps.begin(), steps.end());
}

bool zero_rng(const RngState& r) { return (r.s[0] | r.s[1] | r.s[2] | r.s[3]) == 0; }

}  // namespace

NetworkState Network::save_state() const {
  const Impl& m = *impl_;
  NetworkState st;
  st.dt = m.dt;
  st.seed = m.seed;
  st.step = m.step;
  st.draw_counter = m.draw_counter;
  for (const Population& p : m.pops) {
    PopulationState ps;
    ps.id = p.spec.id;
    ps.size = p.size;
    const std::size_t n = p.size;
    if (p.model) {
      const ModelInfo& info = p.model->info();
      for (std::size_t a = 0; a < info.attributes.size(); ++a) {
        ps.attributes.push_back(info.attributes[a].name);
        ps.values.push_back(first_n(p.state.values[a], info.attributes[a].is_global ? 1 : n));
      }
      ps.refractory_remaining = first_n(p.state.refractory_remaining, n);
      ps.value_history.resize(p.value_history.size());
      for (std::size_t a = 0; a < p.value_history.size(); ++a) {
        const std::size_t len = info.attributes[a].is_global ? 1 : n;
        for (const auto& slot : p.value_history[a]) ps.value_history[a].push_back(first_n(slot, len));
      }
    }
    ps.sum_targets = p.sum_targets;
    for (const auto& sum : p.state.sums) ps.sums.push_back(first_n(sum, n));
    ps.last_spike = first_n(p.state.last_spike, n);
    ps.spiked = p.state.spiked;
    ps.rng = p.state.rng.state();
    for (std::size_t c : p.source_cursor) ps.source_cursor.push_back(static_cast<long>(c));
    ps.timed_clock = p.timed_clock;
    ps.timed_row = static_cast<long>(p.timed_row);
    ps.history = p.history;
    ps.fr_window = p.fr_window;
    ps.fr_scale = p.fr_scale;
    for (const auto& h : p.fr_history) ps.fr_history.emplace_back(h.begin(), h.end());
    st.populations.push_back(std::move(ps));
  }
  for (const Projection& pr : m.projs) {
    ProjectionState ps;
    ps.id = pr.spec.id;
    ps.row = pr.row;
    ps.col = pr.col;
    ps.w = pr.w;
    ps.uniform_delay = pr.uniform_delay;
    ps.delay = pr.delay;
    ps.delay_steps = pr.delay_steps;
    ps.ring = pr.ring;
    ps.event_ring = pr.event_ring;
    if (pr.synapse) {
      for (const auto& a : pr.synapse->info().attributes) ps.attributes.push_back(a.name);
      ps.values = pr.syn_state.values;
      ps.local = pr.syn_state.local;
      ps.rng = pr.syn_state.rng.state();
    }
    st.projections.push_back(std::move(ps));
  }
  return st;
}

void Network::Impl::check_state(const NetworkState& st) const {
  if (st.dt != dt) {
    std::ostringstream s;
    s << "the state was saved with dt = " << st.dt << " ms; this network has dt = " << dt << " ms";
    throw Error(s.str());
  }
  if (st.step < 0 || st.step > (1L << 53)) throw Error("'step' must be a whole number of steps between 0 and 2^53");
  if (st.populations.size() != pops.size()) {
    throw Error("the state holds " + std::to_string(st.populations.size()) + " population(s); this network has " +
                std::to_string(pops.size()));
  }
  if (st.projections.size() != projs.size()) {
    throw Error("the state holds " + std::to_string(st.projections.size()) + " projection(s); this network has " +
                std::to_string(projs.size()));
  }
  // Delays as the state gives them: what the delay queues must hold.
  std::vector<const ProjectionState*> state_of(projs.size(), nullptr);
  for (const ProjectionState& ps : st.projections) {
    auto it = proj_index.find(ps.id);
    if (it == proj_index.end()) throw Error("the state holds a projection with id " + std::to_string(ps.id) + ", which this network does not have");
    if (state_of[it->second]) throw Error("the state holds projection id " + std::to_string(ps.id) + " twice");
    state_of[it->second] = &ps;
  }
  auto finite_all = [](const std::vector<double>& v, const std::string& where, const std::string& field, bool nan_only = false) {
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (nan_only ? std::isnan(v[i]) : !std::isfinite(v[i])) {
        std::ostringstream s;
        s << where << ": '" << field << "' must be " << (nan_only ? "numbers (not NA or NaN)" : "finite numbers")
          << "; element " << i + 1 << " is " << (std::isnan(v[i]) ? "NA or NaN" : (v[i] > 0 ? "Inf" : "-Inf"));
        throw Error(s.str());
      }
    }
  };
  auto length = [](std::size_t got, std::size_t want, const std::string& where, const std::string& field) {
    if (got != want) {
      throw Error(where + ": '" + field + "' must have " + std::to_string(want) + " values, not " + std::to_string(got));
    }
  };
  auto ranks_ok = [](const std::vector<int>& r, std::size_t n, const std::string& where, const std::string& field) {
    for (std::size_t i = 0; i < r.size(); ++i) {
      if (r[i] < 0 || static_cast<std::size_t>(r[i]) >= n || (i > 0 && r[i] <= r[i - 1])) {
        throw Error(where + ": '" + field + "' must hold ascending neuron ranks in 1.." + std::to_string(n));
      }
    }
  };
  for (std::size_t k = 0; k < projs.size(); ++k) {
    const Projection& pr = projs[k];
    const ProjectionState& ps = *state_of[k];
    const std::string where = proj_label(pr.spec);
    if (ps.row != pr.row || ps.col != pr.col) {
      throw Error(where + " has other synapses than the saved one (random connectivity is drawn from the seed: "
                  "compile with the same seed)");
    }
    const std::size_t n = pr.col.size();
    length(ps.w.size(), n, where, "w");
    finite_all(ps.w, where, "w");
    if (ps.uniform_delay) {
      if (ps.delay < 1 || ps.delay > 65535) throw Error(where + ": 'delay' must be between 1 and 65535 steps");
      if (!ps.delay_steps.empty()) throw Error(where + ": 'delay_steps' must be empty when the delay is uniform");
    } else {
      length(ps.delay_steps.size(), n, where, "delay_steps");
      if (n == 0) throw Error(where + ": a projection without synapses has a uniform delay");
      for (uint16_t d : ps.delay_steps) {
        if (d < 1) throw Error(where + ": 'delay_steps' must be between 1 and 65535 steps");
      }
    }
    const int maxd = max_delay(ps.uniform_delay, ps.delay, ps.delay_steps);
    if ((pr.current || pr.continuous) && maxd > 1) {
      throw Error(where + ": this projection reads the values of the current step; it cannot have delays");
    }
    const std::size_t slots = static_cast<std::size_t>(maxd) + 1;
    const bool rings = !pr.rate_coded && !ps.uniform_delay;
    const std::size_t ring_slots = rings && !pr.synapse ? slots : 0;
    const std::size_t event_slots = rings && pr.synapse ? slots : 0;
    length(ps.ring.size(), ring_slots, where, "ring");
    length(ps.event_ring.size(), event_slots, where, "event_ring");
    for (const auto& slot : ps.ring) {
      length(slot.size(), pops[pr.post].size, where, "ring");
      finite_all(slot, where, "ring");
    }
    for (const auto& slot : ps.event_ring) {
      for (uint32_t s : slot) {
        if (s >= n) throw Error(where + ": 'event_ring' must hold synapse indices below " + std::to_string(n));
      }
    }
    if (!pr.synapse) {
      if (!ps.attributes.empty() || !ps.values.empty() || !ps.local.empty()) {
        throw Error(where + " has static synapses; the state gives it synaptic variables (" + join_names(ps.attributes) + ")");
      }
      continue;
    }
    std::vector<std::string> names;
    for (const auto& a : pr.synapse->info().attributes) names.push_back(a.name);
    if (ps.attributes != names) {
      throw Error(where + ": the synapse model's attributes differ (the state: " + join_names(ps.attributes) +
                  "; this network: " + join_names(names) + ")");
    }
    length(ps.values.size(), pr.syn_state.values.size(), where, "values");
    for (std::size_t a = 0; a < ps.values.size(); ++a) {
      length(ps.values[a].size(), pr.syn_state.values[a].size(), where, names[a]);
      finite_all(ps.values[a], where, names[a], true);
    }
    length(ps.local.size(), pr.syn_state.local.size(), where, "local");
    for (std::size_t i = 0; i < ps.local.size(); ++i) {
      if (std::isnan(ps.local[i])) {
        const std::size_t off = i % pr.syn_state.local_stride;
        std::string field = "last event";
        for (std::size_t a = 0; a < names.size(); ++a) {
          if (pr.syn_state.local_offset[a] == static_cast<int>(off)) field = names[a];
        }
        throw Error(where + ": '" + field + "' must be numbers (not NA or NaN); synapse " +
                    std::to_string(i / pr.syn_state.local_stride + 1) + " is NaN");
      }
    }
    if (zero_rng(ps.rng)) throw Error(where + ": the state of its random stream cannot be all zeros");
    if (ps.rng.has_spare_normal && !std::isfinite(ps.rng.spare_normal)) throw Error(where + ": the spare normal value of its random stream must be finite");
  }
  std::vector<bool> seen(pops.size(), false);
  for (const PopulationState& ps : st.populations) {
    auto it = pop_index.find(ps.id);
    if (it == pop_index.end()) throw Error("the state holds a population with id " + std::to_string(ps.id) + ", which this network does not have");
    if (seen[it->second]) throw Error("the state holds population id " + std::to_string(ps.id) + " twice");
    seen[it->second] = true;
    const Population& p = pops[it->second];
    const std::string where = pop_label(p.spec);
    const std::size_t n = p.size;
    if (ps.size != n) {
      throw Error(where + " has " + std::to_string(n) + " neurons; the state has " + std::to_string(ps.size));
    }
    std::vector<std::string> names;
    if (p.model) for (const auto& a : p.model->info().attributes) names.push_back(a.name);
    if (ps.attributes != names) {
      throw Error(where + ": the neuron model's attributes differ (the state: " + join_names(ps.attributes) +
                  "; this network: " + join_names(names) + ")");
    }
    length(ps.values.size(), names.size(), where, "values");
    for (std::size_t a = 0; a < names.size(); ++a) {
      const bool global = p.model->info().attributes[a].is_global;
      length(ps.values[a].size(), global ? 1 : n, where, names[a]);
      finite_all(ps.values[a], where, names[a]);
    }
    if (ps.sum_targets != p.sum_targets) {
      throw Error(where + ": the targets of its inputs differ (the state: " + join_names(ps.sum_targets) +
                  "; this network: " + join_names(p.sum_targets) + ")");
    }
    length(ps.sums.size(), p.state.sums.size(), where, "sums");
    for (const auto& sum : ps.sums) {
      length(sum.size(), n, where, "sums");
      finite_all(sum, where, "sums");
    }
    length(ps.last_spike.size(), std::min(n, p.state.last_spike.size()), where, "last_spike");
    finite_all(ps.last_spike, where, "last_spike");
    length(ps.refractory_remaining.size(), p.model ? n : 0, where, "refractory_remaining");
    for (int r : ps.refractory_remaining) {
      if (r < 0) throw Error(where + ": 'refractory_remaining' must be steps >= 0");
    }
    ranks_ok(ps.spiked, n, where, "spiked");
    if (p.model && zero_rng(ps.rng)) throw Error(where + ": the state of its random stream cannot be all zeros");
    if (ps.rng.has_spare_normal && !std::isfinite(ps.rng.spare_normal)) {
      throw Error(where + ": the spare normal value of its random stream must be finite");
    }
    length(ps.source_cursor.size(), p.source_cursor.size(), where, "source_cursor");
    for (std::size_t i = 0; i < ps.source_cursor.size(); ++i) {
      if (ps.source_cursor[i] < 0 || static_cast<std::size_t>(ps.source_cursor[i]) > p.source_steps[i].size()) {
        throw Error(where + ": 'source_cursor' of neuron " + std::to_string(i + 1) + " is out of range");
      }
    }
    if (!p.timed_attributes.empty()) {
      if (ps.timed_row < 0 || static_cast<std::size_t>(ps.timed_row) >= p.spec.row_start_steps.size()) {
        throw Error(where + ": 'timed_row' must be a row of its table (1.." +
                    std::to_string(p.spec.row_start_steps.size()) + ")");
      }
      if (ps.timed_clock < 0) throw Error(where + ": 'timed_clock' must be >= 0");
    }
    // The queues the delays of the state's projections from p need.
    std::size_t need_history = 1;
    std::vector<std::size_t> need_values(names.size(), 0);
    for (std::size_t k = 0; k < projs.size(); ++k) {
      const Projection& pr = projs[k];
      if (pops.data() + pr.pre != &p) continue;
      const ProjectionState& qs = *state_of[k];
      const int maxd = max_delay(qs.uniform_delay, qs.delay, qs.delay_steps);
      if (pr.rate_coded) {
        if (maxd > 1) {
          for (int a : pr.delayed_attributes) need_values[a] = std::max<std::size_t>(need_values[a], maxd);
        }
      } else if (qs.uniform_delay) {
        need_history = std::max<std::size_t>(need_history, static_cast<std::size_t>(maxd) + 1);
      }
    }
    if (ps.history.size() < need_history) {
      throw Error(where + ": 'history' must keep the spikes of at least " + std::to_string(need_history) +
                  " steps (its projections' delays)");
    }
    for (const auto& slot : ps.history) ranks_ok(slot, n, where, "history");
    if (!ps.value_history.empty()) length(ps.value_history.size(), names.size(), where, "value_history");
    for (std::size_t a = 0; a < names.size(); ++a) {
      const std::size_t have = a < ps.value_history.size() ? ps.value_history[a].size() : 0;
      if (have < need_values[a]) {
        throw Error(where + ": 'value_history' must keep '" + names[a] + "' of at least " +
                    std::to_string(need_values[a]) + " steps (its projections' delays)");
      }
      for (std::size_t sl = 0; sl < have; ++sl) {
        const auto& slot = ps.value_history[a][sl];
        length(slot.size(), p.model->info().attributes[a].is_global ? 1 : n, where, "value_history");
        finite_all(slot, where, "value_history");
      }
    }
    if (ps.fr_window < 0) throw Error(where + ": 'fr_window' must be >= 0 steps");
    if (ps.fr_window > 0) {
      if (!p.model || !p.model->info().spiking || p.model->info().attribute_index("r") < 0) {
        throw Error(where + ": the state computes a firing rate, but this population is not spiking");
      }
      if (!(ps.fr_scale > 0) || !std::isfinite(ps.fr_scale)) throw Error(where + ": 'fr_scale' must be a positive number");
    }
    if (!ps.fr_history.empty()) length(ps.fr_history.size(), n, where, "fr_history");
    for (const auto& h : ps.fr_history) {
      for (std::size_t i = 0; i < h.size(); ++i) {
        // (not checked against the current step: set_current_step() may
        // have moved it back, and such spikes simply leave the window late)
        if (h[i] < 0 || (i > 0 && h[i] < h[i - 1])) {
          throw Error(where + ": 'fr_history' must hold ascending steps");
        }
      }
    }
  }
}

void Network::load_state(const NetworkState& st, bool check_only) {
  Impl& m = *impl_;
  m.check_state(st);
  if (check_only) return;
  // Everything below only allocates and copies (cannot fail on a checked
  // state, except for memory); then swaps.
  struct PopStage {
    Population* p;
    NeuronState state;
    std::vector<std::size_t> source_cursor;
    std::vector<std::vector<int>> history;
    std::vector<std::vector<std::vector<double>>> value_history;
    std::vector<std::deque<long>> fr_history;
    int fr_attribute = -1;
  };
  struct ProjStage {
    Projection* pr;
    std::vector<double> w;
    std::vector<uint16_t> delay_steps;
    std::vector<std::vector<double>> ring;
    std::vector<std::vector<uint32_t>> event_ring;
    SynapseState syn;
  };
  std::vector<PopStage> pop_stage;
  std::vector<ProjStage> proj_stage;
  for (const PopulationState& ps : st.populations) {
    Population& p = m.pops[m.pop_index.at(ps.id)];
    PopStage s;
    s.p = &p;
    s.state = p.state;
    const std::size_t n = p.size;
    for (std::size_t a = 0; a < ps.values.size(); ++a) {
      std::copy(ps.values[a].begin(), ps.values[a].end(), s.state.values[a].begin());
    }
    for (std::size_t t = 0; t < ps.sums.size(); ++t) std::copy(ps.sums[t].begin(), ps.sums[t].end(), s.state.sums[t].begin());
    std::copy(ps.last_spike.begin(), ps.last_spike.end(), s.state.last_spike.begin());
    std::copy(ps.refractory_remaining.begin(), ps.refractory_remaining.end(), s.state.refractory_remaining.begin());
    s.state.spiked = ps.spiked;
    if (p.model) s.state.rng.set_state(ps.rng);
    for (long c : ps.source_cursor) s.source_cursor.push_back(static_cast<std::size_t>(c));
    s.history = ps.history;
    s.value_history.resize(ps.value_history.size());
    for (std::size_t a = 0; a < ps.value_history.size(); ++a) {
      for (const auto& slot : ps.value_history[a]) {
        std::vector<double> full(p.state.values[a].size(), 0.0);  // padded as the attribute
        std::copy(slot.begin(), slot.end(), full.begin());
        s.value_history[a].push_back(std::move(full));
      }
    }
    if (!ps.fr_history.empty()) {
      for (const auto& h : ps.fr_history) s.fr_history.emplace_back(h.begin(), h.end());
    } else if (ps.fr_window > 0) {
      s.fr_history.resize(n);
    }
    s.fr_attribute = ps.fr_window > 0 ? p.model->info().attribute_index("r") : p.fr_attribute;
    pop_stage.push_back(std::move(s));
  }
  for (const ProjectionState& ps : st.projections) {
    Projection& pr = m.projs[m.proj_index.at(ps.id)];
    ProjStage s;
    s.pr = &pr;
    s.w = ps.w;
    s.delay_steps = ps.delay_steps;
    s.ring = ps.ring;
    s.event_ring = ps.event_ring;
    if (pr.synapse) {
      s.syn = pr.syn_state;
      for (std::size_t a = 0; a < ps.values.size(); ++a) s.syn.values[a] = ps.values[a];
      s.syn.local = ps.local;
      s.syn.rng.set_state(ps.rng);
    }
    proj_stage.push_back(std::move(s));
  }
  // Commit: swaps only.
  for (std::size_t i = 0; i < pop_stage.size(); ++i) {
    PopStage& s = pop_stage[i];
    const PopulationState& ps = st.populations[i];
    Population& p = *s.p;
    std::swap(p.state, s.state);
    p.source_cursor.swap(s.source_cursor);
    p.history.swap(s.history);
    p.value_history.swap(s.value_history);
    p.fr_history.swap(s.fr_history);
    p.fr_window = ps.fr_window;
    p.fr_scale = ps.fr_scale;
    p.fr_attribute = s.fr_attribute;
    p.timed_clock = ps.timed_clock;
    p.timed_row = static_cast<std::size_t>(ps.timed_row);
  }
  for (std::size_t i = 0; i < proj_stage.size(); ++i) {
    ProjStage& s = proj_stage[i];
    const ProjectionState& ps = st.projections[i];
    Projection& pr = *s.pr;
    pr.w.swap(s.w);
    pr.delay_steps.swap(s.delay_steps);
    pr.uniform_delay = ps.uniform_delay;
    pr.delay = ps.uniform_delay ? ps.delay : static_cast<int>(pr.delay_steps[0]);
    pr.ring.swap(s.ring);
    pr.event_ring.swap(s.event_ring);
    if (pr.synapse) std::swap(pr.syn_state, s.syn);
  }
  m.step = st.step;
  m.seed = st.seed;
  m.draw_counter = st.draw_counter;
}

}  // namespace annr
