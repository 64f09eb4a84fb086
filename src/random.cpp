// Random numbers of the core: xoshiro256++ seeded by splitmix64, and our own
// samplers so that a seed gives the same numbers on every platform (the
// std:: distributions are implementation-defined).
#include "annr/random.hpp"

#include <cmath>
#include <limits>
#include <sstream>

#include "annr/errors.hpp"

namespace annr {

uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

uint64_t derive_seed(uint64_t seed, uint64_t stream) {
  // Two rounds of mixing so that nearby (seed, stream) pairs are unrelated.
  uint64_t state = seed ^ 0x6A09E667F3BCC909ULL;
  uint64_t a = splitmix64(state);
  state = a ^ (stream * 0xD1B54A32D192ED03ULL);
  return splitmix64(state);
}

uint64_t stream_id(StreamKind kind, uint64_t object_id, uint64_t extra) {
  return (static_cast<uint64_t>(kind) << 56) ^ (object_id << 24) ^ extra;
}

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

Rng::Rng(uint64_t seed) { this->seed(seed); }

void Rng::seed(uint64_t seed) {
  uint64_t state = seed;
  for (auto& s : s_) s = splitmix64(state);
  has_spare_normal_ = false;
}

uint64_t Rng::next() {
  const uint64_t result = rotl(s_[0] + s_[3], 23) + s_[0];
  const uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

double Rng::uniform01() { return (next() >> 11) * 0x1.0p-53; }

double Rng::uniform(double a, double b) { return a + (b - a) * uniform01(); }

double Rng::normal(double mu, double sigma) {
  // Marsaglia's polar method; the second value is kept for the next call.
  if (has_spare_normal_) {
    has_spare_normal_ = false;
    return mu + sigma * spare_normal_;
  }
  double u, v, s;
  do {
    u = 2.0 * uniform01() - 1.0;
    v = 2.0 * uniform01() - 1.0;
    s = u * u + v * v;
  } while (s >= 1.0 || s == 0.0);
  const double f = std::sqrt(-2.0 * std::log(s) / s);
  spare_normal_ = v * f;
  has_spare_normal_ = true;
  return mu + sigma * u * f;
}

double Rng::lognormal(double mu, double sigma) { return std::exp(normal(mu, sigma)); }

double Rng::exponential(double lambda) {
  return -std::log1p(-uniform01()) / lambda;
}

double Rng::gamma(double alpha, double beta) {
  // Marsaglia & Tsang (2000); alpha < 1 boosted by U^(1/alpha).
  if (alpha < 1.0) {
    const double u = uniform01();
    return gamma(alpha + 1.0, beta) * std::pow(u, 1.0 / alpha);
  }
  const double d = alpha - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double x, v;
    do {
      x = normal(0.0, 1.0);
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = uniform01();
    if (u < 1.0 - 0.0331 * x * x * x * x) return d * v * beta;
    if (std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) return d * v * beta;
  }
}

long Rng::discrete_uniform(long a, long b) {
  const uint64_t range = static_cast<uint64_t>(b - a) + 1;
  // Rejection to avoid modulo bias.
  const uint64_t limit = std::numeric_limits<uint64_t>::max() -
                         std::numeric_limits<uint64_t>::max() % range;
  uint64_t x;
  do {
    x = next();
  } while (x >= limit);
  return a + static_cast<long>(x % range);
}

long Rng::binomial(long n, double p) {
  if (n <= 0 || p <= 0.0) return 0;
  if (p >= 1.0) return n;
  if (n < 64) {
    long k = 0;
    for (long i = 0; i < n; ++i) k += uniform01() < p;
    return k;
  }
  // Inversion by sequential search from the mode is O(sqrt(n)); good enough
  // for initial values and weights (not used in the hot loop).
  const double q = 1.0 - p;
  const double u = uniform01();
  double pk = std::pow(q, static_cast<double>(n));
  if (pk > 0.0) {
    double cdf = pk;
    long k = 0;
    while (u > cdf && k < n) {
      pk *= (static_cast<double>(n - k) / (k + 1)) * (p / q);
      ++k;
      cdf += pk;
    }
    return k;
  }
  // Very large n: normal approximation, clamped to [0, n].
  const double x = std::round(normal(n * p, std::sqrt(n * p * q)));
  return static_cast<long>(std::min<double>(n, std::max(0.0, x)));
}

void Rng::fill_uniform01(double* out, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) out[i] = uniform01();
}

void Rng::fill_normal(double* out, std::size_t n, double mu, double sigma) {
  for (std::size_t i = 0; i < n; ++i) out[i] = normal(mu, sigma);
}

RngState Rng::state() const {
  RngState st;
  for (int i = 0; i < 4; ++i) st.s[i] = s_[i];
  st.has_spare_normal = has_spare_normal_;
  st.spare_normal = spare_normal_;
  return st;
}

void Rng::set_state(const RngState& st) {
  if ((st.s[0] | st.s[1] | st.s[2] | st.s[3]) == 0) {
    throw Error("a random stream's state cannot be all zeros");
  }
  if (st.has_spare_normal && !std::isfinite(st.spare_normal)) {
    throw Error("a random stream's spare normal value must be finite");
  }
  for (int i = 0; i < 4; ++i) s_[i] = st.s[i];
  has_spare_normal_ = st.has_spare_normal;
  spare_normal_ = st.has_spare_normal ? st.spare_normal : 0.0;
}

static std::string distribution_label(const Distribution& d) {
  std::ostringstream s;
  s << d.type << "(";
  for (std::size_t i = 0; i < d.args.size(); ++i) s << (i ? ", " : "") << d.args[i];
  s << ")";
  return s.str();
}

void check_distribution(const Distribution& d) {
  auto need = [&](std::size_t n) {
    if (d.args.size() != n) {
      std::ostringstream s;
      s << "distribution " << distribution_label(d) << " needs " << n << " arguments";
      throw Error(s.str());
    }
    for (double a : d.args) {
      if (!std::isfinite(a)) throw Error("distribution " + distribution_label(d) + ": arguments must be finite");
    }
  };
  auto fail = [&](const std::string& why) {
    throw Error("distribution " + distribution_label(d) + ": " + why);
  };
  if (d.type == "uniform" || d.type == "discrete_uniform") {
    need(2);
    if (d.args[0] > d.args[1]) fail("min must not exceed max");
  } else if (d.type == "normal" || d.type == "lognormal") {
    need(2);
    if (d.args[1] < 0) fail("sigma must be >= 0");
  } else if (d.type == "exponential") {
    need(1);
    if (d.args[0] <= 0) fail("lambda must be > 0");
  } else if (d.type == "gamma") {
    need(2);
    if (d.args[0] <= 0 || d.args[1] <= 0) fail("alpha and beta must be > 0");
  } else if (d.type == "binomial") {
    need(2);
    if (d.args[0] < 0 || d.args[0] != std::floor(d.args[0])) fail("n must be a whole number >= 0");
    if (d.args[1] < 0 || d.args[1] > 1) fail("p must be in [0, 1]");
  } else {
    throw Error("unknown distribution type '" + d.type + "'");
  }
  if (d.has_min && d.has_max && d.min > d.max) fail("min must not exceed max");
}

double draw_one(const Distribution& d, Rng& rng) {
  double x = 0.0;
  const auto& a = d.args;
  if (d.type == "uniform") x = rng.uniform(a[0], a[1]);
  else if (d.type == "discrete_uniform")
    x = static_cast<double>(rng.discrete_uniform(static_cast<long>(std::ceil(a[0])),
                                                 static_cast<long>(std::floor(a[1]))));
  else if (d.type == "normal") x = rng.normal(a[0], a[1]);
  else if (d.type == "lognormal") x = rng.lognormal(a[0], a[1]);
  else if (d.type == "exponential") x = rng.exponential(a[0]);
  else if (d.type == "gamma") x = rng.gamma(a[0], a[1]);
  else if (d.type == "binomial") x = static_cast<double>(rng.binomial(static_cast<long>(a[0]), a[1]));
  else throw Error("unknown distribution type '" + d.type + "'");
  if (d.has_min && x < d.min) x = d.min;
  if (d.has_max && x > d.max) x = d.max;
  return x;
}

std::vector<double> draw(const Distribution& d, std::size_t n, Rng& rng) {
  check_distribution(d);
  std::vector<double> out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = draw_one(d, rng);
  return out;
}

}  // namespace annr
