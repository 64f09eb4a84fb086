// The bytecode interpreter: one fixed-length loop per instruction.
//
// R builds packages with -O2, where GCC only vectorises very cheap loops;
// ask for the vectoriser explicitly in this file, which is the hot loop.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("tree-vectorize", "vect-cost-model=dynamic")
#endif

#include <cmath>
#include <cstring>

#include "annr/bytecode.hpp"

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
#define ANNR_VECTOR_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define ANNR_VECTOR_CLONES
#endif

namespace annr {

double apply_func1(Func f, double x) {
  switch (f) {
    case Func::Exp: return std::exp(x);
    case Func::Log: return std::log(x);
    case Func::Log10: return std::log10(x);
    case Func::Sin: return std::sin(x);
    case Func::Cos: return std::cos(x);
    case Func::Tan: return std::tan(x);
    case Func::Asin: return std::asin(x);
    case Func::Acos: return std::acos(x);
    case Func::Atan: return std::atan(x);
    case Func::Sinh: return std::sinh(x);
    case Func::Cosh: return std::cosh(x);
    case Func::Tanh: return std::tanh(x);
    case Func::Sqrt: return std::sqrt(x);
    case Func::Abs: return std::fabs(x);
    case Func::Floor: return std::floor(x);
    case Func::Ceil: return std::ceil(x);
    case Func::Round: return std::round(x);
    case Func::Pos: return x > 0.0 ? x : 0.0;
    case Func::Neg: return x < 0.0 ? x : 0.0;
    case Func::IsFinite: return std::isfinite(x) ? 1.0 : 0.0;
    case Func::IsNan: return std::isnan(x) ? 1.0 : 0.0;
    default: return 0.0;
  }
}

double apply_func2(Func f, double x, double y) {
  switch (f) {
    case Func::Pow: return std::pow(x, y);
    case Func::Modulo: {
      // Python's modulo: the result has the sign of the divisor.
      const double r = std::fmod(x, y);
      return (r != 0.0 && ((r < 0.0) != (y < 0.0))) ? r + y : r;
    }
    case Func::Max: return x > y ? x : y;
    case Func::Min: return x < y ? x : y;
    case Func::Atan2: return std::atan2(x, y);
    default: return 0.0;
  }
}

double apply_binary(const std::string& op, double a, double b) {
  if (op == "+") return a + b;
  if (op == "-") return a - b;
  if (op == "*") return a * b;
  if (op == "/") return a / b;
  if (op == "^") return b == 2.0 ? a * a : std::pow(a, b);
  if (op == "<") return a < b;
  if (op == "<=") return a <= b;
  if (op == ">") return a > b;
  if (op == ">=") return a >= b;
  if (op == "==") return a == b;
  if (op == "!=") return a != b;
  if (op == "and") return (a != 0.0) && (b != 0.0);
  if (op == "or") return (a != 0.0) || (b != 0.0);
  return 0.0;
}

double eval_scalar(const ExprPtr& e, const double* s) {
  switch (e->kind) {
    case Expr::Number: return e->value;
    case Expr::Name: return s[static_cast<int>(e->value)];
    case Expr::Unary: {
      const double a = eval_scalar(e->args[0], s);
      return e->name == "-" ? -a : (a == 0.0 ? 1.0 : 0.0);
    }
    case Expr::Binary: {
      const double a = eval_scalar(e->args[0], s);
      const double b = eval_scalar(e->args[1], s);
      return apply_binary(e->name, a, b);
    }
    case Expr::If:
      return eval_scalar(e->args[0], s) != 0.0 ? eval_scalar(e->args[1], s)
                                               : eval_scalar(e->args[2], s);
    case Expr::Call: {
      // Resolved calls carry their Func code in `value`.
      const Func f = static_cast<Func>(static_cast<int>(e->value));
      if (e->name == "ite") {
        return eval_scalar(e->args[0], s) != 0.0 ? eval_scalar(e->args[1], s)
                                                 : eval_scalar(e->args[2], s);
      }
      if (e->name == "clip") {
        const double x = eval_scalar(e->args[0], s);
        const double lo = eval_scalar(e->args[1], s);
        const double hi = eval_scalar(e->args[2], s);
        return x < lo ? lo : (x > hi ? hi : x);
      }
      if (e->args.size() == 1) return apply_func1(f, eval_scalar(e->args[0], s));
      return apply_func2(f, eval_scalar(e->args[0], s), eval_scalar(e->args[1], s));
    }
  }
  return 0.0;
}

namespace {

constexpr std::size_t N = kChunk;

// Distribution codes of RandDistribution (see model_compiler.cpp).
double draw_code(int code, double a, double b, Rng& rng) {
  switch (code) {
    case 0: return rng.uniform(a, b);
    case 1: return rng.normal(a, b);
    case 2: return rng.lognormal(a, b);
    case 3: return rng.exponential(a);
    case 4: return rng.gamma(a, b);
    case 5: return static_cast<double>(rng.discrete_uniform(static_cast<long>(std::ceil(a)),
                                                            static_cast<long>(std::floor(b))));
    case 6: return static_cast<double>(rng.binomial(static_cast<long>(a), b));
    default: return 0.0;
  }
}

}  // namespace

double draw_distribution(int code, double a, double b, Rng& rng) { return draw_code(code, a, b, rng); }

// Compiled twice (AVX2 and baseline x86-64) and chosen at load time, so the
// same binary uses wide vectors where the CPU has them. No FMA: results are
// bit-identical on every x86-64 machine.
ANNR_VECTOR_CLONES
void run_program(const Program& program, double* const* v, const double* s,
                 const double* __restrict m, bool masked, Rng& rng, std::size_t count) {
  for (const Instr& in : program.code) {
    double* __restrict d = v[in.dst];
    switch (in.op) {
      case Op::AddVV: {
        const double* __restrict a = v[in.a];
        const double* __restrict b = v[in.b];
        for (std::size_t j = 0; j < N; ++j) d[j] = a[j] + b[j];
        break;
      }
      case Op::AddVS: {
        const double* __restrict a = v[in.a];
        const double b = s[in.b];
        for (std::size_t j = 0; j < N; ++j) d[j] = a[j] + b;
        break;
      }
      case Op::SubVV: {
        const double* __restrict a = v[in.a];
        const double* __restrict b = v[in.b];
        for (std::size_t j = 0; j < N; ++j) d[j] = a[j] - b[j];
        break;
      }
      case Op::SubVS: {
        const double* __restrict a = v[in.a];
        const double b = s[in.b];
        for (std::size_t j = 0; j < N; ++j) d[j] = a[j] - b;
        break;
      }
      case Op::SubSV: {
        const double a = s[in.a];
        const double* __restrict b = v[in.b];
        for (std::size_t j = 0; j < N; ++j) d[j] = a - b[j];
        break;
      }
      case Op::MulVV: {
        const double* __restrict a = v[in.a];
        const double* __restrict b = v[in.b];
        for (std::size_t j = 0; j < N; ++j) d[j] = a[j] * b[j];
        break;
      }
      case Op::MulVS: {
        const double* __restrict a = v[in.a];
        const double b = s[in.b];
        for (std::size_t j = 0; j < N; ++j) d[j] = a[j] * b;
        break;
      }
      case Op::DivVV: {
        const double* __restrict a = v[in.a];
        const double* __restrict b = v[in.b];
        for (std::size_t j = 0; j < N; ++j) d[j] = a[j] / b[j];
        break;
      }
      case Op::DivVS: {
        const double* __restrict a = v[in.a];
        const double b = s[in.b];
        for (std::size_t j = 0; j < N; ++j) d[j] = a[j] / b;
        break;
      }
      case Op::DivSV: {
        const double a = s[in.a];
        const double* __restrict b = v[in.b];
        for (std::size_t j = 0; j < N; ++j) d[j] = a / b[j];
        break;
      }
      case Op::MulAddVVV: {
        const double* __restrict a = v[in.a];
        const double* __restrict b = v[in.b];
        const double* __restrict c = v[in.c];
        for (std::size_t j = 0; j < N; ++j) d[j] = a[j] * b[j] + c[j];
        break;
      }
      case Op::AccMulSubSVV: {
        const double a = s[in.a];
        const double* __restrict b = v[in.b];
        const double* __restrict c = v[in.c];
        for (std::size_t j = 0; j < N; ++j) d[j] += (a - b[j]) * c[j];
        break;
      }
      case Op::MulSubSVV: {
        const double a = s[in.a];
        const double* __restrict b = v[in.b];
        const double* __restrict c = v[in.c];
        for (std::size_t j = 0; j < N; ++j) d[j] = (a - b[j]) * c[j];
        break;
      }
      case Op::Neg: {
        const double* __restrict a = v[in.a];
        for (std::size_t j = 0; j < N; ++j) d[j] = -a[j];
        break;
      }
      case Op::Copy: {
        const double* a = v[in.a];
        if (a != d) for (std::size_t j = 0; j < N; ++j) d[j] = a[j];
        break;
      }
      case Op::Broadcast: {
        const double a = s[in.a];
        for (std::size_t j = 0; j < N; ++j) d[j] = a;
        break;
      }
      case Op::Func1: {
        const double* __restrict a = v[in.a];
        const Func f = static_cast<Func>(in.fn);
        if (f == Func::Exp) {
          for (std::size_t j = 0; j < N; ++j) d[j] = std::exp(a[j]);
        } else {
          for (std::size_t j = 0; j < N; ++j) d[j] = apply_func1(f, a[j]);
        }
        break;
      }
      case Op::Func2: {
        const double* __restrict a = v[in.a];
        const double* __restrict b = v[in.b];
        const Func f = static_cast<Func>(in.fn);
        for (std::size_t j = 0; j < N; ++j) d[j] = apply_func2(f, a[j], b[j]);
        break;
      }
#define ANNR_CMP(OPNAME, EXPR)                                                  \
  case Op::OPNAME: {                                                            \
    const double* __restrict a = v[in.a];                                       \
    const double* __restrict b = v[in.b];                                       \
    for (std::size_t j = 0; j < N; ++j) d[j] = (EXPR) ? 1.0 : 0.0;              \
    break;                                                                      \
  }
      ANNR_CMP(Lt, a[j] < b[j])
      ANNR_CMP(Le, a[j] <= b[j])
      ANNR_CMP(Gt, a[j] > b[j])
      ANNR_CMP(Ge, a[j] >= b[j])
      ANNR_CMP(Eq, a[j] == b[j])
      ANNR_CMP(Ne, a[j] != b[j])
      ANNR_CMP(And, (a[j] != 0.0) & (b[j] != 0.0))
      ANNR_CMP(Or, (a[j] != 0.0) | (b[j] != 0.0))
#undef ANNR_CMP
#define ANNR_CMP_S(OPNAME, OPER)                                                \
  case Op::OPNAME: {                                                            \
    const double* __restrict a = v[in.a];                                       \
    const double b = s[in.b];                                                   \
    for (std::size_t j = 0; j < N; ++j) d[j] = (a[j] OPER b) ? 1.0 : 0.0;       \
    break;                                                                      \
  }
      ANNR_CMP_S(LtVS, <)
      ANNR_CMP_S(LeVS, <=)
      ANNR_CMP_S(GtVS, >)
      ANNR_CMP_S(GeVS, >=)
#undef ANNR_CMP_S
      case Op::Not: {
        const double* __restrict a = v[in.a];
        for (std::size_t j = 0; j < N; ++j) d[j] = a[j] == 0.0 ? 1.0 : 0.0;
        break;
      }
      case Op::Select: {
        const double* __restrict a = v[in.a];
        const double* __restrict b = v[in.b];
        const double* __restrict c = v[in.c];
        for (std::size_t j = 0; j < N; ++j) d[j] = a[j] != 0.0 ? b[j] : c[j];
        break;
      }
      case Op::Clip: {
        const double* __restrict a = v[in.a];
        const double* __restrict b = v[in.b];
        const double* __restrict c = v[in.c];
        for (std::size_t j = 0; j < N; ++j) {
          const double x = a[j] < b[j] ? b[j] : a[j];
          d[j] = x > c[j] ? c[j] : x;
        }
        break;
      }
      case Op::RandUniform01:
        rng.fill_uniform01(d, count);
        for (std::size_t j = count; j < N; ++j) d[j] = 0.5;
        break;
      case Op::RandNormal01:
        rng.fill_normal(d, count, 0.0, 1.0);
        for (std::size_t j = count; j < N; ++j) d[j] = 0.0;
        break;
      case Op::RandDistribution: {
        const double a = s[in.a];
        const double b = in.b >= 0 ? s[in.b] : 0.0;
        for (std::size_t j = 0; j < count; ++j) d[j] = draw_code(in.fn, a, b, rng);
        for (std::size_t j = count; j < N; ++j) d[j] = 0.0;
        break;
      }
      case Op::Assign: {
        const double* a = v[in.a];
        if (a != d) for (std::size_t j = 0; j < N; ++j) d[j] = a[j];
        break;
      }
      case Op::AssignMasked: {
        const double* __restrict a = v[in.a];
        if (!masked) {
          for (std::size_t j = 0; j < N; ++j) d[j] = a[j];
        } else {
          // m is 0.0 / 1.0: an arithmetic blend vectorises where a select
          // would not; it is exact for finite values.
          for (std::size_t j = 0; j < N; ++j) d[j] = a[j] * m[j] + d[j] * (1.0 - m[j]);
        }
        break;
      }
      case Op::Axpy: {
        const double* __restrict a = v[in.a];
        const double k = s[in.b];
        for (std::size_t j = 0; j < N; ++j) d[j] += k * a[j];
        break;
      }
      case Op::AxpyMasked: {
        const double* __restrict a = v[in.a];
        const double k = s[in.b];
        if (!masked) {
          for (std::size_t j = 0; j < N; ++j) d[j] += k * a[j];
        } else {
          for (std::size_t j = 0; j < N; ++j) d[j] += (k * a[j]) * m[j];
        }
        break;
      }
      case Op::Truncate:
        for (std::size_t j = 0; j < N; ++j) d[j] = std::trunc(d[j]);
        break;
      case Op::Booleanize:
        for (std::size_t j = 0; j < N; ++j) d[j] = d[j] != 0.0 ? 1.0 : 0.0;
        break;
      case Op::ClampMin: {
        const double k = s[in.a];
        for (std::size_t j = 0; j < N; ++j) d[j] = d[j] < k ? k : d[j];
        break;
      }
      case Op::ClampMax: {
        const double k = s[in.a];
        for (std::size_t j = 0; j < N; ++j) d[j] = d[j] > k ? k : d[j];
        break;
      }
    }
  }
}

}  // namespace annr

