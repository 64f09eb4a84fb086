// Dense matrix-vector products for all-to-all rate-coded projections,
// through the BLAS R is linked with (dgemv); no R headers.
#pragma once

#include <cstddef>

namespace annr {

// y += A x, with A column-major of n_rows x n_cols (leading dimension n_rows).
void dense_matvec_add(std::size_t n_rows, std::size_t n_cols, const double* a, const double* x, double* y);

}  // namespace annr
