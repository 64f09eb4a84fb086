// The synapse compiler and its small stack interpreter.
#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

#include "annr/limits.hpp"
#include "annr/statements.hpp"
#include "annr/synapse.hpp"

namespace annr {

int SynapseInfo::attribute_index(const std::string& n) const {
  for (std::size_t i = 0; i < attributes.size(); ++i)
    if (attributes[i].name == n) return static_cast<int>(i);
  return -1;
}

namespace {

enum class SOp : uint8_t {
  Const, Syn, Glob, PostSyn, W, Pre, PreGlob, Post, PostGlob, T, Dt, TPre, TPost, Reduce,
  Cst,  // a global constant of the network: SynapseContext::constants[index]
  PreSum, PostSum,  // pre.sum(target) / post.sum(target): index into NeuronState::sums
  Neg, Not, Square, Add, Sub, Mul, Div, Pow, Lt, Le, Gt, Ge, Eq, Ne, And, Or,
  Func1, Func2, Select, Clip, RandU, RandN
};

struct SInstr {
  SOp op;
  uint8_t fn = 0;
  int index = 0;
  double value = 0.0;
};

using SProgram = std::vector<SInstr>;

struct SStatement {
  enum Target { Variable, Weight, Conductance } target = Variable;
  int attribute = -1;
  char op = '=';  // '=', '+', '-', '*', '/'
  SProgram value;
  int cache_slot = -1;  // >= 0: value reads only parameters, constants, t, dt
};

struct EventDriven {
  int attribute;
  SProgram A, B;  // dx/dt = A + B x
  bool per_step = false;  // A and B only read parameters, t, dt: cache per step
};

bool reads_neurons(const SProgram& p) {
  for (const auto& in : p) {
    if (in.op == SOp::Pre || in.op == SOp::PreGlob || in.op == SOp::Post || in.op == SOp::PostGlob ||
        in.op == SOp::Reduce || in.op == SOp::PreSum || in.op == SOp::PostSum ||
        in.op == SOp::PostSyn ||
        in.op == SOp::TPre || in.op == SOp::TPost || in.op == SOp::RandU || in.op == SOp::RandN)
      return true;
  }
  return false;
}

struct StepOde {
  int attribute;  // -1: w
  SProgram derivative;
  bool exponential = false;
  SProgram A, B;  // exponential: dx/dt = A + B x
};

class Synapse final : public CompiledSynapse {
 public:
  SynapseInfo info_;
  std::vector<SStatement> pre_, post_, assignments_;
  std::vector<EventDriven> event_driven_;
  // Equations integrated every step, in three groups run in this order:
  // projection-wide variables once, postsynaptic ones once per post neuron,
  // then those of each synapse (w included). Within a group the statements
  // run in the order written, as in ANNarchy 4.7.3: each run of consecutive
  // assignments in turn, each run of consecutive ODEs as one block
  // (increments from the values before the block, then applied), so an
  // assignment written after `dw/dt = ...` reads the new w.
  enum Locality { kProjection = 0, kPostsynaptic = 1, kSynapse = 2 };
  struct StepGroup {
    std::vector<SStatement> assignments;
    std::vector<StepOde> odes;
    // Runs in written order: [begin, end) of assignments or of odes.
    struct Segment { bool ode; std::size_t begin, end; };
    std::vector<Segment> segments;
    void add(const SStatement& st) { extend(false, assignments.size()); assignments.push_back(st); }
    void add(const StepOde& o) { extend(true, odes.size()); odes.push_back(o); }
    void extend(bool ode, std::size_t at) {
      if (segments.empty() || segments.back().ode != ode) segments.push_back({ode, at, at});
      ++segments.back().end;
    }
    bool empty() const { return assignments.empty() && odes.empty(); }
  };
  StepGroup groups_[3];

  const SynapseInfo& info() const override { return info_; }

  SynapseState make_state(std::size_t n, std::size_t n_post) const override {
    SynapseState s;
    s.local_offset.assign(info_.attributes.size(), -1);
    int next = 1;  // offset 0: time of the last event
    for (std::size_t a = 0; a < info_.attributes.size(); ++a) {
      const auto& at = info_.attributes[a];
      const bool local = !at.is_global && !at.is_postsynaptic;
      s.values.emplace_back(local ? 0 : (at.is_global ? 1 : n_post), at.init);
      if (local) s.local_offset[a] = next++;
    }
    s.local_stride = static_cast<std::size_t>(next);
    s.local.assign(n * s.local_stride, 0.0);
    for (std::size_t k = 0; k < n; ++k) {
      s.last_event(k) = SynapseState::kNoEvent;
      for (std::size_t a = 0; a < info_.attributes.size(); ++a) {
        if (s.local_offset[a] >= 0) s.at(static_cast<int>(a), k) = info_.attributes[a].init;
      }
    }
    s.n_post = n_post;
    s.statement_cache.assign(static_cast<std::size_t>(n_cache_slots_), 0.0);
    s.statement_cache_serial.assign(static_cast<std::size_t>(n_cache_slots_), ~uint64_t(0));
    return s;
  }

  // The storage of attribute a for synapse k onto post neuron j.
  double& slot(SynapseState& s, int a, std::size_t k, int j) const {
    const auto& at = info_.attributes[a];
    if (at.is_global) return s.values[a][0];
    return at.is_postsynaptic ? s.values[a][static_cast<std::size_t>(j)] : s.at(a, k);
  }

  // Global operations over the pre- or post-synaptic population
  // (mean(pre.r), max(post.v), ...): computed once per step and phase of
  // the step from the current values. ANNarchy computes them after the
  // neuron updates, so what runs later in the step (synapse equations, post
  // events) sees this step's values and what runs before them (psp, pre
  // events) the previous step's, which are the values current at that time.
  struct ReductionSpec {
    bool post = false;
    int attribute = 0;
    int kind = 0;  // 0 mean, 1 max, 2 min, 3 norm1, 4 norm2
  };
  std::vector<ReductionSpec> reductions_;

  double reduction(SynapseState& s, int q, const SynapseContext& c) const {
    const auto qi = static_cast<std::size_t>(q);
    if (s.reduction_key.size() <= qi) {
      s.reduction_key.resize(reductions_.size(), ~uint64_t(0));
      s.reduction_value.resize(reductions_.size(), 0.0);
    }
    if (s.reduction_key[qi] == c.reduce_key) return s.reduction_value[qi];
    const ReductionSpec& r = reductions_[qi];
    const NeuronState& pop = r.post ? *c.post : *c.pre;
    const double* x = pop.values[r.attribute].data();
    const std::size_t n = pop.values[r.attribute].size() == 1 ? 1 : pop.size;
    double acc = r.kind == 1 ? -INFINITY : (r.kind == 2 ? INFINITY : 0.0);
    for (std::size_t m = 0; m < n; ++m) {
      switch (r.kind) {
        case 1: acc = x[m] > acc ? x[m] : acc; break;
        case 2: acc = x[m] < acc ? x[m] : acc; break;
        case 3: acc += std::fabs(x[m]); break;
        case 4: acc += x[m] * x[m]; break;
        default: acc += x[m];
      }
    }
    if (r.kind == 0) acc /= static_cast<double>(n);
    if (r.kind == 4) acc = std::sqrt(acc);
    s.reduction_value[qi] = n ? acc : 0.0;
    s.reduction_key[qi] = c.reduce_key;
    return s.reduction_value[qi];
  }

