// Tests of the distance-dependent connectors (connect_gaussian(),
// connect_dog()) of the core: the pruned search gives exactly the synapses of
// a brute-force pass over every pair, and a projection far too large for a
// dense post x pre matrix is built in O(synapses).
#include <cmath>

#include "annr/connectors.hpp"
#include "annr/errors.hpp"
#include "test_main.hpp"

using namespace annr;

namespace {

std::vector<int> iota_ranks(long n) {
  std::vector<int> r(n);
  for (long i = 0; i < n; ++i) r[i] = static_cast<int>(i);
  return r;
}

long size_of(const std::vector<int>& g) {
  long n = 1;
  for (int x : g) n *= x;
  return n;
}

// Normalised coordinates of rank `r` (row-major, last dimension fastest).
std::vector<double> coords(long r, const std::vector<int>& g) {
  std::vector<double> c(g.size());
  for (std::size_t k = g.size(); k-- > 0;) {
    const long i = r % g[k];
    r /= g[k];
    c[k] = g[k] > 1 ? double(i) / double(g[k] - 1) : 0.5;
  }
  return c;
}

// Every pair, in post then pre order: what the R layer computed densely
// before the connectors moved to the core.
ConnectorResult brute_force(const ConnectorSpec& c, bool skip_self) {
  ConnectorResult r;
  const bool dog = c.type == "dog";
  const double thr = dog ? std::fabs(c.amp - c.amp_neg) * c.limit : std::fabs(c.amp) * c.limit;
  for (long j = 0; j < size_of(c.post_geometry); ++j) {
    const auto cp = coords(j, c.post_geometry);
    for (long i = 0; i < size_of(c.pre_geometry); ++i) {
      if (skip_self && i == j) continue;
      const auto ci = coords(i, c.pre_geometry);
      double d2 = 0;
      for (std::size_t k = 0; k < cp.size(); ++k) d2 = d2 + (cp[k] - ci[k]) * (cp[k] - ci[k]);
      const double w = dog ? c.amp * std::exp(-d2 / (2 * (c.sigma * c.sigma))) -
                                 c.amp_neg * std::exp(-d2 / (2 * (c.sigma_neg * c.sigma_neg)))
                           : c.amp * std::exp(-d2 / (2 * (c.sigma * c.sigma)));
      if (std::fabs(w) > thr) {
        r.pre.push_back(static_cast<int>(i));
        r.post.push_back(static_cast<int>(j));
        r.weights.push_back(w);
      }
    }
  }
  return r;
}

ConnectorSpec distance_spec(const std::string& type, std::vector<int> gpre, std::vector<int> gpost, double amp,
                            double sigma, double amp_neg, double sigma_neg, double limit) {
  ConnectorSpec c;
  c.type = type;
  c.pre_geometry = std::move(gpre);
  c.post_geometry = std::move(gpost);
  c.amp = amp;
  c.sigma = sigma;
  c.amp_neg = amp_neg;
  c.sigma_neg = sigma_neg;
  c.limit = limit;
  return c;
}

ConnectorResult run(const ConnectorSpec& c, bool same) {
  Rng rng(1);
  return connect(c, iota_ranks(size_of(c.pre_geometry)), iota_ranks(size_of(c.post_geometry)), same, rng,
                 "projection 'p'");
}

}  // namespace

