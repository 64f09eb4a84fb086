// y += A x through the Fortran BLAS (R's BLAS in the package; -lblas for the
// C++ tests). A rate-coded all-to-all projection stores w by pre-synaptic
// neuron with every post-synaptic neuron in order, which is exactly a
// column-major (post x pre) matrix, so no copy is needed.
#include "annr/dense_matvec.hpp"

#include <climits>

#include "annr/errors.hpp"

extern "C" {
// The trailing length is the hidden length of the character argument that
// gfortran-compiled BLAS expects (R's FCONE).
void dgemv_(const char* trans, const int* m, const int* n, const double* alpha, const double* a,
            const int* lda, const double* x, const int* incx, const double* beta, double* y,
            const int* incy, std::size_t trans_len);
}

namespace annr {

void dense_matvec_add(std::size_t n_rows, std::size_t n_cols, const double* a, const double* x, double* y) {
  if (n_rows == 0 || n_cols == 0) return;
  if (n_rows > static_cast<std::size_t>(INT_MAX) || n_cols > static_cast<std::size_t>(INT_MAX)) {
    throw Error("dense projection too large for BLAS (more than 2^31 - 1 rows or columns)");
  }
  const int m = static_cast<int>(n_rows), n = static_cast<int>(n_cols), one = 1;
  const double alpha = 1.0, beta = 1.0;
  dgemv_("N", &m, &n, &alpha, a, &m, x, &one, &beta, y, &one, 1);
}

}  // namespace annr