  double eval(const SProgram& p, SynapseState& s, std::size_t k, int i, int j,
              const SynapseContext& c) const {
    double st[kStack];  // lower() refuses programs that need more
    int top = -1;
    for (const SInstr& in : p) {
      switch (in.op) {
        case SOp::Const: st[++top] = in.value; break;
        case SOp::Syn: st[++top] = s.at(in.index, k); break;
        case SOp::Glob: st[++top] = s.values[in.index][0]; break;
        case SOp::PostSyn: st[++top] = s.values[in.index][j]; break;
        case SOp::W: st[++top] = c.weights[k]; break;
        case SOp::Pre:
          st[++top] = c.delayed && c.delayed[in.index] ? c.delayed[in.index][i] : c.pre->values[in.index][i];
          break;
        case SOp::PreGlob:
          st[++top] = c.delayed && c.delayed[in.index] ? c.delayed[in.index][0] : c.pre->values[in.index][0];
          break;
        case SOp::Reduce: st[++top] = reduction(s, in.index, c); break;
        case SOp::PreSum: st[++top] = c.pre->sums[in.index][i]; break;
        case SOp::PostSum: st[++top] = c.post->sums[in.index][j]; break;
        case SOp::Post: st[++top] = c.post->values[in.index][j]; break;
        case SOp::PostGlob: st[++top] = c.post->values[in.index][0]; break;
        case SOp::T: st[++top] = c.t; break;
        case SOp::Dt: st[++top] = c.dt; break;
        case SOp::Cst: st[++top] = c.constants[in.index]; break;
        case SOp::TPre: st[++top] = c.pre->last_spike.empty() ? -10000.0 : c.pre->last_spike[i]; break;
        case SOp::TPost: st[++top] = c.post->last_spike[j]; break;
        case SOp::Neg: st[top] = -st[top]; break;
        case SOp::Not: st[top] = st[top] == 0.0; break;
        case SOp::Square: st[top] = st[top] * st[top]; break;
        case SOp::RandU: st[++top] = s.rng.uniform01(); break;
        case SOp::RandN: st[++top] = s.rng.normal(0.0, 1.0); break;
        case SOp::Func1: st[top] = apply_func1(static_cast<Func>(in.fn), st[top]); break;
        case SOp::Select: {
          const double b = st[top--], a = st[top--];
          st[top] = st[top] != 0.0 ? a : b;
          break;
        }
        case SOp::Clip: {
          const double hi = st[top--], lo = st[top--];
          st[top] = st[top] < lo ? lo : (st[top] > hi ? hi : st[top]);
          break;
        }
        default: {
          const double b = st[top--];
          double& a = st[top];
          switch (in.op) {
            case SOp::Add: a = a + b; break;
            case SOp::Sub: a = a - b; break;
            case SOp::Mul: a = a * b; break;
            case SOp::Div: a = a / b; break;
            case SOp::Pow: a = std::pow(a, b); break;
            case SOp::Lt: a = a < b; break;
            case SOp::Le: a = a <= b; break;
            case SOp::Gt: a = a > b; break;
            case SOp::Ge: a = a >= b; break;
            case SOp::Eq: a = a == b; break;
            case SOp::Ne: a = a != b; break;
            case SOp::And: a = (a != 0.0) && (b != 0.0); break;
            case SOp::Or: a = (a != 0.0) || (b != 0.0); break;
            case SOp::Func2: a = apply_func2(static_cast<Func>(in.fn), a, b); break;
            default: break;
          }
        }
      }
    }
    return st[top];
  }

  void clamp(SynapseState& s, int attribute, std::size_t k, int j) const {
    const auto& a = info_.attributes[attribute];
    double& x = slot(s, attribute, k, j);
    if (a.type == "int") x = std::trunc(x);
    if (a.type == "bool") x = x != 0.0;
    if (a.has_min) {
      const double lo = a.min_attr >= 0 ? slot(s, a.min_attr, k, j) : a.min;
      if (x < lo) x = lo;
    }
    if (a.has_max) {
      const double hi = a.max_attr >= 0 ? slot(s, a.max_attr, k, j) : a.max;
      if (x > hi) x = hi;
    }
  }

  void clamp_weight(SynapseState& s, double& x, std::size_t k, int j) const {
    if (w_has_min_) {
      const double lo = w_min_attr_ >= 0 ? slot(s, w_min_attr_, k, j) : w_min_;
      if (x < lo) x = lo;
    }
    if (w_has_max_) {
      const double hi = w_max_attr_ >= 0 ? slot(s, w_max_attr_, k, j) : w_max_;
      if (x > hi) x = hi;
    }
  }

  static void apply_op(char op, double* x, double v) {
    switch (op) {
      case '+': *x += v; break;
      case '-': *x -= v; break;
      case '*': *x *= v; break;
      case '/': *x /= v; break;
      default: *x = v;
    }
  }

  void run(const SStatement& st, SynapseState& s, std::size_t k, int i, int j,
           const SynapseContext& c) const {
    // No g_<target> in the post-synaptic model (or a spike source): the
    // transmission has nowhere to go, as in ANNarchy.
    if (st.target == SStatement::Conductance && !c.g_target) return;
    if (st.target == SStatement::Weight && !c.weights_plastic) return;  // learning off
    double v;
    if (st.cache_slot >= 0) {
      const auto slot_index = static_cast<std::size_t>(st.cache_slot);
      if (s.statement_cache_serial[slot_index] != c.serial) {
        s.statement_cache[slot_index] = eval(st.value, s, k, i, j, c);
        s.statement_cache_serial[slot_index] = c.serial;
      }
      v = s.statement_cache[slot_index];
    } else {
      v = eval(st.value, s, k, i, j, c);
    }
    double* x;
    switch (st.target) {
      case SStatement::Weight: x = &c.weights[k]; break;
      case SStatement::Conductance: x = &c.g_target[j]; break;
      default: x = &slot(s, st.attribute, k, j);
    }
    apply_op(st.op, x, v);
    // A projection with several targets: the same value goes to each of
    // them (ANNarchy repeats the statement for every g_<target>).
    if (st.target == SStatement::Conductance) {
      for (int m = 0; m < c.n_g_more; ++m) apply_op(st.op, &c.g_more[m][j], v);
    }
    if (st.target == SStatement::Variable) clamp(s, st.attribute, k, j);
    if (st.target == SStatement::Weight && w_clamp_) clamp_weight(s, *x, k, j);
  }

  // exp(B * steps * dt), from the table of whole steps when B is constant
  // within the step (the table is rebuilt when B or dt changes).
  static double decay_factor(SynapseState& s, std::size_t q, bool per_step, double B, double steps,
                             double dt) {
    if (per_step && steps < static_cast<double>(SynapseState::kDecaySteps)) {
      if (s.decay.size() <= q) {
        s.decay.resize(q + 1);
        s.decay_B.resize(q + 1, 0.0);
        s.decay_dt.resize(q + 1, 0.0);
      }
      auto& table = s.decay[q];
      if (table.empty() || s.decay_B[q] != B || s.decay_dt[q] != dt) {
        table.resize(SynapseState::kDecaySteps);
        for (std::size_t m = 0; m < table.size(); ++m) table[m] = std::exp(B * (dt * static_cast<double>(m)));
        s.decay_B[q] = B;
        s.decay_dt[q] = dt;
      }
      return table[static_cast<std::size_t>(steps)];
    }
    return std::exp(B * (dt * steps));
  }

  // Brings the event-driven variables of synapse k from its last event to
  // step `to` with the exact solution of their linear ODEs, then records an
  // event at this step. As in ANNarchy 4.7.3, a pre-synaptic event catches up
  // to the step before its delivery step (to = step - 1) and a post-synaptic
  // one to the current step; both record the current step as the last event,
  // so each pre-synaptic event skips one step of decay (at dt = 1 ms a 5 %
  // effect with tau = 20 ms, which decides the sign of learning in a balanced
  // STDP rule). The same holds for uniform and per-synapse delays: the step
  // that counts is the delivery step.
  void catch_up(SynapseState& s, std::size_t k, int i, int j, const SynapseContext& c, long to) const {
    if (event_driven_.empty()) return;
    const double steps = static_cast<double>(to) - s.last_event(k);
    if (steps > 0) {
      if (s.event_coefficients_serial != c.serial) {
        s.event_A.resize(event_driven_.size());
        s.event_B.resize(event_driven_.size());
        for (std::size_t q = 0; q < event_driven_.size(); ++q) {
          if (!event_driven_[q].per_step) continue;
          s.event_A[q] = eval(event_driven_[q].A, s, k, i, j, c);
          s.event_B[q] = eval(event_driven_[q].B, s, k, i, j, c);
        }
        s.event_coefficients_serial = c.serial;
      }
      for (std::size_t q = 0; q < event_driven_.size(); ++q) {
        const auto& e = event_driven_[q];
        const double A = e.per_step ? s.event_A[q] : eval(e.A, s, k, i, j, c);
        const double B = e.per_step ? s.event_B[q] : eval(e.B, s, k, i, j, c);
        double& x = s.at(e.attribute, k);
        if (B == 0.0) {
          x += A * (c.dt * steps);
        } else {
          const double steady = -A / B;
          x = steady + (x - steady) * decay_factor(s, q, e.per_step, B, steps, c.dt);
        }
      }
    }
    s.last_event(k) = static_cast<double>(c.step);
  }