ANNR_TEST(distance_connectors_equal_brute_force) {
  struct Case {
    std::string type;
    std::vector<int> gpre, gpost;
    double amp, sigma, amp_neg, sigma_neg, limit;
    bool same, allow_self;
  };
  const std::vector<Case> cases = {
      {"gaussian", {5, 5}, {5, 5}, 1, 0.2, 0, 0, 0.01, false, false},
      {"gaussian", {5, 5}, {5, 5}, 1, 0.2, 0, 0, 0.01, true, false},
      {"gaussian", {5, 5}, {5, 5}, 1, 0.2, 0, 0, 0.01, true, true},
      {"gaussian", {17}, {9}, -2.5, 0.07, 0, 0, 0.05, false, false},
      {"gaussian", {1}, {6}, 1, 0.3, 0, 0, 0.01, false, false},
      {"gaussian", {4, 1, 6}, {3, 5, 2}, 0.7, 0.25, 0, 0, 0.001, false, false},
      {"gaussian", {8, 8}, {8, 8}, 1, 0.1, 0, 0, 0, true, false},      // limit 0: every pair with w != 0
      {"gaussian", {8, 8}, {8, 8}, 1, 0.1, 0, 0, 1, true, false},      // limit 1: none
      {"gaussian", {8, 8}, {8, 8}, 1, 5.0, 0, 0, 0.9999, true, false}, // wide, a limit near 1
      {"gaussian", {30, 20}, {10, 40}, 3, 0.02, 0, 0, 0.01, false, false},
      {"dog", {5, 5}, {5, 5}, 1, 0.1, 0.5, 0.3, 0.01, false, false},
      {"dog", {12, 7}, {12, 7}, 2, 0.15, 1, 0.4, 0.02, true, false},
      {"dog", {20}, {20}, 1, 0.3, 1.2, 0.05, 0.01, true, true},        // sigma_neg < sigma_pos
      {"dog", {6, 6}, {6, 6}, 1, 0.1, 1, 0.2, 0.5, true, false},       // amp_pos = amp_neg: threshold 0
      {"dog", {2, 3, 4, 5}, {5, 4, 3, 2}, -1, 0.2, 0.3, 0.5, 0.1, false, false},
  };
  for (const auto& k : cases) {
    ConnectorSpec c = distance_spec(k.type, k.gpre, k.gpost, k.amp, k.sigma, k.amp_neg, k.sigma_neg, k.limit);
    c.allow_self_connections = k.allow_self;
    if (k.same && size_of(k.gpre) != size_of(k.gpost)) continue;
    const ConnectorResult got = run(c, k.same);
    const ConnectorResult want = brute_force(c, k.same && !k.allow_self);
    CHECK(got.pre == want.pre);
    CHECK(got.post == want.post);
    CHECK(got.weights == want.weights);  // bit for bit: the same formula
    CHECK(got.delays.size() == got.pre.size());
  }
}

ANNR_TEST(distance_connectors_known_values) {
  // 5 x 5 onto 5 x 5, amp 1, sigma 0.2: neuron 0 sits at (0, 0), neuron 6 at
  // (0.25, 0.25), neuron 24 at (1, 1).
  const ConnectorResult r = run(distance_spec("gaussian", {5, 5}, {5, 5}, 1, 0.2, 0, 0, 0.01), false);
  bool found = false, far = false;
  for (std::size_t k = 0; k < r.pre.size(); ++k) {
    if (r.post[k] == 0 && r.pre[k] == 6) {
      found = true;
      CHECK_NEAR(r.weights[k], std::exp(-(0.25 * 0.25 + 0.25 * 0.25) / (2 * 0.2 * 0.2)), 1e-15);
    }
    if (r.post[k] == 0 && r.pre[k] == 24) far = true;
  }
  CHECK(found);
  CHECK(!far);
}

ANNR_TEST(distance_connectors_larger_than_a_dense_matrix) {
  // 300 x 300 onto itself: a dense post x pre matrix would hold 8.1e9
  // doubles (65 GB). With sigma 0.002 (grid step 1/299) the 8 neighbours at
  // Chebyshev distance 1 pass the limit (w = 0.247 and 0.061), distance 2
  // does not (0.0037 < 0.01).
  ConnectorSpec c = distance_spec("gaussian", {300, 300}, {300, 300}, 1, 0.002, 0, 0, 0.01);
  const ConnectorResult r = run(c, true);
  const long n = 300;
  CHECK(static_cast<long>(r.pre.size()) == 2 * (2 * n * (n - 1)) + 4 * (n - 1) * (n - 1));  // 716404
  const double h = 1.0 / 299;
  // neuron 301 = (1, 1): its first synapse comes from neuron 0 = (0, 0)
  for (std::size_t k = 0; k < r.pre.size(); ++k) {
    if (r.post[k] == 301) {
      CHECK(r.pre[k] == 0);
      CHECK_NEAR(r.weights[k], std::exp(-(2 * h * h) / (2 * 0.002 * 0.002)), 1e-15);
      break;
    }
  }
}

ANNR_TEST(distance_connectors_errors) {
  CHECK_THROWS(run(distance_spec("gaussian", {5, 5}, {25}, 1, 0.2, 0, 0, 0.01), false), "same number of dimensions");
  CHECK_THROWS(run(distance_spec("gaussian", {5}, {5}, 1, 0, 0, 0, 0.01), false), "sigma must be > 0");
  CHECK_THROWS(run(distance_spec("dog", {5}, {5}, 1, 0.1, 1, -1, 0.01), false), "sigma must be > 0");
  CHECK_THROWS(run(distance_spec("gaussian", {5}, {5}, NAN, 0.1, 0, 0, 0.01), false), "must be finite");
  ConnectorSpec c = distance_spec("gaussian", {5}, {5}, 1, 0.1, 0, 0, 0.01);
  Rng rng(1);
  CHECK_THROWS(connect(c, iota_ranks(3), iota_ranks(5), false, rng, "p"), "whole populations");
}

ANNR_TEST_MAIN()
