// Monitors of synaptic variables: which synapses, which steps, clearing.
#include "annr/network.hpp"
#include "test_main.hpp"

using namespace annr;

// 3 rate inputs r = 1 -> 2 neurons, explicit synapses (pre, post):
// (0,0) (2,0) (1,1); dw/dt = eta * pre.r, y = 2 * t : postsynaptic.
static NetworkSpec spec_with(std::vector<ProjectionMonitorSpec> mons) {
  NetworkSpec spec;
  spec.dt = 1.0;
  PopulationSpec in;
  in.id = 1;
  in.geometry = {3};
  in.model.name = "in";
  in.model.parameters = "r = 1";
  PopulationSpec out;
  out.id = 2;
  out.geometry = {2};
  out.model.name = "out";
  out.model.equations = "r = sum(exc)";
  spec.populations = {in, out};
  ProjectionSpec pr;
  pr.id = 1;
  pr.pre = 1;
  pr.post = 2;
  pr.target = "exc";
  pr.connector.type = "explicit";
  pr.connector.pre = {0, 2, 1};
  pr.connector.post = {0, 0, 1};
  pr.connector.explicit_weights = {0.5, 0.25, 1.0};
  pr.synapse.name = "grow";
  pr.synapse.parameters = "eta = 0.1 : projection";
  pr.synapse.equations = "y = 2 * t : postsynaptic\ndw/dt = eta * pre.r";
  spec.projections = {pr};
  spec.projection_monitors = mons;
  return spec;
}

ANNR_TEST(projection_monitor_records_synapses_in_post_pre_order) {
  ProjectionMonitorSpec all;
  all.id = 10;
  all.projection = 1;
  all.variables = {"w", "y", "eta"};
  all.period_steps = 2;
  ProjectionMonitorSpec one;
  one.id = 11;
  one.projection = 1;
  one.posts = {1};
  one.variables = {"w"};
  Network net(spec_with({all, one}));
  net.simulate(5);
  const ProjectionMonitorData& d = net.projection_monitor(10).data();
  CHECK(d.steps[0].size() == 3);  // steps 0, 2, 4
  CHECK(d.steps[0][2] == 4);
  CHECK(d.synapse_post.size() == 3 && d.synapse_post[0] == 0 && d.synapse_pre[1] == 2 && d.synapse_post[2] == 1);
  CHECK(d.kinds[0] == 0 && d.kinds[1] == 1 && d.kinds[2] == 2);
  // w after step 0: w0 + 0.1, in synapses() order (post 0: pre 0, 2; post 1: pre 1)
  CHECK_NEAR(d.values[0][0], 0.6, 1e-12);
  CHECK_NEAR(d.values[0][1], 0.35, 1e-12);
  CHECK_NEAR(d.values[0][2], 1.1, 1e-12);
  CHECK_NEAR(d.values[0][3 * 2 + 2], 1.5, 1e-12);  // step 4
  CHECK_NEAR(d.values[1][2 * 2 + 1], 8.0, 1e-12);  // y at step 4, dendrite 2
  CHECK(d.values[2].size() == 3);
  const ProjectionMonitorData& e = net.projection_monitor(11).data();
  CHECK(e.steps[0].size() == 5 && e.synapse_pre.size() == 1 && e.synapse_pre[0] == 1);
  net.projection_monitor(10).clear("w");
  CHECK(net.projection_monitor(10).data().values[0].empty());
  CHECK(net.projection_monitor(10).data().values[1].size() == 6);
  net.reset(true, false, true);
  CHECK(net.projection_monitor(10).data().values[1].empty());
}

ANNR_TEST(projection_monitor_errors) {
  ProjectionMonitorSpec m;
  m.id = 10;
  m.projection = 1;
  m.variables = {"nope"};
  CHECK_THROWS(Network net(spec_with({m})), "no synaptic variable 'nope'");
  m.variables = {"w"};
  m.posts = {5};
  CHECK_THROWS(Network net(spec_with({m})), "dendrite out of range");
  m.posts = {};
  m.projection = 7;
  CHECK_THROWS(Network net(spec_with({m})), "its projection is not in this network");
}

ANNR_TEST_MAIN()
