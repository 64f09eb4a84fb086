// Network::save_state() / load_state(): a loaded network continues as the
// original (spikes in flight through per-synapse delays, refractory neurons,
// random streams), and a state that does not fit changes nothing.
#include "annr/network.hpp"
#include "coba_spec.hpp"
#include "test_main.hpp"

using namespace annr;

// COBA with noise in the equations and per-synapse delays on every projection.
static NetworkSpec noisy_delayed_coba() {
  NetworkSpec spec = coba_spec(200, 0.05);
  spec.populations[0].model.equations =
      "tau * dv/dt = (El - v) + g_exc * (Erev_exc - v) + g_inh * (Erev_inh - v) + I + 5 * Normal(0, 1)\n"
      "tau_exc * dg_exc/dt = - g_exc\ntau_inh * dg_inh/dt = - g_inh";
  for (auto& pr : spec.projections) {
    pr.connector.delays.is_distribution = true;
    pr.connector.delays.distribution.type = "uniform";
    pr.connector.delays.distribution.args = {0.1, 3.0};
  }
  return spec;
}

ANNR_TEST(a_loaded_network_continues_bit_for_bit) {
  Network a(noisy_delayed_coba());
  a.simulate(300);
  const NetworkState st = a.save_state();
  a.simulate(400);
  Network b(noisy_delayed_coba());
  b.simulate(123);
  b.load_state(st);
  CHECK(b.current_step() == 300);
  b.simulate(400);
  CHECK(a.get_attribute(1, "v") == b.get_attribute(1, "v"));
  CHECK(a.get_attribute(1, "g_exc") == b.get_attribute(1, "g_exc"));
  // and without the state the run is another one
  Network c(noisy_delayed_coba());
  c.set_current_step(300);
  c.simulate(400);
  CHECK(a.get_attribute(1, "v") != c.get_attribute(1, "v"));
}

ANNR_TEST(a_state_that_does_not_fit_changes_nothing) {
  Network a(noisy_delayed_coba());
  a.simulate(50);
  NetworkState st = a.save_state();
  a.simulate(20);
  const std::vector<double> v = a.get_attribute(1, "v");
  const SynapseTable syn = a.synapses(1);
  NetworkState bad = st;
  for (double& w : bad.projections[0].w) w *= 2;           // fits
  bad.projections[0].delay_steps[0] = 0;                   // does not
  CHECK_THROWS(a.load_state(bad), "'delay_steps' must be between 1 and 65535");
  bad = st;
  bad.populations[0].values[bad.populations[0].values.size() - 1][3] = std::nan("");
  CHECK_THROWS(a.load_state(bad), "must be finite numbers; element 4 is NA or NaN");
  bad = st;
  bad.populations[0].size = 10;
  CHECK_THROWS(a.load_state(bad), "has 200 neurons; the state has 10");
  bad = st;
  bad.projections[1].col[0] = (bad.projections[1].col[0] + 1) % 200;
  CHECK_THROWS(a.load_state(bad), "has other synapses than the saved one");
  bad = st;
  bad.populations[0].rng = RngState();
  CHECK_THROWS(a.load_state(bad), "random stream cannot be all zeros");
  CHECK(a.current_step() == 70);
  CHECK(a.get_attribute(1, "v") == v);
  CHECK(a.synapses(1).weights == syn.weights);
  CHECK(a.synapses(1).delays == syn.delays);
  a.load_state(st);
  CHECK(a.current_step() == 50);
}

ANNR_TEST(rng_state_round_trips) {
  Rng a(7);
  a.normal(0, 1);  // leaves a spare normal
  const RngState st = a.state();
  const double x = a.normal(0, 1), y = a.uniform01();
  Rng b(1);
  b.set_state(st);
  CHECK(b.normal(0, 1) == x);
  CHECK(b.uniform01() == y);
  CHECK_THROWS(b.set_state(RngState()), "all zeros");
}

ANNR_TEST_MAIN()
