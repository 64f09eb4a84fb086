// The vectorised bytecode that runs the equations (internal to the core).
//
// A program is a list of instructions over operand slots. Vector slots are
// arrays of kChunk doubles (a window on a per-neuron attribute array, or a
// scratch register); scalar slots hold one double (t, dt, constants,
// population-wide attributes, and every subexpression that depends on them
// only, hoisted out of the neuron loop and computed once per step). Each
// instruction is one simple loop of fixed length kChunk over contiguous
// memory, which the compiler vectorises; the interpreter's dispatch cost is
// paid once per kChunk neurons, not per neuron.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "annr/expression.hpp"
#include "annr/model.hpp"

namespace annr {

enum class Op : uint8_t {
  // arithmetic; suffix V = vector slot, S = scalar slot, in operand order
  AddVV, AddVS, SubVV, SubVS, SubSV, MulVV, MulVS, DivVV, DivVS, DivSV,
  MulAddVVV,  // dst = a * b + c
  MulSubSVV,  // dst = (s - a) * b   (conductance terms g * (E - v))
  AccMulSubSVV,  // dst += (s - a) * b (a sum of conductance terms)
  Neg, Copy, Broadcast,  // Broadcast: vector dst = scalar a
  Func1,                 // dst = fn(a)
  Func2,                 // dst = fn(a, b), vectors
  Lt, Le, Gt, Ge, Eq, Ne,  // vectors -> 1.0 / 0.0
  LtVS, LeVS, GtVS, GeVS,  // vector vs scalar comparisons
  And, Or, Not, Select,    // Select: dst = a != 0 ? b : c
  Clip,                    // dst = min(max(a, b), c), vectors
  RandUniform01, RandNormal01,  // fill dst with fresh draws
  RandDistribution,        // fill dst with draws of distribution fn (args: scalars a, b)
  // commits of new values into attributes (refractory neurons are masked)
  Assign,        // dst = a
  AssignMasked,  // dst = mask ? a : dst
  Axpy,          // dst += s * a      (s: scalar slot b)
  AxpyMasked,    // dst = mask ? dst + s * a : dst
  Truncate,      // int attributes: dst = trunc(dst)
  Booleanize,    // bool attributes: dst = dst != 0
  ClampMin,      // dst = max(dst, s)
  ClampMax       // dst = min(dst, s)
};

enum class Func : uint8_t {
  Exp, Log, Log10, Sin, Cos, Tan, Asin, Acos, Atan, Sinh, Cosh, Tanh, Sqrt,
  Abs, Floor, Ceil, Round, Pos, Neg, IsFinite, IsNan,
  // two arguments
  Pow, Modulo, Max, Min, Atan2
};

struct Instr {
  Op op;
  uint8_t fn = 0;  // Func, or distribution code for RandDistribution
  int dst = -1, a = -1, b = -1, c = -1;
};

// A scalar expression evaluated once per step: a tree whose names were
// resolved to scalar slots (Expr::Name with value = slot index).
// With draw_code >= 0 it is a random draw instead (a population-wide
// equation's Normal(), Uniform(), ...): distribution draw_code of
// random_functions() with arguments expr and expr_b, from the population's
// stream, once per step.
struct ScalarAssignment {
  int slot;
  ExprPtr expr;
  int global_attribute = -1;  // write back into this attribute (value[0])
  int draw_code = -1;
  ExprPtr expr_b{};  // empty unless draw_code names a two-argument draw
};

struct Program {
  std::vector<Instr> code;
};

// Vector slot kinds: where a slot's kChunk window points for a given chunk.
struct VectorSlot {
  enum Kind { Attribute, Sum, LastSpike, Temp, Mask } kind = Temp;
  int index = 0;  // attribute / target index, or temp register number
};

double eval_scalar(const ExprPtr& e, const double* scalars);
// One draw of distribution `code` (see random_functions()) with arguments a, b.
double draw_distribution(int code, double a, double b, Rng& rng);
// A binary operator of the language ("+", "<=", "and", ...) on two numbers.
double apply_binary(const std::string& op, double a, double b);
double apply_func1(Func f, double x);
double apply_func2(Func f, double x, double y);

// Runs `program` on one chunk. `v` holds the chunk's window of every vector
// slot, `s` the scalar slots, `mask` the active neurons (1.0/0.0), `masked`
// whether any neuron of the chunk is masked out, `count` the real neurons in
// the chunk (random draws are made for those only, so results do not depend
// on the padding).
void run_program(const Program& program, double* const* v, const double* s,
                 const double* mask, bool masked, Rng& rng, std::size_t count);

// Chunk bookkeeping (bytecode_vm.cpp): refractory mask (returns the number
// of refractory neurons), spike mask (returns the number of spikes),
// refractory counters decremented.
int chunk_refractory_mask(const int* refr, double* mask);
int chunk_spikes(const double* cond, const double* mask, double* spikemask, std::size_t count);
void chunk_decrement(int* refr);

}  // namespace annr
