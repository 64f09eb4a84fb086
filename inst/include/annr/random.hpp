// Reproducible random numbers for the simulation core.
//
// Every network has one 64-bit seed. Each consumer (a population's equations,
// a projection's connector, the initial values of one attribute, ...) gets its
// own stream, derived from (seed, stream id) by hashing, so results do not
// depend on how many networks run at once, on which thread, or in which order.
// We implement the generator ourselves (xoshiro256++, splitmix64 seeding) and
// the distributions too: std::normal_distribution & co. differ between
// standard libraries, which would break bit-reproducibility across machines.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace annr {

// splitmix64 step: used to expand seeds and to hash stream ids.
uint64_t splitmix64(uint64_t& state);

// Seed of stream `stream` of a network whose seed is `seed`.
uint64_t derive_seed(uint64_t seed, uint64_t stream);

// Well-known stream ids, combined with object ids so that every consumer
// draws from its own stream: stream = kind * 2^32 + object id (+ extra).
enum StreamKind : uint64_t {
  kStreamPopulationEquations = 1,  // random numbers inside neuron equations
  kStreamPopulationInit = 2,       // initial values drawn from distributions
  kStreamProjectionConnect = 3,    // connectivity, weights and delays
  kStreamProjectionEquations = 4,  // random numbers inside synapse equations
  kStreamNetworkCopy = 5           // seeds of copies made by parallel_run
};
uint64_t stream_id(StreamKind kind, uint64_t object_id, uint64_t extra = 0);

// The whole state of an Rng (xoshiro256++ words and the spare normal of the
// polar method): saving and restoring it continues the stream exactly.
struct RngState {
  uint64_t s[4] = {0, 0, 0, 0};
  bool has_spare_normal = false;
  double spare_normal = 0.0;
};

class Rng {
 public:
  explicit Rng(uint64_t seed = 42);
  void seed(uint64_t seed);
  uint64_t next();              // 64 random bits
  double uniform01();           // [0, 1), 53-bit resolution
  double uniform(double a, double b);
  double normal(double mu, double sigma);
  double lognormal(double mu, double sigma);
  double exponential(double lambda);
  double gamma(double alpha, double beta);  // shape alpha, scale beta
  long discrete_uniform(long a, long b);    // inclusive bounds
  long binomial(long n, double p);
  // Fills out[0..n) with uniform01() draws (vectorised consumers).
  void fill_uniform01(double* out, std::size_t n);
  void fill_normal(double* out, std::size_t n, double mu, double sigma);
  RngState state() const;
  // Throws annr::Error for a state xoshiro cannot run from (all words zero).
  void set_state(const RngState& state);

 private:
  uint64_t s_[4];
  bool has_spare_normal_ = false;
  double spare_normal_ = 0.0;
};

// A random distribution as written by the user: Uniform(0, 1),
// Normal(mu, sigma, min, max), ... Used for initial values, weights and delays.
struct Distribution {
  std::string type;            // "uniform", "discrete_uniform", "normal",
                               // "lognormal", "exponential", "gamma", "binomial"
  std::vector<double> args;    // in the user's order (e.g. mu, sigma)
  bool has_min = false, has_max = false;
  double min = 0.0, max = 0.0;  // clamp bounds (not truncation), like ANNarchy
};

// Checks a distribution's type and arguments; throws annr::Error naming the
// distribution and the bad argument.
void check_distribution(const Distribution& d);

// Draws n values from d (clamped to [min, max] where set).
std::vector<double> draw(const Distribution& d, std::size_t n, Rng& rng);
double draw_one(const Distribution& d, Rng& rng);

}  // namespace annr