  void on_pre(SynapseState& s, std::size_t k, int i, int j, const SynapseContext& c) const override {
    catch_up(s, k, i, j, c, c.step - 1);
    for (const auto& st : pre_) run(st, s, k, i, j, c);
  }

  bool has_post_events() const override { return !post_.empty(); }

  void on_post(SynapseState& s, std::size_t k, int i, int j, const SynapseContext& c) const override {
    if (post_.empty()) return;
    catch_up(s, k, i, j, c, c.step);
    for (const auto& st : post_) run(st, s, k, i, j, c);
  }

  SProgram psp_;
  bool default_psp_ = true;
  std::string operation_ = "sum";
  bool default_psp() const override { return default_psp_; }
  const std::string& operation() const override { return operation_; }
  double psp(SynapseState& s, std::size_t k, int i, int j, const SynapseContext& c) const override {
    return eval(psp_, s, k, i, j, c);
  }
  std::vector<int> psp_pre_attributes() const override {
    std::vector<int> out;
    for (const auto& in : psp_) {
      if ((in.op == SOp::Pre || in.op == SOp::PreGlob) &&
          std::find(out.begin(), out.end(), in.index) == out.end()) {
        out.push_back(in.index);
      }
    }
    return out;
  }

  bool simple_transmission_ = false;
  bool simple_transmission() const override { return simple_transmission_; }

  bool has_step_equations() const override {
    return !groups_[0].empty() || !groups_[1].empty() || !groups_[2].empty();
  }

  void step(SynapseState& s, const std::vector<int>& pre_of, const std::vector<int>& post_of,
            const SynapseContext& c) const override {
    // Projection-wide and postsynaptic equations read no synapse (checked at
    // compile time), so synapse 0 / pre rank 0 only fill the arguments.
    if (!groups_[kProjection].empty()) run_group(groups_[kProjection], s, 0, 0, 0, c);
    if (!groups_[kPostsynaptic].empty()) {
      for (std::size_t j = 0; j < s.n_post; ++j) run_group(groups_[kPostsynaptic], s, 0, 0, static_cast<int>(j), c);
    }
    if (!groups_[kSynapse].empty()) {
      const std::size_t n = pre_of.size();
      if (blockable_) {
        for (std::size_t k0 = 0; k0 < n; k0 += kBlock) {
          run_synapse_block(s, k0, std::min(kBlock, n - k0), pre_of.data(), post_of.data(), c);
        }
      } else {
        for (std::size_t k = 0; k < n; ++k) run_group(groups_[kSynapse], s, k, pre_of[k], post_of[k], c);
      }
    }
  }

  // ---- per-synapse step equations over blocks of synapses ----------------
  // The equations of every synapse run every step (rate-coded learning
  // rules: 10^6 synapses and more), so they are evaluated kBlock synapses at
  // a time: one pass of the postfix program per block, each instruction a
  // short loop over the block (loads gather pre./post. values through
  // pre_of/post_of). A synapse's equations read only its own variables and
  // values no synapse equation writes, so this gives the same numbers as one
  // synapse at a time; only random draws come in another order.
  static constexpr std::size_t kBlock = 64;
  static constexpr int kBlockStack = 16;   // deepest program evaluated by blocks
  static constexpr int kStack = 256;       // deepest program eval() runs
  static constexpr std::size_t kBlockOdes = 16;
  bool blockable_ = false;

  void eval_block(const SProgram& p, SynapseState& s, std::size_t k0, std::size_t nb, const int* pre_of,
                  const int* post_of, const SynapseContext& c, double* out) const {
    double st[kBlockStack][kBlock];
    int top = -1;
    const std::size_t stride = s.local_stride;
    for (const SInstr& in : p) {
      switch (in.op) {
        case SOp::Const: case SOp::Glob: case SOp::PreGlob: case SOp::PostGlob: case SOp::T: case SOp::Dt:
        case SOp::Reduce: case SOp::Cst: {
          const double v = in.op == SOp::Const ? in.value
                           : in.op == SOp::Cst ? c.constants[in.index]
                           : in.op == SOp::Reduce ? reduction(s, in.index, c)
                           : in.op == SOp::Glob ? s.values[in.index][0]
                           : in.op == SOp::PreGlob ? (c.delayed && c.delayed[in.index] ? c.delayed[in.index][0]
                                                                                       : c.pre->values[in.index][0])
                           : in.op == SOp::PostGlob ? c.post->values[in.index][0]
                           : in.op == SOp::T ? c.t : c.dt;
          double* d = st[++top];
          for (std::size_t b = 0; b < nb; ++b) d[b] = v;
          break;
        }
        case SOp::Syn: {
          double* d = st[++top];
          const double* x = s.local.data() + k0 * stride + s.local_offset[in.index];
          for (std::size_t b = 0; b < nb; ++b) d[b] = x[b * stride];
          break;
        }
        case SOp::W: {
          double* d = st[++top];
          for (std::size_t b = 0; b < nb; ++b) d[b] = c.weights[k0 + b];
          break;
        }
        case SOp::PostSyn: {
          double* d = st[++top];
          const double* x = s.values[in.index].data();
          for (std::size_t b = 0; b < nb; ++b) d[b] = x[post_of[k0 + b]];
          break;
        }
        case SOp::Pre: {
          double* d = st[++top];
          const double* x = c.delayed && c.delayed[in.index] ? c.delayed[in.index] : c.pre->values[in.index].data();
          for (std::size_t b = 0; b < nb; ++b) d[b] = x[pre_of[k0 + b]];
          break;
        }
        case SOp::Post: {
          double* d = st[++top];
          const double* x = c.post->values[in.index].data();
          for (std::size_t b = 0; b < nb; ++b) d[b] = x[post_of[k0 + b]];
          break;
        }
        case SOp::PreSum: {
          double* d = st[++top];
          const double* x = c.pre->sums[in.index].data();
          for (std::size_t b = 0; b < nb; ++b) d[b] = x[pre_of[k0 + b]];
          break;
        }
        case SOp::PostSum: {
          double* d = st[++top];
          const double* x = c.post->sums[in.index].data();
          for (std::size_t b = 0; b < nb; ++b) d[b] = x[post_of[k0 + b]];
          break;
        }
        case SOp::TPre: {
          double* d = st[++top];
          for (std::size_t b = 0; b < nb; ++b)
            d[b] = c.pre->last_spike.empty() ? -10000.0 : c.pre->last_spike[pre_of[k0 + b]];
          break;
        }
        case SOp::TPost: {
          double* d = st[++top];
          for (std::size_t b = 0; b < nb; ++b) d[b] = c.post->last_spike[post_of[k0 + b]];
          break;
        }
        case SOp::RandU: {
          double* d = st[++top];
          for (std::size_t b = 0; b < nb; ++b) d[b] = s.rng.uniform01();
          break;
        }
        case SOp::RandN: {
          double* d = st[++top];
          for (std::size_t b = 0; b < nb; ++b) d[b] = s.rng.normal(0.0, 1.0);
          break;
        }
        case SOp::Neg: { double* d = st[top]; for (std::size_t b = 0; b < nb; ++b) d[b] = -d[b]; break; }
        case SOp::Not: { double* d = st[top]; for (std::size_t b = 0; b < nb; ++b) d[b] = d[b] == 0.0; break; }
        case SOp::Square: { double* d = st[top]; for (std::size_t b = 0; b < nb; ++b) d[b] = d[b] * d[b]; break; }
        case SOp::Func1: {
          double* d = st[top];
          const Func f = static_cast<Func>(in.fn);
          for (std::size_t b = 0; b < nb; ++b) d[b] = apply_func1(f, d[b]);
          break;
        }
        case SOp::Select: {
          const double* y = st[top--];
          const double* x = st[top--];
          double* d = st[top];
          for (std::size_t b = 0; b < nb; ++b) d[b] = d[b] != 0.0 ? x[b] : y[b];
          break;
        }
        case SOp::Clip: {
          const double* hi = st[top--];
          const double* lo = st[top--];
          double* d = st[top];
          for (std::size_t b = 0; b < nb; ++b) d[b] = d[b] < lo[b] ? lo[b] : (d[b] > hi[b] ? hi[b] : d[b]);
          break;
        }
        default: {
          const double* y = st[top--];
          double* d = st[top];
          switch (in.op) {
            case SOp::Add: for (std::size_t b = 0; b < nb; ++b) d[b] = d[b] + y[b]; break;
            case SOp::Sub: for (std::size_t b = 0; b < nb; ++b) d[b] = d[b] - y[b]; break;
            case SOp::Mul: for (std::size_t b = 0; b < nb; ++b) d[b] = d[b] * y[b]; break;
            case SOp::Div: for (std::size_t b = 0; b < nb; ++b) d[b] = d[b] / y[b]; break;
            case SOp::Pow: for (std::size_t b = 0; b < nb; ++b) d[b] = std::pow(d[b], y[b]); break;
            case SOp::Lt: for (std::size_t b = 0; b < nb; ++b) d[b] = d[b] < y[b]; break;
            case SOp::Le: for (std::size_t b = 0; b < nb; ++b) d[b] = d[b] <= y[b]; break;
            case SOp::Gt: for (std::size_t b = 0; b < nb; ++b) d[b] = d[b] > y[b]; break;
            case SOp::Ge: for (std::size_t b = 0; b < nb; ++b) d[b] = d[b] >= y[b]; break;
            case SOp::Eq: for (std::size_t b = 0; b < nb; ++b) d[b] = d[b] == y[b]; break;
            case SOp::Ne: for (std::size_t b = 0; b < nb; ++b) d[b] = d[b] != y[b]; break;
            case SOp::And: for (std::size_t b = 0; b < nb; ++b) d[b] = (d[b] != 0.0) && (y[b] != 0.0); break;
            case SOp::Or: for (std::size_t b = 0; b < nb; ++b) d[b] = (d[b] != 0.0) || (y[b] != 0.0); break;
            case SOp::Func2: {
              const Func f = static_cast<Func>(in.fn);
              for (std::size_t b = 0; b < nb; ++b) d[b] = apply_func2(f, d[b], y[b]);
              break;
            }
            default: break;
          }
        }
      }
    }
    std::copy(st[0], st[0] + nb, out);
  }

