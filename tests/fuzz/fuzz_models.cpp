// libFuzzer harness over the entry points that parse, compile and run neuron
// and synapse models (what Neuron(), Synapse() and compile() reach in R).
//
// Input: the sections of one neuron and one synapse model, separated by the
// byte '`' (never part of the equation language), in this order:
//   0 neuron parameters    1 neuron equations   2 neuron spike
//   3 neuron reset         4 neuron functions   5 neuron refractory
//   6 synapse parameters   7 synapse equations  8 synapse psp
//   9 synapse pre_spike   10 synapse post_spike 11 synapse functions
//  12 synapse operation
// Missing sections are empty (an empty synapse is the static one).
//
// The neuron is analysed (as Neuron() does), the synapse compiled without
// populations (as Synapse() does); when both are accepted, two tiny networks
// are built and simulated a few steps: the neuron onto itself through the
// synapse, and (spiking models) a spike source onto it through the synapse,
// so that pre-synaptic events happen whatever the model does.
//
// annr::Error (and ModelError) is the expected answer to a bad model. Any
// other exception is a finding: the harness aborts, and libFuzzer saves the
// input. Crashes, sanitizer reports and timeouts are findings by themselves.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <vector>

#include "annr/model.hpp"
#include "annr/network.hpp"
#include "annr/network_spec.hpp"
#include "annr/synapse.hpp"

namespace {

constexpr char kSeparator = '`';
constexpr int kSections = 13;

std::vector<std::string> split(const uint8_t* data, size_t size) {
  std::vector<std::string> s(kSections);
  int i = 0;
  for (size_t k = 0; k < size; ++k) {
    const char c = static_cast<char>(data[k]);
    if (c == kSeparator) {
      if (++i == kSections) break;  // what follows the last section is ignored
    } else {
      s[i].push_back(c);
    }
  }
  return s;
}

annr::PopulationSpec neuron_population(int id, int size, const annr::ModelSource& model) {
  annr::PopulationSpec p;
  p.id = id;
  p.name = "pop" + std::to_string(id);
  p.geometry = {size};
  p.model = model;
  return p;
}

// Builds the network and simulates it a few steps; annr::Error is expected.
void run(const annr::NetworkSpec& spec) {
  try {
    annr::Network net(spec);
    net.simulate(4);
    net.monitor_data(1, false);
    if (!spec.projections.empty()) net.synapses(1);
    net.reset(true, true, true);
    net.step();
  } catch (const annr::Error&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::vector<std::string> s = split(data, size);
  annr::ModelSource neuron;
  neuron.name = "fuzz_neuron";
  neuron.parameters = s[0];
  neuron.equations = s[1];
  neuron.spike = s[2];
  neuron.reset = s[3];
  neuron.functions = s[4];
  neuron.refractory = s[5];
  annr::SynapseSource synapse;
  synapse.name = "fuzz_synapse";
  synapse.parameters = s[6];
  synapse.equations = s[7];
  synapse.psp = s[8];
  synapse.pre_spike = s[9];
  synapse.post_spike = s[10];
  synapse.functions = s[11];
  synapse.operation = s[12];
  try {
    const annr::ModelInfo info = annr::analyse_model(neuron);
    if (!synapse.empty()) annr::CompiledSynapse::compile(synapse, nullptr, nullptr);

    // the target the synapse sends to: one the neuron reads, else a new one
    const std::string target = info.targets.empty() ? "exc" : info.targets[0];
    std::vector<std::string> monitored;
    for (const auto& a : info.attributes) monitored.push_back(a.name);
    if (info.spiking) monitored.push_back("spike");

    annr::NetworkSpec spec;
    spec.dt = 0.5;
    spec.seed = 7;
    spec.populations = {neuron_population(1, 3, neuron), neuron_population(2, 2, neuron)};
    annr::ProjectionSpec pr;
    pr.id = 1;
    pr.name = "proj1";
    pr.pre = 1;
    pr.post = 2;
    pr.target = target;
    pr.connector.type = "all_to_all";
    pr.connector.weights = annr::SynapseValue(0.5);
    pr.connector.delays = annr::SynapseValue(1.0);
    pr.synapse = synapse;
    spec.projections = {pr};
    annr::MonitorSpec m;
    m.id = 1;
    m.population = 2;
    m.variables = monitored;
    spec.monitors = {m};
    run(spec);

    if (info.spiking) {
      annr::PopulationSpec source;
      source.id = 3;
      source.name = "source";
      source.geometry = {2};
      source.type = "spike_source_array";
      source.spike_times = {{0.5, 1.0}, {1.5}};
      spec.populations.push_back(source);
      spec.projections[0].pre = 3;
      run(spec);
    }
  } catch (const annr::Error&) {
    // a clear error: what a bad model must give
  } catch (const std::exception& e) {
    std::fprintf(stderr, "FINDING: exception other than annr::Error: %s\n", e.what());
    std::abort();
  } catch (...) {
    std::fprintf(stderr, "FINDING: non-standard exception\n");
    std::abort();
  }
  return 0;
}
