// Global constants (NetworkSpec::constant_names): read by name in neuron and
// synapse equations, changed between steps without a rebuild.
#include "annr/network.hpp"
#include "test_main.hpp"

using namespace annr;

// One rate-coded neuron `tau*dr/dt + r = 1` (tau a constant), one with a
// parameter tau = 5 that hides it, and a pre neuron r = 1 projecting onto
// the first with `dw/dt = eta * pre.r * post.r` (ANNarchy 4.7.3's values).
static NetworkSpec constant_spec() {
  NetworkSpec spec;
  spec.constant_names = {"tau", "eta"};
  spec.constant_values = {20.0, 0.1};
  PopulationSpec a;
  a.id = 1;
  a.geometry = {1};
  a.model.equations = "tau*dr/dt + r = 1.0";
  PopulationSpec b = a;
  b.id = 2;
  b.model.parameters = "tau = 5.0";
  PopulationSpec pre;
  pre.id = 3;
  pre.geometry = {1};
  pre.model.parameters = "r = 1.0";
  spec.populations = {a, b, pre};
  ProjectionSpec pr;
  pr.id = 1;
  pr.pre = 3;
  pr.post = 1;
  pr.target = "exc";
  pr.connector.type = "all_to_all";
  pr.connector.weights = SynapseValue(0.5);
  pr.synapse.equations = "dw/dt = eta * pre.r * post.r";
  spec.projections = {pr};
  return spec;
}

ANNR_TEST(constants_are_read_every_step) {
  Network net(constant_spec());
  net.step();
  CHECK_NEAR(net.get_attribute(1, "r")[0], 0.05, 1e-15);
  CHECK_NEAR(net.get_attribute(2, "r")[0], 0.2, 1e-15);
  CHECK_NEAR(net.synapses(1).weights[0], 0.505, 1e-15);
  net.set_constant("tau", 10.0);
  net.set_constant("eta", 0.2);
  CHECK_NEAR(net.constant("tau"), 10.0, 0);
  net.step();
  CHECK_NEAR(net.get_attribute(1, "r")[0], 0.05 + 0.95 / 10, 1e-15);
  CHECK_NEAR(net.get_attribute(2, "r")[0], 0.2 + 0.8 / 5, 1e-15);
  CHECK_NEAR(net.synapses(1).weights[0], 0.505 + 0.2 * 0.145, 1e-15);
  CHECK_THROWS(net.set_constant("nope", 1.0), "no constant 'nope'");
}

ANNR_TEST(a_missing_constant_is_an_unknown_name) {
  NetworkSpec spec = constant_spec();
  spec.constant_names = {"eta"};
  spec.constant_values = {0.1};
  CHECK_THROWS(Network net(spec), "unknown variable 'tau'");
  spec = constant_spec();
  spec.constant_names = {"tau", "tau"};
  CHECK_THROWS(Network net(spec), "duplicate constant 'tau'");
}

ANNR_TEST_MAIN()