  // Writes v (op) into w or a per-synapse variable of the block, with clamps.
  void apply_block(const SStatement& st, int attribute, char op, SynapseState& s, std::size_t k0,
                   std::size_t nb, const SynapseContext& c, const double* v) const {
    const bool weight = attribute < 0;
    const std::size_t stride = s.local_stride;
    double* base = weight ? c.weights + k0 : s.local.data() + k0 * stride + s.local_offset[attribute];
    const std::size_t step = weight ? 1 : stride;
    for (std::size_t b = 0; b < nb; ++b) {
      double& x = base[b * step];
      switch (op) {
        case '+': x += v[b]; break;
        case '-': x -= v[b]; break;
        case '*': x *= v[b]; break;
        case '/': x /= v[b]; break;
        default: x = v[b];
      }
    }
    (void)st;
    if (weight) {
      if (w_clamp_) {
        for (std::size_t b = 0; b < nb; ++b) {
          double& x = base[b];
          if (w_has_min_ && x < w_min_) x = w_min_;
          if (w_has_max_ && x > w_max_) x = w_max_;
        }
      }
      return;
    }
    const auto& a = info_.attributes[attribute];
    if (a.type == "float" && !a.has_min && !a.has_max) return;
    for (std::size_t b = 0; b < nb; ++b) {
      double& x = base[b * step];
      if (a.type == "int") x = std::trunc(x);
      if (a.type == "bool") x = x != 0.0;
      if (a.has_min && x < a.min) x = a.min;
      if (a.has_max && x > a.max) x = a.max;
    }
  }

  void run_synapse_block(SynapseState& s, std::size_t k0, std::size_t nb, const int* pre_of,
                         const int* post_of, const SynapseContext& c) const {
    const StepGroup& g = groups_[kSynapse];
    for (const auto& seg : g.segments) {
      if (seg.ode) run_block_odes(g, seg.begin, seg.end, s, k0, nb, pre_of, post_of, c);
      else run_block_assignments(g, seg.begin, seg.end, s, k0, nb, pre_of, post_of, c);
    }
  }

  void run_block_assignments(const StepGroup& g, std::size_t from, std::size_t to, SynapseState& s,
                             std::size_t k0, std::size_t nb, const int* pre_of, const int* post_of,
                             const SynapseContext& c) const {
    double v[kBlock];
    for (std::size_t n = from; n < to; ++n) {
      const SStatement& st = g.assignments[n];
      if (st.target == SStatement::Weight && !c.weights_plastic) continue;  // learning off
      if (st.cache_slot >= 0) {
        // step-invariant value: evaluated once per step, as in run()
        const auto q = static_cast<std::size_t>(st.cache_slot);
        if (s.statement_cache_serial[q] != c.serial) {
          s.statement_cache[q] = eval(st.value, s, k0, pre_of[k0], post_of[k0], c);
          s.statement_cache_serial[q] = c.serial;
        }
        std::fill(v, v + nb, s.statement_cache[q]);
      } else {
        eval_block(st.value, s, k0, nb, pre_of, post_of, c, v);
      }
      apply_block(st, st.target == SStatement::Weight ? -1 : st.attribute, st.op, s, k0, nb, c, v);
    }
  }

  void run_block_odes(const StepGroup& g, std::size_t from, std::size_t to, SynapseState& s,
                      std::size_t k0, std::size_t nb, const int* pre_of, const int* post_of,
                      const SynapseContext& c) const {
    double v[kBlock];
    // ODEs as one block: increments from the old values, then applied.
    double inc[kBlockOdes][kBlock];
    const std::size_t stride = s.local_stride;
    for (std::size_t o = from; o < to; ++o) {
      const StepOde& ode = g.odes[o];
      double* io = inc[o - from];
      if (ode.exponential) {
        double A[kBlock], B[kBlock];
        eval_block(ode.A, s, k0, nb, pre_of, post_of, c, A);
        eval_block(ode.B, s, k0, nb, pre_of, post_of, c, B);
        for (std::size_t b = 0; b < nb; ++b) {
          const double x = ode.attribute < 0 ? c.weights[k0 + b]
                                             : s.local[(k0 + b) * stride + s.local_offset[ode.attribute]];
          io[b] = (1.0 - std::exp(c.dt * B[b])) * (-A[b] / B[b] - x) / c.dt;
        }
      } else {
        eval_block(ode.derivative, s, k0, nb, pre_of, post_of, c, io);
      }
    }
    for (std::size_t o = from; o < to; ++o) {
      if (g.odes[o].attribute < 0 && !c.weights_plastic) continue;  // learning off: w frozen
      for (std::size_t b = 0; b < nb; ++b) v[b] = c.dt * inc[o - from][b];
      apply_block(SStatement(), g.odes[o].attribute, '+', s, k0, nb, c, v);
    }
  }

