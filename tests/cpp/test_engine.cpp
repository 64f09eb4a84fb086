// Tests of the network engine: connectors, step order and delays, monitors,
// reset, reproducibility.
#include <algorithm>
#include <set>

#include "annr/network.hpp"
#include "coba_spec.hpp"
#include "annr/dense_matvec.hpp"
#include "test_main.hpp"

using namespace annr;

// A spike source (one neuron firing at the given times) onto a neuron that
// only integrates nothing: g_exc is a one-step pulse we can watch.
static NetworkSpec pulse_spec(std::vector<double> times, double delay_ms, bool per_synapse = false) {
  NetworkSpec spec;
  spec.dt = 1.0;
  PopulationSpec src;
  src.id = 1;
  src.geometry = {1};
  src.type = "spike_source_array";
  src.spike_times = {times};
  PopulationSpec post;
  post.id = 2;
  post.geometry = {2};
  post.model.name = "watch";
  post.model.equations = "seen = g_exc";
  post.model.spike = "seen > 100";
  spec.populations = {src, post};
  ProjectionSpec pr;
  pr.id = 1;
  pr.pre = 1;
  pr.post = 2;
  pr.target = "exc";
  pr.connector.type = per_synapse ? "explicit" : "all_to_all";
  pr.connector.weights = SynapseValue(2.5);
  pr.connector.delays = SynapseValue(delay_ms);
  if (per_synapse) {
    pr.connector.pre = {0, 0};
    pr.connector.post = {0, 1};
    pr.connector.explicit_weights = {1.0, 2.0};
    pr.connector.explicit_delays = {1.0, 4.0};
  }
  spec.projections = {pr};
  MonitorSpec m;
  m.id = 1;
  m.population = 2;
  m.variables = {"seen", "g_exc"};
  spec.monitors = {m};
  return spec;
}

static std::vector<long> steps_where(const MonitorData& d, int var, int neuron, double value) {
  std::vector<long> out;
  for (std::size_t s = 0; s < d.steps.size(); ++s) {
    if (d.values[var][s * d.n_neurons + neuron] == value) out.push_back(d.steps[s]);
  }
  return out;
}

ANNR_TEST(default_delay_is_one_step_and_pulses_last_one_step) {
  Network net(pulse_spec({10}, 0));
  net.simulate(20);
  auto d = net.monitor_data(1, false);
  CHECK(steps_where(d, 0, 0, 2.5) == std::vector<long>{11});
  // g_exc is recorded before the update (as ANNarchy), so its pulse shows at
  // step 11; it is back to 0 the step after
  CHECK(steps_where(d, 1, 0, 2.5) == std::vector<long>{11});
}

ANNR_TEST(uniform_delay_in_steps) {
  Network net(pulse_spec({10}, 3));
  net.simulate(20);
  auto d = net.monitor_data(1, false);
  CHECK(steps_where(d, 0, 1, 2.5) == std::vector<long>{13});
}

ANNR_TEST(per_synapse_delays) {
  Network net(pulse_spec({10}, 0, true));
  net.simulate(20);
  auto d = net.monitor_data(1, false);
  CHECK(steps_where(d, 0, 0, 1.0) == std::vector<long>{11});
  CHECK(steps_where(d, 0, 1, 2.0) == std::vector<long>{14});
  auto t = net.synapses(1);
  CHECK(t.delays.size() == 2 && t.delays[1] == 4.0);
}

ANNR_TEST(reset_restores_state_and_time) {
  Network net(pulse_spec({10}, 0));
  net.simulate(20);
  net.reset(true, true, true);
  CHECK(net.current_step() == 0);
  net.simulate(20);
  auto d = net.monitor_data(1, true);
  CHECK(d.steps.size() == 20);
  CHECK(steps_where(d, 0, 0, 2.5) == std::vector<long>{11});
}

static NetworkSpec connector_spec(const std::string& type, double p, long number, bool same) {
  NetworkSpec spec;
  PopulationSpec a;
  a.id = 1;
  a.geometry = {50};
  a.model.equations = "dv/dt = -v";
  a.model.spike = "v > 1";
  PopulationSpec b = a;
  b.id = 2;
  b.geometry = {same ? 50 : 40};
  spec.populations = {a, b};
  ProjectionSpec pr;
  pr.id = 7;
  pr.pre = 1;
  pr.post = same ? 1 : 2;
  pr.target = "exc";
  pr.connector.type = type;
  pr.connector.probability = p;
  pr.connector.number = number;
  spec.populations[0].model.equations = "dv/dt = -v + g_exc";
  spec.populations[1].model.equations = "dv/dt = -v + g_exc";
  spec.projections = {pr};
  return spec;
}

