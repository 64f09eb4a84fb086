// Neuron models: the equation language, compiled once.
//
// A model is given as strings (parameters, equations, spike, reset, ...) in
// the ANNarchy equation language. compile() parses them into expression trees,
// checks them (unknown names, syntax, assignments to parameters, ...) and
// lowers them to a vectorised bytecode that runs over contiguous per-neuron
// arrays in fixed-size chunks. Built-in models (Izhikevich, IF_cond_exp, ...)
// are written in the same language by the R layer; nothing is hand-coded twice.
//
// The engine (population.cpp) owns one NeuronState per population and calls
// CompiledModel::step() once per simulation step.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "annr/errors.hpp"
#include "annr/random.hpp"

namespace annr {

// The strings of a Neuron(...) definition, as the user wrote them.
struct ModelSource {
  std::string name;        // used in error messages
  std::string parameters;  // "a = 0.02 : population\n b = 0.2"
  std::string equations;   // "dv/dt = ...\n du/dt = ..."
  std::string spike;       // condition; empty for rate-coded models
  std::string reset;       // assignments run for neurons that spiked
  std::string refractory;  // "" (none), a number of ms, or an attribute name
  std::string functions;   // user functions "f(x, y) = x + y", one per line
  // Names of the network's global constants (Constant() in R), in the order
  // of StepContext::constants. An attribute of the model with the same name
  // hides the constant (as in ANNarchy).
  std::vector<std::string> constants;
};

// One parameter or variable of a model.
struct AttributeInfo {
  std::string name;
  bool is_parameter = false;   // declared in `parameters`
  bool is_global = false;      // flag `population`: one value per population
  std::string type = "float";  // "float", "int" or "bool"
  double init = 0.0;           // value of a parameter, init= of a variable
  bool has_min = false, has_max = false;
  double min = 0.0, max = 0.0;
  bool is_ode = false;         // defined by an ODE dx/dt = ...
  std::string method;          // integration method of an ODE ("explicit", ...)
  // A conductance g_<target>: receives the weights of incoming spikes. When
  // the model does not define it by an ODE it is set back to 0 after every
  // step of a non-refractory neuron (one-step pulse; while refractory it
  // keeps what arrives, as in ANNarchy); an ODE one keeps being integrated
  // while refractory.
  bool is_conductance = false;
};

struct ModelInfo {
  std::string name;
  bool spiking = false;                 // a spike condition was given
  std::vector<AttributeInfo> attributes;  // parameters, then variables, in
                                          // declaration order; implicit
                                          // g_<target> (spiking) and r
                                          // (rate-coded) included
  std::vector<std::string> targets;     // spiking: t of every g_<t> used;
                                        // rate-coded: t of every sum(t) used
  // Index of an attribute in `attributes`, or -1.
  int attribute_index(const std::string& name) const;
};

// Chunk length of the vectorised bytecode. Local arrays are allocated with a
// length that is a multiple of kChunk (padding past `size` is never read back).
constexpr std::size_t kChunk = 128;
std::size_t padded_size(std::size_t size);

// The state of one population, owned by the engine and updated by the model.
struct NeuronState {
  std::size_t size = 0;  // number of neurons
  // One array per attribute in ModelInfo order: padded_size(size) doubles for
  // local attributes, exactly 1 for global (`population`) ones.
  std::vector<std::vector<double>> values;
  // Rate-coded inputs: one array per ModelInfo::targets entry, padded_size
  // long, written by the projections before step() (what sum(t) reads).
  std::vector<std::vector<double>> sums;
  std::vector<double> last_spike;         // t_last, ms; -10000 before any spike
                                          // (padded_size long)
  std::vector<int> refractory_remaining;  // steps left, 0 when not refractory
                                          // (padded_size long)
  std::vector<int> spiked;  // ranks that spiked during the last step(), ascending
  Rng rng;                  // this population's stream for Uniform(), Normal()...
  // Work space of the compiled model (scalar slots, vector registers): kept
  // in the state, not the model, so one model can run on several threads.
  std::vector<double> scalars;
  std::vector<double> registers;
};

// The time of the step being computed.
struct StepContext {
  long step = 0;    // index of this step (0 for the first)
  double t = 0.0;   // step * dt, in ms: what `t` means in equations
  double dt = 1.0;  // ms
  // Values of the network's global constants (ModelSource::constants order);
  // read at the start of every step, so a change applies from the next step.
  const double* constants = nullptr;
};

// A compiled boolean expression over a model's attributes.
class CompiledCondition {
 public:
  virtual ~CompiledCondition() = default;
  // True if the condition holds for any neuron (any = true) or for all of
  // them (any = false).
  virtual bool evaluate(NeuronState& state, const StepContext& ctx,
                        bool any) const = 0;
};

class CompiledModel {
 public:
  // Parses, checks and lowers a model. Throws ModelError (line, column,
  // message naming the model and the problem).
  static std::shared_ptr<const CompiledModel> compile(const ModelSource& source);

  virtual ~CompiledModel() = default;
  virtual const ModelInfo& info() const = 0;

  // A state of `size` neurons with every attribute at its default value,
  // no spike, nothing refractory.
  virtual NeuronState make_state(std::size_t size) const = 0;

  // One neuron update of the step, in this order: draw the random numbers
  // used in the equations, integrate the equations (refractory neurons only
  // integrate their conductances; their counter is decremented), test the
  // spike condition on non-refractory neurons, apply the reset, start the
  // refractory period, record t_last, fill state.spiked, and set pulse
  // conductances (not defined by an ODE) back to 0.
  virtual void step(NeuronState& state, const StepContext& ctx) const = 0;

  // A boolean expression over the model's attributes (the stop condition of
  // simulate_until, "v > 0"), checked like an equation (throws ModelError).
  virtual std::unique_ptr<CompiledCondition> compile_condition(
      const std::string& expression) const = 0;
};

// Parses and checks without keeping the compiled form: what the R layer calls
// when a Neuron() is defined, to report mistakes early and learn the
// attribute names. Throws ModelError.
ModelInfo analyse_model(const ModelSource& source);

// Evaluates user function `name` of a `functions` section ("f(x, y) = ...",
// one per line) on vectors of arguments (each of length 1 or n; result of
// length n). It runs through the same compiler and bytecode as equations, so
// the numbers are those a model computes. Throws Error / ModelError.
std::vector<double> evaluate_function(const std::string& functions, const std::string& name,
                                      const std::vector<std::vector<double>>& args);

}  // namespace annr