  void run_group(const StepGroup& g, SynapseState& s, std::size_t k, int i, int j, const SynapseContext& c) const {
    for (const auto& seg : g.segments) {
      if (!seg.ode) {
        for (std::size_t q = seg.begin; q < seg.end; ++q) run(g.assignments[q], s, k, i, j, c);
        continue;
      }
      // ODEs as one block: increments from the old values, then applied.
      const std::size_t n = seg.end - seg.begin;
      double d[16];
      std::vector<double> more;
      double* inc = d;
      if (n > 16) { more.resize(n); inc = more.data(); }
      for (std::size_t o = 0; o < n; ++o) {
        const StepOde& ode = g.odes[seg.begin + o];
        if (ode.exponential) {
          // increment of x + (1 - exp(dt B)) (S - x), S = -A / B
          const double A = eval(ode.A, s, k, i, j, c);
          const double B = eval(ode.B, s, k, i, j, c);
          const double x = ode.attribute < 0 ? c.weights[k] : slot(s, ode.attribute, k, j);
          inc[o] = (1.0 - std::exp(c.dt * B)) * (-A / B - x) / c.dt;
        } else {
          inc[o] = eval(ode.derivative, s, k, i, j, c);
        }
      }
      for (std::size_t o = 0; o < n; ++o) {
        const int a = g.odes[seg.begin + o].attribute;
        if (a < 0) {
          if (!c.weights_plastic) continue;  // learning off: w frozen
          c.weights[k] += c.dt * inc[o];
          if (w_clamp_) clamp_weight(s, c.weights[k], k, j);
        } else {
          slot(s, a, k, j) += c.dt * inc[o];
          clamp(s, a, k, j);
        }
      }
    }
  }

  int n_cache_slots_ = 0;
  bool w_clamp_ = false, w_has_min_ = false, w_has_max_ = false;
  double w_min_ = 0.0, w_max_ = 0.0;
  int w_min_attr_ = -1, w_max_attr_ = -1;  // bounds of w that name a parameter
  bool bounds_name_parameters_ = false;  // then the block evaluator is not used
};

class SynapseCompiler {
 public:
  SynapseCompiler(const SynapseSource& src, const ModelInfo* pre, const ModelInfo* post)
      : src_(src), pre_(pre), post_(post), s_(std::make_shared<Synapse>()) {
    s_->info_.name = src.name.empty() ? "synapse" : src.name;
  }

  std::shared_ptr<Synapse> run() {
    read_functions();
    read_parameters();
    read_equations();
    const std::string op = trim(src_.operation);
    if (!op.empty()) {
      if (op != "sum" && op != "max" && op != "min" && op != "mean") {
        throw language_error({name(), "operation", 1, 0, op}, 1,
                             "operation must be \"sum\", \"max\", \"min\" or \"mean\", not \"" + op + "\"");
      }
      s_->operation_ = op;
    }
    if (!trim(src_.psp).empty()) {
      auto sts = split_section(src_.psp, name(), "psp", false);
      if (sts.size() != 1) throw language_error({name(), "psp", 1, 0, src_.psp}, 1, "psp must be one expression");
      s_->psp_ = lower(parse_expression(sts[0].text, sts[0].where), sts[0].where);
      s_->default_psp_ = false;
    } else if (pre_ && !pre_->spiking) {
      SourceLocation w{name(), "psp", 1, 0, "w * pre.r"};
      s_->psp_ = lower(parse_expression("w * pre.r", w), w);
    }
    std::string pre_spike = src_.pre_spike;
    if (trim(pre_spike).empty()) pre_spike = "g_target += w";
    read_events(pre_spike, "pre_spike", s_->pre_);
    // ANNarchy 4.7.3's generated code adds to g_target (to every target)
    // before the other pre_spike statements, wherever it is written:
    // `w += 1; g_target += w` transmits the w from before the spike.
    std::stable_partition(s_->pre_.begin(), s_->pre_.end(),
                          [](const SStatement& st) { return st.target == SStatement::Conductance; });
    read_events(src_.post_spike, "post_spike", s_->post_);
    bool plastic = s_->has_step_equations() || !s_->post_.empty();
    for (const auto& st : s_->pre_) plastic |= st.target != SStatement::Conductance;
    s_->info_.plastic = plastic;
    int transmissions = 0;
    bool simple = false, only_w = true;
    for (const auto& st : s_->pre_) {
      if (st.target != SStatement::Conductance) {
        only_w &= st.target == SStatement::Weight;
        continue;
      }
      ++transmissions;
      simple = st.op == '+' && st.value.size() == 1 && st.value[0].op == SOp::W;
    }
    // With w frozen, such a spike only adds w: event-driven variables would
    // still need their catch-up at every pre-synaptic event.
    s_->simple_transmission_ = transmissions == 1 && simple && only_w && s_->event_driven_.empty();
    assign_cache_slots();
    s_->blockable_ = blockable(s_->groups_[Synapse::kSynapse]) && !s_->bounds_name_parameters_;
    return s_;
  }

 private:
  const std::string& name() const { return s_->info_.name; }

  void read_functions() { functions_ = read_user_functions(src_.functions, name()); }

  int add(const SynapseAttribute& a) {
    s_->info_.attributes.push_back(a);
    return static_cast<int>(s_->info_.attributes.size()) - 1;
  }

  void read_parameters() {
    for (auto& st : split_section(src_.parameters, name(), "parameters", true)) {
      std::string op;
      const auto pos = find_assignment(st.text, op);
      if (pos == std::string::npos || op != "=") {
        throw language_error(st.where, 1, "a parameter is written 'name = value'");
      }
      SynapseAttribute a;
      a.name = trim(st.text.substr(0, pos));
      if (a.name == "w") {
        // ANNarchy accepts w among the parameters (its TsodyksMarkram
        // example writes `w = 0.0`): w stays the weight of each synapse,
        // set by the connector, and the value given here is not used.
        if (w_declared_) throw language_error(st.where, 1, "duplicate definition of 'w'");
        w_declared_ = true;
        continue;
      }
      if (s_->info_.attribute_index(a.name) >= 0) {
        throw language_error(st.where, 1, "duplicate definition of '" + a.name + "'");
      }
      double v;
      if (!parse_number(st.text.substr(pos + 1), v)) {
        throw language_error(st.where, static_cast<int>(pos) + 2, "the value of a parameter must be a number");
      }
      a.is_parameter = true;
      a.init = v;
      a.is_global = st.flags.population;
      a.is_postsynaptic = st.flags.postsynaptic;
      if (a.is_global && a.is_postsynaptic) {
        throw language_error(st.where, 1, "'" + a.name + "' cannot be both projection-wide and postsynaptic");
      }
      a.has_min = st.flags.has_min; a.min = st.flags.min;
      a.has_max = st.flags.has_max; a.max = st.flags.max;
      a.type = st.flags.type;
      add(a);
    }
  }

  // `: min = w_min`: the index of the parameter a bound names (ANNarchy's
  // examples bound weights so); other expressions are refused by name.
  int bound_parameter(const std::string& text, const Statement& st, const char* which) {
    const std::string name = trim(text);
    const int k = s_->info_.attribute_index(name);
    if (k < 0 || !s_->info_.attributes[k].is_parameter) {
      throw language_error(st.where, column_of_text(st, name),
                           std::string("the ") + which + " bound must be a number or the name of a parameter of "
                           "this synapse (found '" + name + "')");
    }
    s_->bounds_name_parameters_ = true;
    return k;
  }

  // The column of the flag list (where a bad bound or init is written).
  static int column_of_text(const Statement& st, const std::string&) {
    return st.where.column_offset + st.flags.expr_column + 1;
  }

