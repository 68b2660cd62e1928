package match

import (
	"runtime"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// gramRowsBlock is how many rows of x gram applies at a time to every row
// of the result it owns: a block of 64 rows of 160 columns (80 KB) stays in
// cache while it is.
const gramRowsBlock = 64

// gram returns XᵀX for X (m x l, row-major), bit for bit what gonum's
// SymOuterK(1, X.T()) returns (BLAS dsyrk, upper triangle): row i of the
// result is the sum, over the rows k of X in order, of X[k][i] times
// X[k][i:], one axpy each. Only the way those axpys are scheduled differs:
// the result's rows are shared out among the cores, and each core applies a
// block of X's rows to all of its rows before it reads the next block,
// where dsyrk reads all of X once per result row, on one core.
func gram(x []float64, m, l int) *mat.SymDense {
	c := make([]float64, l*l)
	impl := blas64.Implementation()
	workers := max(1, min(runtime.GOMAXPROCS(0), (l+1)/2))
	forEachBlock(workers, func(w int) {
		// Row i costs l-i axpy steps: rows i and l-1-i together cost the
		// same for every pair, so pairs are dealt round-robin.
		var mine []int
		for p := w; p < (l+1)/2; p += workers {
			mine = append(mine, p)
			if q := l - 1 - p; q != p {
				mine = append(mine, q)
			}
		}
		for k0 := 0; k0 < m; k0 += gramRowsBlock {
			k1 := min(k0+gramRowsBlock, m)
			for _, i := range mine {
				ci := c[i*l+i : i*l+l]
				for k := k0; k < k1; k++ {
					// dsyrk skips a zero; so does Daxpy (alpha == 0).
					impl.Daxpy(l-i, x[k*l+i], x[k*l+i:k*l+l], 1, ci, 1)
				}
			}
		}
	})
	return mat.NewSymDense(l, c)
}
