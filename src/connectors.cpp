// Connectors. Every random choice comes from the projection's own stream, in
// a fixed order, so a seed always gives the same synapses.
#include "annr/connectors.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "annr/errors.hpp"

namespace annr {

namespace {

double value_of(const SynapseValue& v, Rng& rng) {
  return v.is_distribution ? draw_one(v.distribution, rng) : v.constant;
}

}  // namespace

ConnectorResult connect(const ConnectorSpec& c, const std::vector<int>& pre_ranks,
                        const std::vector<int>& post_ranks, bool same, Rng& rng,
                        const std::string& label) {
  ConnectorResult r;
  const long npre = static_cast<long>(pre_ranks.size());
  const long npost = static_cast<long>(post_ranks.size());
  if (c.weights.is_distribution) check_distribution(c.weights.distribution);
  if (c.delays.is_distribution) check_distribution(c.delays.distribution);
  if (!c.weights.is_distribution && !std::isfinite(c.weights.constant)) {
    throw Error(label + ": weights must be finite");
  }
  if (!c.delays.is_distribution && !(c.delays.constant >= 0)) {
    throw Error(label + ": delays must be >= 0");
  }
  auto self = [&](long i, long j) {
    return same && !c.allow_self_connections && pre_ranks[i] == post_ranks[j];
  };
  auto add = [&](long i, long j) {
    r.pre.push_back(static_cast<int>(i));
    r.post.push_back(static_cast<int>(j));
  };
  if (c.type == "all_to_all") {
    for (long j = 0; j < npost; ++j)
      for (long i = 0; i < npre; ++i)
        if (!self(i, j)) add(i, j);
  } else if (c.type == "one_to_one") {
    if (npre != npost) {
      std::ostringstream s;
      s << label << ": connect_one_to_one needs populations of the same size (" << npre << " and " << npost
        << ")";
      throw Error(s.str());
    }
    for (long j = 0; j < npost; ++j) add(j, j);
  } else if (c.type == "fixed_probability") {
    const double p = c.probability;
    if (!(p >= 0 && p <= 1)) throw Error(label + ": probability must be in [0, 1]");
    if (p > 0) {
      // Geometric skipping over the post-major list of pairs: O(synapses).
      const double log_q = std::log1p(-p);
      const long total = npre * npost;
      long k = -1;
      for (;;) {
        if (p >= 1.0) {
          ++k;
        } else {
          const double u = rng.uniform01();
          const double skip = std::floor(std::log1p(-u) / log_q);
          if (skip > static_cast<double>(total)) break;
          k += 1 + static_cast<long>(skip);
        }
        if (k >= total) break;
        const long j = k / npre, i = k % npre;
        if (!self(i, j)) add(i, j);
      }
    }
  } else if (c.type == "fixed_number_pre" || c.type == "fixed_number_post") {
    const bool by_post = c.type == "fixed_number_pre";
    const long n = c.number;
    const long pool = by_post ? npre : npost;
    const long outer = by_post ? npost : npre;
    if (n < 0) throw Error(label + ": number must be >= 0");
    std::vector<long> candidates;
    std::vector<std::pair<int, int>> pairs;
    for (long o = 0; o < outer; ++o) {
      candidates.clear();
      for (long x = 0; x < pool; ++x) {
        const bool is_self = by_post ? self(x, o) : self(o, x);
        if (!is_self) candidates.push_back(x);
      }
      if (n > static_cast<long>(candidates.size())) {
        std::ostringstream s;
        s << label << ": number = " << n << " is larger than the " << candidates.size()
          << " possible " << (by_post ? "pre" : "post") << "-synaptic neurons";
        throw Error(s.str());
      }
      // Partial Fisher-Yates: n distinct candidates.
      for (long k = 0; k < n; ++k) {
        const long pick = k + rng.discrete_uniform(0, static_cast<long>(candidates.size()) - 1 - k);
        std::swap(candidates[k], candidates[pick]);
      }
      std::sort(candidates.begin(), candidates.begin() + n);
      for (long k = 0; k < n; ++k) {
        if (by_post) pairs.emplace_back(static_cast<int>(o), static_cast<int>(candidates[k]));
        else pairs.emplace_back(static_cast<int>(candidates[k]), static_cast<int>(o));
      }
    }
    // pairs are (post, pre); fixed_number_post drew them pre by pre.
    if (!by_post) std::sort(pairs.begin(), pairs.end());
    for (auto& pr : pairs) add(pr.second, pr.first);
  } else if (c.type == "explicit") {
    const std::size_t n = c.pre.size();
    if (c.post.size() != n || c.explicit_weights.size() != n ||
        (!c.explicit_delays.empty() && c.explicit_delays.size() != n)) {
      throw Error(label + ": explicit connectivity vectors differ in length");
    }
    std::vector<std::size_t> order(n);
    for (std::size_t k = 0; k < n; ++k) {
      if (c.pre[k] < 0 || c.pre[k] >= npre || c.post[k] < 0 || c.post[k] >= npost) {
        throw Error(label + ": explicit connectivity has a rank out of range");
      }
      if (!std::isfinite(c.explicit_weights[k])) throw Error(label + ": weights must be finite");
      if (!c.explicit_delays.empty() && !(c.explicit_delays[k] >= 0)) {
        throw Error(label + ": delays must be >= 0");
      }
      order[k] = k;
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return c.post[a] != c.post[b] ? c.post[a] < c.post[b] : c.pre[a] < c.pre[b];
    });
    for (std::size_t k = 1; k < n; ++k) {
      if (c.post[order[k]] == c.post[order[k - 1]] && c.pre[order[k]] == c.pre[order[k - 1]]) {
        throw Error(label + ": explicit connectivity has the same synapse twice");
      }
    }
    for (std::size_t k : order) {
      add(c.pre[k], c.post[k]);
      r.weights.push_back(c.explicit_weights[k]);
      r.delays.push_back(c.explicit_delays.empty() ? value_of(c.delays, rng) : c.explicit_delays[k]);
    }
    return r;
  } else {
    throw Error(label + ": unknown connector '" + c.type + "'");
  }
  const std::size_t n = r.pre.size();
  r.weights.resize(n);
  r.delays.resize(n);
  // Values drawn after the structure, in synapse order.
  for (std::size_t k = 0; k < n; ++k) r.weights[k] = value_of(c.weights, rng);
  for (std::size_t k = 0; k < n; ++k) r.delays[k] = value_of(c.delays, rng);
  for (std::size_t k = 0; k < n; ++k) {
    if (!(r.delays[k] >= 0)) throw Error(label + ": delays must be >= 0");
  }
  return r;
}

}  // namespace annr