  int variable(const std::string& var, const Statement& st, bool ode) {
    if (!st.flags.init_expr.empty()) {
      throw language_error(st.where, column_of_text(st, st.flags.init_expr),
                           "init takes a number in a synapse (found '" + st.flags.init_expr + "')");
    }
    if (var == "w") {
      if (st.flags.has_min) { s_->w_clamp_ = s_->w_has_min_ = true; s_->w_min_ = st.flags.min; s_->w_min_attr_ = -1; }
      if (st.flags.has_max) { s_->w_clamp_ = s_->w_has_max_ = true; s_->w_max_ = st.flags.max; s_->w_max_attr_ = -1; }
      if (!st.flags.min_expr.empty()) {
        s_->w_clamp_ = s_->w_has_min_ = true;
        s_->w_min_attr_ = bound_parameter(st.flags.min_expr, st, "min");
      }
      if (!st.flags.max_expr.empty()) {
        s_->w_clamp_ = s_->w_has_max_ = true;
        s_->w_max_attr_ = bound_parameter(st.flags.max_expr, st, "max");
      }
      return -1;
    }
    int k = s_->info_.attribute_index(var);
    if (k >= 0 && s_->info_.attributes[k].is_parameter) {
      throw language_error(st.where, 1, "cannot assign to parameter '" + var + "'");
    }
    if (k < 0) {
      SynapseAttribute a;
      a.name = var;
      k = add(a);
    }
    auto& a = s_->info_.attributes[k];
    if (st.flags.has_init) a.init = st.flags.init;
    if (st.flags.has_min) { a.has_min = true; a.min = st.flags.min; a.min_attr = -1; }
    if (st.flags.has_max) { a.has_max = true; a.max = st.flags.max; a.max_attr = -1; }
    if (!st.flags.min_expr.empty()) {
      const int b = bound_parameter(st.flags.min_expr, st, "min");
      auto& at = s_->info_.attributes[k];
      at.has_min = true; at.min_attr = b;
    }
    if (!st.flags.max_expr.empty()) {
      const int b = bound_parameter(st.flags.max_expr, st, "max");
      auto& at = s_->info_.attributes[k];
      at.has_max = true; at.max_attr = b;
    }
    if (st.flags.population) a.is_global = true;
    if (st.flags.postsynaptic) a.is_postsynaptic = true;
    if (a.is_global && a.is_postsynaptic) {
      throw language_error(st.where, 1, "'" + var + "' cannot be both projection-wide and postsynaptic");
    }
    if (st.flags.type != "float") a.type = st.flags.type;
    if (ode) {
      a.is_ode = true;
      a.event_driven = st.flags.method == "event-driven";
      if (a.event_driven && (a.is_global || a.is_postsynaptic)) {
        throw language_error(st.where, 1, "event-driven integration is for synaptic variables; '" + var +
                                              "' is " + (a.is_global ? "projection-wide" : "postsynaptic"));
      }
    }
    return k;
  }

  void read_equations() {
    struct Pending { Statement st; bool ode; int attribute; ExprPtr num, den, value; std::string var; };
    std::vector<Pending> items;
    for (auto& st : split_section(src_.equations, name(), "equations", true, true)) {
      std::string op;
      const auto pos = find_assignment(st.text, op);
      if (pos == std::string::npos) throw language_error(st.where, 1, "expected an equation");
      std::string lhs = st.text.substr(0, pos);
      SourceLocation wr = st.where;
      wr.column_offset += static_cast<int>(pos + op.size());
      std::string rhs_text = st.text.substr(pos + op.size());
      Pending p{st, false, -1, nullptr, nullptr, nullptr, ""};
      std::size_t dpos, dlen;
      std::string dvar;
      const bool is_ode = find_time_derivative(lhs, dpos, dlen, dvar);
      if (is_ode) rhs_text = replace_time_derivatives(rhs_text, dvar, wr);
      ExprPtr rhs = parse_expression(rhs_text, wr);
      if (is_ode) {
        p.var = dvar;
        lhs = replace_time_derivatives(lhs, dvar, st.where);
        ExprPtr l = parse_expression(lhs, st.where);
        ExprPtr cl, rl, cr, rr;
        try {
          linearize(l, "__ddt__", cl, rl);
          linearize(rhs, "__ddt__", cr, rr);
        } catch (NonLinear&) {
          throw language_error(st.where, 1, "the ODE of '" + p.var + "' must be linear in d" + p.var + "/dt");
        }
        p.ode = true;
        p.num = zero_if_null(s_sub(rr, rl));
        p.den = s_sub(cl, cr);
        p.attribute = variable(p.var, st, true);
      } else {
        p.var = trim(lhs);
        p.value = op == "=" ? rhs : make_binary(std::string(1, op[0]), make_name(p.var), rhs);
        p.attribute = variable(p.var, st, false);
      }
      items.push_back(p);
    }
    for (auto& p : items) {
      if (p.ode) {
        ExprPtr f = zero_if_null(s_div(p.num, p.den));
        if (p.attribute >= 0 && s_->info_.attributes[p.attribute].event_driven) {
          ExprPtr c, r;
          try {
            linearize(p.num, p.var, c, r);
            if (contains_name(p.den, p.var)) throw NonLinear();
          } catch (NonLinear&) {
            throw language_error(p.st.where, 1, "an event-driven ODE must be linear in '" + p.var + "'");
          }
          EventDriven e;
          e.attribute = p.attribute;
          e.A = lower(zero_if_null(s_div(r, p.den)), p.st.where);
          e.B = lower(zero_if_null(s_div(c, p.den)), p.st.where);
          check_no_synapse_vars(e.A, p.st.where);
          check_no_synapse_vars(e.B, p.st.where);
          // Cacheable when A and B read only parameters, constants, t and dt.
          auto variable_globals = [&](const SProgram& prog) {
            for (const auto& in : prog) {
              if (in.op == SOp::Glob && !s_->info_.attributes[in.index].is_parameter) return true;
              if (in.op == SOp::Syn) return true;  // a per-synapse parameter
            }
            return false;
          };
          e.per_step = !reads_neurons(e.A) && !reads_neurons(e.B) && !variable_globals(e.A) &&
                       !variable_globals(e.B);
          s_->event_driven_.push_back(e);
        } else if (p.st.flags.method == "exponential") {
          ExprPtr c, r;
          try {
            linearize(p.num, p.var, c, r);
            if (contains_name(p.den, p.var) || !c) throw NonLinear();
          } catch (NonLinear&) {
            throw language_error(p.st.where, 1, "the exponential method needs an ODE linear in '" + p.var + "'");
          }
          StepOde ode;
          ode.attribute = p.attribute;
          ode.exponential = true;
          ode.A = lower(zero_if_null(s_div(r, p.den)), p.st.where);
          ode.B = lower(zero_if_null(s_div(c, p.den)), p.st.where);
          check_locality(ode.A, p.attribute, p.st.where);
          check_locality(ode.B, p.attribute, p.st.where);
          s_->groups_[locality(p.attribute)].add(ode);
        } else {
          StepOde ode;
          ode.attribute = p.attribute;
          ode.derivative = lower(zero_if_null(f), p.st.where);
          check_locality(ode.derivative, p.attribute, p.st.where);
          s_->groups_[locality(p.attribute)].add(ode);
        }
      } else {
        SStatement st;
        st.target = p.attribute < 0 ? SStatement::Weight : SStatement::Variable;
        st.attribute = p.attribute;
        st.value = lower(p.value, p.st.where);
        check_locality(st.value, p.attribute, p.st.where);
        s_->groups_[locality(p.attribute)].add(st);
      }
    }
  }

  // Statements whose value is the same for every synapse within a step
  // (x += A_plus * w_max) are evaluated once per step.
  bool step_invariant(const SProgram& p) const {
    if (p.size() < 2) return false;  // one load: nothing to save
    for (const auto& in : p) {
      switch (in.op) {
        case SOp::Glob:
          if (!s_->info_.attributes[in.index].is_parameter) return false;
          break;
        case SOp::Syn: case SOp::PostSyn: case SOp::W: case SOp::Pre: case SOp::PreGlob: case SOp::Reduce:
        case SOp::Post: case SOp::PostGlob: case SOp::TPre: case SOp::TPost:
        case SOp::RandU: case SOp::RandN: case SOp::PreSum: case SOp::PostSum:
          return false;
        default: break;
      }
    }
    return true;
  }

  // Deepest stack a postfix program needs.
  static int stack_depth(const SProgram& p) {
    int depth = 0, deepest = 0;
    for (const auto& in : p) {
      switch (in.op) {
        case SOp::Neg: case SOp::Not: case SOp::Square: case SOp::Func1: break;
        case SOp::Select: case SOp::Clip: depth -= 2; break;
        case SOp::Const: case SOp::Syn: case SOp::Glob: case SOp::PostSyn: case SOp::W: case SOp::Pre:
        case SOp::PreGlob: case SOp::Post: case SOp::PostGlob: case SOp::T: case SOp::Dt: case SOp::TPre:
        case SOp::Reduce: case SOp::PreSum: case SOp::PostSum: case SOp::Cst:
        case SOp::TPost: case SOp::RandU: case SOp::RandN:
          deepest = std::max(deepest, ++depth);
          break;
        default: --depth; break;  // binary operators
      }
    }
    return deepest;
  }