namespace annr {

// Per-chunk bookkeeping of the neuron update, here to share the vectoriser
// setting of this file.
ANNR_VECTOR_CLONES
int chunk_refractory_mask(const int* __restrict refr, double* __restrict mask) {
  int refractory = 0;
  for (std::size_t j = 0; j < kChunk; ++j) {
    mask[j] = refr[j] == 0 ? 1.0 : 0.0;
    refractory += refr[j] != 0;
  }
  return refractory;
}

ANNR_VECTOR_CLONES
int chunk_spikes(const double* __restrict cond, const double* __restrict mask,
                 double* __restrict spikemask, std::size_t count) {
  // cond and mask are 0.0 / 1.0, so their product is the spike mask.
  for (std::size_t j = 0; j < kChunk; ++j) spikemask[j] = cond[j] * mask[j];
  for (std::size_t j = count; j < kChunk; ++j) spikemask[j] = 0.0;
  // OR of the bit patterns: an integer reduction, which vectorises.
  uint64_t any = 0;
  for (std::size_t j = 0; j < kChunk; ++j) {
    uint64_t bits;
    std::memcpy(&bits, spikemask + j, sizeof bits);
    any |= bits;
  }
  return any != 0 ? 1 : 0;
}

ANNR_VECTOR_CLONES
void chunk_decrement(int* __restrict refr) {
  for (std::size_t j = 0; j < kChunk; ++j) refr[j] -= refr[j] > 0 ? 1 : 0;
}

}  // namespace annr