ANNR_TEST(connectors_structure) {
  {
    Network net(connector_spec("all_to_all", 0, 0, true));
    CHECK(net.nb_synapses(7) == 50 * 49);  // no self-connections
  }
  {
    Network net(connector_spec("one_to_one", 0, 0, true));
    auto t = net.synapses(7);
    CHECK(t.pre.size() == 50);
    for (std::size_t k = 0; k < t.pre.size(); ++k) CHECK(t.pre[k] == t.post[k]);
  }
  {
    Network net(connector_spec("fixed_number_pre", 0, 5, false));
    auto t = net.synapses(7);
    CHECK(t.pre.size() == 40 * 5);
    std::set<std::pair<int, int>> pairs;
    for (std::size_t k = 0; k < t.pre.size(); ++k) pairs.insert({t.post[k], t.pre[k]});
    CHECK(pairs.size() == 200);
  }
  {
    Network net(connector_spec("fixed_number_post", 0, 3, false));
    auto t = net.synapses(7);
    CHECK(t.pre.size() == 50 * 3);
    std::vector<int> out(50, 0);
    for (int i : t.pre) out[i]++;
    CHECK(std::all_of(out.begin(), out.end(), [](int c) { return c == 3; }));
  }
  {
    NetworkSpec s = connector_spec("fixed_probability", 0.2, 0, true);
    Network net(s);
    auto t = net.synapses(7);
    const double n = static_cast<double>(t.pre.size()), expect = 0.2 * 50 * 49;
    CHECK(n > expect - 4 * std::sqrt(expect) && n < expect + 4 * std::sqrt(expect));
    for (std::size_t k = 0; k < t.pre.size(); ++k) CHECK(t.pre[k] != t.post[k]);
    Network same(s);
    CHECK(same.synapses(7).pre == t.pre);
    s.seed = 99;
    Network other(s);
    CHECK(other.synapses(7).pre != t.pre);
  }
  CHECK_THROWS(Network{connector_spec("one_to_one", 0, 0, false)}, "same size");
  CHECK_THROWS(Network{connector_spec("fixed_number_pre", 0, 60, false)}, "larger than");
  CHECK_THROWS(Network{connector_spec("fixed_probability", 1.5, 0, false)}, "probability must be in [0, 1]");
}

ANNR_TEST(target_the_model_does_not_read_is_unused) {
  // ANNarchy accepts a projection onto g_inh of a model without g_inh.
  NetworkSpec s = connector_spec("all_to_all", 0, 0, false);
  s.projections[0].target = "inh";
  Network net{s};
  net.simulate(20);
  CHECK(net.nb_synapses(7) > 0);
}

ANNR_TEST(coba_fires_in_range_and_is_reproducible) {
  NetworkSpec s = coba_spec(1000, 0.08);
  Network a(s), b(s);
  a.simulate(2000);
  b.simulate(2000);
  auto da = a.monitor_data(1, false), db = b.monitor_data(1, false);
  CHECK(da.spike_ranks == db.spike_ranks);
  const double rate = da.spike_steps.size() / 1000.0 / 0.2;
  CHECK(rate > 5 && rate < 40);
  CHECK(a.connectivity_bytes() <= 16 * (a.nb_synapses(1) + a.nb_synapses(2)));
}

// y += A x with A column-major (2 x 3), against the product worked by hand.
ANNR_TEST(dense_matvec_adds_the_column_major_product) {
  const double a[6] = {1, 2, 3, 4, 5, 6};  // columns (1,2), (3,4), (5,6)
  const double x[3] = {1, 0.5, -1};
  double y[2] = {10, 20};
  annr::dense_matvec_add(2, 3, a, x, y);
  CHECK_NEAR(y[0], 10 + 1 + 1.5 - 5, 1e-15);
  CHECK_NEAR(y[1], 20 + 2 + 2 - 6, 1e-15);
  annr::dense_matvec_add(0, 3, a, x, y);  // empty: nothing happens
  CHECK_NEAR(y[0], 7.5, 1e-15);
}

// A timed population with a local and a `population` attribute following
// rows that start at steps 2 and 5, replayed every 8 steps.
ANNR_TEST(timed_tracks_follow_their_start_steps) {
  NetworkSpec spec;
  spec.dt = 1.0;
  PopulationSpec p;
  p.id = 1;
  p.geometry = {2};
  p.type = "timed_array";
  p.model.name = "timed";
  p.model.parameters = "a = 0\nb = -1 : population";
  p.model.equations = "r = a + b";
  p.timed_tracks = {{"a", {{1, 2}, {3, 4}}}, {"b", {{10}, {20}}}};
  p.row_start_steps = {2, 5};
  p.period_steps = 8;
  spec.populations = {p};
  MonitorSpec m;
  m.id = 1;
  m.population = 1;
  m.variables = {"r"};
  spec.monitors = {m};
  Network net(spec);
  net.simulate(12);
  const auto d = net.monitor_data(1, false);
  // neuron 2's r: -1 before step 2, then 12, then 24, kept until the period
  // restarts at step 8 (before its first row: the values stay as they were)
  const std::vector<double> expected = {-1, -1, 12, 12, 12, 24, 24, 24, 24, 24, 12, 12};
  for (std::size_t s = 0; s < expected.size(); ++s) CHECK_NEAR(d.values[0][s * d.n_neurons + 1], expected[s], 0);
  PopulationSpec bad = p;
  bad.timed_tracks[1].rows[0] = {10, 11};
  spec.populations = {bad};
  CHECK_THROWS(Network{spec}, "every row of b needs 1 value");
  bad = p;
  bad.row_start_steps = {5, 2};
  spec.populations = {bad};
  CHECK_THROWS(Network{spec}, "ascending");
}

ANNR_TEST_MAIN()