  // Whether the per-synapse step equations fit the block evaluator's limits.
  static bool blockable(const Synapse::StepGroup& g) {
    if (g.empty() || g.odes.size() > Synapse::kBlockOdes) return false;
    auto fits = [](const SProgram& p) { return stack_depth(p) <= Synapse::kBlockStack; };
    for (const auto& st : g.assignments) if (!fits(st.value)) return false;
    for (const auto& o : g.odes) {
      if (!(o.exponential ? fits(o.A) && fits(o.B) : fits(o.derivative))) return false;
    }
    return true;
  }

  void assign_cache_slots() {
    auto mark = [&](std::vector<SStatement>& sts) {
      for (auto& st : sts) {
        if (step_invariant(st.value)) st.cache_slot = s_->n_cache_slots_++;
      }
    };
    mark(s_->pre_);
    mark(s_->post_);
    for (auto& g : s_->groups_) mark(g.assignments);
  }

  // Which group of step equations updates attribute a (-1: w).
  Synapse::Locality locality(int a) const {
    if (a < 0) return Synapse::kSynapse;
    const auto& at = s_->info_.attributes[a];
    return at.is_global ? Synapse::kProjection : (at.is_postsynaptic ? Synapse::kPostsynaptic : Synapse::kSynapse);
  }

  // A projection-wide variable has one value and a postsynaptic one a value
  // per post neuron: their equations cannot read what differs between the
  // synapses they stand for.
  void check_locality(const SProgram& p, int a, const SourceLocation& w) {
    const Synapse::Locality loc = locality(a);
    if (loc == Synapse::kSynapse) return;
    const auto& attrs = s_->info_.attributes;
    for (const auto& in : p) {
      std::string bad;
      switch (in.op) {
        case SOp::Syn: bad = "the synaptic variable '" + attrs[in.index].name + "'"; break;
        case SOp::W: bad = "w"; break;
        case SOp::Pre: bad = "pre." + pre_->attributes[in.index].name; break;
        case SOp::PreSum: bad = "pre.sum(" + pre_->targets[in.index] + ")"; break;
        case SOp::TPre: bad = "t_pre"; break;
        case SOp::PostSyn:
          if (loc == Synapse::kProjection) bad = "the postsynaptic variable '" + attrs[in.index].name + "'";
          break;
        case SOp::Post:
          if (loc == Synapse::kProjection) bad = "post." + post_->attributes[in.index].name;
          break;
        case SOp::PostSum:
          if (loc == Synapse::kProjection) bad = "post.sum(" + post_->targets[in.index] + ")";
          break;
        case SOp::TPost:
          if (loc == Synapse::kProjection) bad = "t_post";
          break;
        default: break;
      }
      if (!bad.empty()) {
        throw language_error(w, 1, "'" + attrs[a].name + "' is " +
                                       (loc == Synapse::kProjection
                                            ? "projection-wide (one value)"
                                            : "postsynaptic (one value per post-synaptic neuron)") +
                                       ": its equation cannot use " + bad);
      }
    }
  }

  // The coefficients of an event-driven ODE stay constant between events:
  // they may read parameters (per-synapse ones too, as ANNarchy's
  // TsodyksMarkram example does with tau_rec and U), not variables or w.
  void check_no_synapse_vars(const SProgram& p, const SourceLocation& w) {
    for (const auto& in : p) {
      if ((in.op == SOp::Syn && !s_->info_.attributes[in.index].is_parameter) || in.op == SOp::W) {
        throw language_error(w, 1, "an event-driven ODE must have constant coefficients "
                                   "(write it as tau * dx/dt = S - x with parameters tau and S)");
      }
    }
  }

  void read_events(const std::string& text, const std::string& section, std::vector<SStatement>& out) {
    for (auto& st : split_section(text, name(), section, true, true)) {
      std::string op;
      const auto pos = find_assignment(st.text, op);
      if (pos == std::string::npos) throw language_error(st.where, 1, "expected an assignment 'x = ...'");
      const std::string var = trim(st.text.substr(0, pos));
      SourceLocation wr = st.where;
      wr.column_offset += static_cast<int>(pos + op.size());
      SStatement s;
      s.op = op == "=" ? '=' : op[0];
      s.value = lower(parse_expression(st.text.substr(pos + op.size()), wr), wr);
      if (var == "g_target") {
        if (section != "pre_spike") {
          throw language_error(st.where, 1, "g_target can only be increased in pre_spike");
        }
        s.target = SStatement::Conductance;
      } else if (var == "w") {
        s.target = SStatement::Weight;
        variable("w", st, false);
      } else {
        const int k = s_->info_.attribute_index(var);
        if (k < 0) throw language_error(st.where, st.where.column_offset + 1, "unknown variable '" + var + "'");
        if (s_->info_.attributes[k].is_parameter) {
          throw language_error(st.where, st.where.column_offset + 1, "cannot assign to parameter '" + var + "'");
        }
        const auto& a = s_->info_.attributes[k];
        if (a.is_global || a.is_postsynaptic) {
          throw language_error(st.where, st.where.column_offset + 1,
                               "'" + var + "' is " + (a.is_global ? "projection-wide" : "postsynaptic") +
                                   ": " + section + " would change it once per synapse; make it a "
                                   "synaptic variable");
        }
        s.target = SStatement::Variable;
        s.attribute = k;
      }
      out.push_back(s);
    }
  }

  // Postfix code of an expression; names resolved against the synapse,
  // the pre- and post-synaptic models.
  SProgram lower(const ExprPtr& e, const SourceLocation& w) {
    SProgram p;
    emit(e, w, p, 0);
    // The evaluator runs on a fixed stack (Synapse::kStack doubles).
    const int need = stack_depth(p);
    if (need > Synapse::kStack) {
      throw language_error(w, e->column, "the expression needs " + std::to_string(need) +
                                             " evaluation slots; a synapse allows " +
                                             std::to_string(Synapse::kStack) +
                                             " (split it into several variables)");
    }
    return p;
  }

  void emit_name(const ExprPtr& e, const SourceLocation& w, SProgram& p) {
    const std::string& n = e->name;
    SInstr in;
    if (n == "t") { in.op = SOp::T; p.push_back(in); return; }
    if (n == "dt") { in.op = SOp::Dt; p.push_back(in); return; }
    if (n == "t_pre") { in.op = SOp::TPre; p.push_back(in); return; }
    if (n == "t_post") { in.op = SOp::TPost; p.push_back(in); return; }
    if (n == "pi") { in.op = SOp::Const; in.value = M_PI; p.push_back(in); return; }
    if (n == "w") { in.op = SOp::W; p.push_back(in); return; }
    const int k = s_->info_.attribute_index(n);
    if (k >= 0) {
      const auto& a = s_->info_.attributes[k];
      in.op = a.is_global ? SOp::Glob : (a.is_postsynaptic ? SOp::PostSyn : SOp::Syn);
      in.index = k;
      p.push_back(in);
      return;
    }
    // A global constant of the network (an attribute of the same name hides it).
    for (std::size_t ci = 0; ci < src_.constants.size(); ++ci) {
      if (src_.constants[ci] == n) {
        in.op = SOp::Cst;
        in.index = static_cast<int>(ci);
        p.push_back(in);
        return;
      }
    }
    for (int side = 0; side < 2; ++side) {
      const std::string prefix = side == 0 ? "pre." : "post.";
      if (n.compare(0, prefix.size(), prefix) != 0) continue;
      const std::string attr = n.substr(prefix.size());
      const ModelInfo* m = side == 0 ? pre_ : post_;
      if (!m) {  // checked later, when the synapse is attached to populations
        in.op = SOp::Const;
        p.push_back(in);
        return;
      }
      const int a = m->attribute_index(attr);
      if (a < 0) {
        throw language_error(w, e->column, "the " + std::string(side == 0 ? "pre" : "post") +
                                               "-synaptic model '" + m->name + "' has no attribute '" +
                                               attr + "'");
      }
      const bool global = m->attributes[a].is_global;
      in.op = side == 0 ? (global ? SOp::PreGlob : SOp::Pre) : (global ? SOp::PostGlob : SOp::Post);
      in.index = a;
      p.push_back(in);
      return;
    }
    throw language_error(w, e->column, "unknown variable '" + n + "'");
  }

