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

// Normalised coordinate of index `i` in a dimension of size `g`: the grid is
// mapped to [0, 1]; a dimension of size 1 sits in its middle (0.5).
double normalised(long i, long g) { return g > 1 ? double(i) / double(g - 1) : 0.5; }

long product(const std::vector<int>& g) {
  long n = 1;
  for (int x : g) n *= x;
  return n;
}

// connect_gaussian() / connect_dog(): for every post neuron, only the pre
// neurons inside a box around it that can pass the threshold are visited, so
// the cost is O(synapses + post neurons), never O(pre x post) memory. Every
// candidate then gets the exact test, so the box only has to be
// conservative: |w| <= B exp(-d^2 / (2 s_max^2)) with B the sum of the
// absolute amplitudes, which is <= threshold for d^2 >= 2 s_max^2 ln(B / thr);
// the cut-off is widened by a relative 1e-6 in the exponent (far more than
// rounding) and the index range by one on each side.
void connect_distance(const ConnectorSpec& c, bool dog, bool skip_self, const std::string& label,
                      ConnectorResult& r) {
  const std::vector<int>& gpre = c.pre_geometry;
  const std::vector<int>& gpost = c.post_geometry;
  const char* what = dog ? "connect_dog()" : "connect_gaussian()";
  if (gpre.empty() || gpre.size() != gpost.size()) {
    std::ostringstream s;
    s << label << ": " << what << " needs populations with the same number of dimensions (" << gpre.size()
      << " and " << gpost.size() << ")";
    throw Error(s.str());
  }
  for (int g : gpre) if (g < 1) throw Error(label + ": bad pre-synaptic geometry");
  for (int g : gpost) if (g < 1) throw Error(label + ": bad post-synaptic geometry");
  const double amp = c.amp, sigma = c.sigma, amp_neg = c.amp_neg, sigma_neg = c.sigma_neg;
  for (double x : {amp, sigma, amp_neg, sigma_neg, c.limit}) {
    if (!std::isfinite(x)) throw Error(label + ": " + what + " parameters must be finite");
  }
  if (!(sigma > 0) || (dog && !(sigma_neg > 0))) throw Error(label + ": sigma must be > 0");
  const double threshold = dog ? std::fabs(amp - amp_neg) * c.limit : std::fabs(amp) * c.limit;
  const std::size_t dims = gpre.size();
  const long npost = product(gpost);

  // Squared cut-off radius; infinite when the threshold does not bound it.
  double d2_max = HUGE_VAL;
  const double bound = std::fabs(amp) + (dog ? std::fabs(amp_neg) : 0.0);
  const double s_max = dog ? std::max(sigma, sigma_neg) : sigma;
  if (threshold > 0) {
    const double e = std::max(0.0, std::log(bound / threshold));
    d2_max = 2.0 * s_max * s_max * (e * (1 + 1e-6) + 1e-6);
  }
  const double radius = std::sqrt(d2_max);

  // Row-major strides of pre (the last dimension varies fastest).
  std::vector<long> stride(dims, 1);
  for (std::size_t k = dims - 1; k > 0; --k) stride[k - 1] = stride[k] * gpre[k];
  std::vector<double> cpost(dims);
  std::vector<long> lo(dims), hi(dims), idx(dims);
  std::vector<std::vector<double>> cpre(dims);
  for (std::size_t k = 0; k < dims; ++k) {
    cpre[k].resize(gpre[k]);
    for (long i = 0; i < gpre[k]; ++i) cpre[k][i] = normalised(i, gpre[k]);
  }
  const double two_s2 = 2 * (sigma * sigma);
  const double two_s2_neg = 2 * (sigma_neg * sigma_neg);
  for (long j = 0; j < npost; ++j) {
    long rest = j;
    for (std::size_t k = dims; k-- > 0;) {
      cpost[k] = normalised(rest % gpost[k], gpost[k]);
      rest /= gpost[k];
    }
    bool empty = false;
    for (std::size_t k = 0; k < dims; ++k) {
      const long g = gpre[k];
      if (std::isinf(radius) || g == 1) {
        lo[k] = 0;
        hi[k] = g - 1;
      } else {
        const double a = std::floor((cpost[k] - radius) * double(g - 1)) - 1;
        const double b = std::ceil((cpost[k] + radius) * double(g - 1)) + 1;
        lo[k] = a < 0 ? 0 : static_cast<long>(a);
        hi[k] = b > double(g - 1) ? g - 1 : static_cast<long>(b);
      }
      if (lo[k] > hi[k]) empty = true;
      idx[k] = lo[k];
    }
    if (empty) continue;
    // Odometer over the box, last dimension fastest: ascending pre ranks.
    for (;;) {
      long i = 0;
      double d2 = 0;
      for (std::size_t k = 0; k < dims; ++k) {
        i += idx[k] * stride[k];
        const double diff = cpost[k] - cpre[k][idx[k]];
        d2 = d2 + diff * diff;
      }
      if (!(skip_self && i == j)) {
        const double w = dog ? amp * std::exp(-d2 / two_s2) - amp_neg * std::exp(-d2 / two_s2_neg)
                             : amp * std::exp(-d2 / two_s2);
        if (std::fabs(w) > threshold) {
          r.pre.push_back(static_cast<int>(i));
          r.post.push_back(static_cast<int>(j));
          r.weights.push_back(w);
        }
      }
      std::size_t k = dims;
      while (k-- > 0) {
        if (++idx[k] <= hi[k]) break;
        idx[k] = lo[k];
      }
      if (k == static_cast<std::size_t>(-1)) break;
    }
  }
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
  } else if (c.type == "gaussian" || c.type == "dog") {
    if (static_cast<long>(pre_ranks.size()) != product(c.pre_geometry) ||
        static_cast<long>(post_ranks.size()) != product(c.post_geometry)) {
      throw Error(label + ": distance-dependent connectors need whole populations, not views");
    }
    // Only a population onto itself can have self-connections (ANNarchy).
    connect_distance(c, c.type == "dog", same && !c.allow_self_connections, label, r);
    // Weights are not drawn; delays are, in synapse order, as for explicit
    // connectivity.
    r.delays.resize(r.pre.size());
    for (std::size_t k = 0; k < r.pre.size(); ++k) r.delays[k] = value_of(c.delays, rng);
    for (double d : r.delays) {
      if (!(d >= 0)) throw Error(label + ": delays must be >= 0");
    }
    return r;
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