  // pre.sum(target) / post.sum(target): the weighted sum a rate-coded pre-
  // or post-synaptic neuron receives in this step (the sum(target) its model
  // reads, computed at the start of the step).
  void emit_sum(const ExprPtr& e, const SourceLocation& w, SProgram& p) {
    const bool pre_side = e->name == "pre.sum";
    const char* side = pre_side ? "pre" : "post";
    if (e->args.size() != 1 || e->args[0]->kind != Expr::Name) {
      throw language_error(w, e->column, e->name + "() takes the name of a target, e.g. " + e->name + "(exc)");
    }
    const std::string& target = e->args[0]->name;
    SInstr in;
    const ModelInfo* m = pre_side ? pre_ : post_;
    if (!m) {  // checked when the synapse is attached to populations
      in.op = SOp::Const;
      p.push_back(in);
      return;
    }
    if (m->spiking) {
      throw language_error(w, e->column, e->name + "(" + target + "): the " + side + "-synaptic model '" +
                                             m->name + "' is spiking; sum(target) is for rate-coded models");
    }
    auto it = std::find(m->targets.begin(), m->targets.end(), target);
    if (it == m->targets.end()) {
      throw language_error(w, e->column, e->name + "(" + target + "): the " + side + "-synaptic model '" +
                                             m->name + "' does not read sum(" + target + ")");
    }
    in.op = pre_side ? SOp::PreSum : SOp::PostSum;
    in.index = static_cast<int>(it - m->targets.begin());
    p.push_back(in);
  }

  void emit(const ExprPtr& e, const SourceLocation& w, SProgram& p, int depth) {
    const auto level = inlining_.enter(w, e->column, depth);
    SInstr in;
    switch (e->kind) {
      case Expr::Number:
        in.op = SOp::Const;
        in.value = e->value;
        p.push_back(in);
        return;
      case Expr::Name:
        emit_name(e, w, p);
        return;
      case Expr::Unary:
        emit(e->args[0], w, p, depth);
        in.op = e->name == "-" ? SOp::Neg : SOp::Not;
        p.push_back(in);
        return;
      case Expr::Binary: {
        emit(e->args[0], w, p, depth);
        if (e->name == "^" && e->args[1]->kind == Expr::Number && e->args[1]->value == 2.0) {
          in.op = SOp::Square;  // x^2 as x * x (std::pow is far slower)
          p.push_back(in);
          return;
        }
        emit(e->args[1], w, p, depth);
        static const std::map<std::string, SOp> ops = {
            {"+", SOp::Add}, {"-", SOp::Sub}, {"*", SOp::Mul}, {"/", SOp::Div}, {"^", SOp::Pow},
            {"<", SOp::Lt},  {"<=", SOp::Le}, {">", SOp::Gt},  {">=", SOp::Ge}, {"==", SOp::Eq},
            {"!=", SOp::Ne}, {"and", SOp::And}, {"or", SOp::Or}};
        in.op = ops.at(e->name);
        p.push_back(in);
        return;
      }
      case Expr::If:
        for (auto& a : e->args) emit(a, w, p, depth);
        in.op = SOp::Select;
        p.push_back(in);
        return;
      case Expr::Call: {
        auto uf = functions_.find(e->name);
        if (uf != functions_.end()) {
          if (uf->second.params.size() != e->args.size()) {
            throw language_error(w, e->column, e->name + "() takes " + std::to_string(uf->second.params.size()) +
                                                   " arguments");
          }
          std::map<std::string, ExprPtr> by;
          for (std::size_t i = 0; i < e->args.size(); ++i) by[uf->second.params[i]] = e->args[i];
          emit(substitute(uf->second.body, by), w, p, depth + 1);
          return;
        }
        if (e->name == "pre.sum" || e->name == "post.sum") {
          emit_sum(e, w, p);
          return;
        }
        static const std::map<std::string, int> reduction_kinds = {
            {"mean", 0}, {"max", 1}, {"min", 2}, {"norm1", 3}, {"norm2", 4}};
        auto rk = reduction_kinds.find(e->name);
        if (rk != reduction_kinds.end() && e->args.size() == 1) {  // max(a, b) is the function
          const ExprPtr& a = e->args.size() == 1 ? e->args[0] : nullptr;
          const bool pre_side = a && a->kind == Expr::Name && a->name.compare(0, 4, "pre.") == 0;
          const bool post_side = a && a->kind == Expr::Name && a->name.compare(0, 5, "post.") == 0;
          if (!pre_side && !post_side) {
            throw language_error(w, e->column, e->name + "() in a synapse takes one pre- or post-synaptic "
                                               "attribute, such as " + e->name + "(pre.r)");
          }
          const ModelInfo* m = pre_side ? pre_ : post_;
          in.op = SOp::Reduce;
          if (!m) {  // checked when the synapse is attached to populations
            in.op = SOp::Const;
            p.push_back(in);
            return;
          }
          const std::string attr = a->name.substr(pre_side ? 4 : 5);
          const int ai = m->attribute_index(attr);
          if (ai < 0) {
            throw language_error(w, a->column, "the " + std::string(pre_side ? "pre" : "post") +
                                                   "-synaptic model '" + m->name + "' has no attribute '" +
                                                   attr + "'");
          }
          Synapse::ReductionSpec r;
          r.post = post_side;
          r.attribute = ai;
          r.kind = rk->second;
          int q = -1;
          for (std::size_t x = 0; x < s_->reductions_.size(); ++x) {
            const auto& o = s_->reductions_[x];
            if (o.post == r.post && o.attribute == r.attribute && o.kind == r.kind) q = static_cast<int>(x);
          }
          if (q < 0) {
            s_->reductions_.push_back(r);
            q = static_cast<int>(s_->reductions_.size()) - 1;
          }
          in.index = q;
          p.push_back(in);
          return;
        }
        if (e->name == "Uniform" || e->name == "Normal") {
          if (e->args.size() != 2) throw language_error(w, e->column, e->name + "() takes 2 arguments");
          // a + (b - a) * U  or  mu + sigma * N
          emit(e->args[0], w, p, depth);
          if (e->name == "Uniform") {
            emit(e->args[1], w, p, depth);
            emit(e->args[0], w, p, depth);
            p.push_back({SOp::Sub, 0, 0, 0.0});
            p.push_back({SOp::RandU, 0, 0, 0.0});
          } else {
            emit(e->args[1], w, p, depth);
            p.push_back({SOp::RandN, 0, 0, 0.0});
          }
          p.push_back({SOp::Mul, 0, 0, 0.0});
          p.push_back({SOp::Add, 0, 0, 0.0});
          return;
        }
        auto mf = math_functions().find(e->name);
        if (mf == math_functions().end()) {
          throw language_error(w, e->column, "unknown function '" + e->name + "()'");
        }
        if (static_cast<int>(e->args.size()) != mf->second.arity) {
          throw language_error(w, e->column, e->name + "() takes " + std::to_string(mf->second.arity) +
                                                 " argument" + (mf->second.arity == 1 ? "" : "s"));
        }
        for (auto& a : e->args) emit(a, w, p, depth);
        if (e->name == "ite") in.op = SOp::Select;
        else if (e->name == "clip") in.op = SOp::Clip;
        else if (mf->second.arity == 1) { in.op = SOp::Func1; in.fn = static_cast<uint8_t>(mf->second.func); }
        else { in.op = SOp::Func2; in.fn = static_cast<uint8_t>(mf->second.func); }
        p.push_back(in);
        return;
      }
    }
  }

  bool w_declared_ = false;
  const SynapseSource& src_;
  const ModelInfo* pre_;
  const ModelInfo* post_;
  std::shared_ptr<Synapse> s_;
  std::map<std::string, UserFunction> functions_;
  InliningGuard inlining_;  // bounds emit()'s expansion of user functions
};

}  // namespace

std::shared_ptr<const CompiledSynapse> CompiledSynapse::compile(const SynapseSource& source,
                                                                const ModelInfo* pre_info,
                                                                const ModelInfo* post_info) {
  SynapseCompiler c(source, pre_info, post_info);
  return c.run();
}

}  // namespace annr
