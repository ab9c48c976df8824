/**
 * Solves A x = b for the leading n×n block of a symmetric positive-definite matrix stored row-major
 * with row length `stride`; entries of x past n are set to 0. Overwrites the lower triangle of `a`
 * with the factor. Returns false when the block is not positive definite.
 */
export function solveCholesky(n: number, stride: number, a: Float64Array, b: Float64Array, x: Float64Array): boolean {
  x.fill(0);
  for (let j = 0; j < n; j++) {
    let d = a[j * stride + j]!;
    for (let k = 0; k < j; k++) d -= a[j * stride + k]! ** 2;
    if (!(d > 0)) return false;
    const root = Math.sqrt(d);
    a[j * stride + j] = root;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * stride + j]!;
      for (let k = 0; k < j; k++) s -= a[i * stride + k]! * a[j * stride + k]!;
      a[i * stride + j] = s / root;
    }
  }
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= a[i * stride + k]! * x[k]!;
    x[i] = s / a[i * stride + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let k = i + 1; k < n; k++) s -= a[k * stride + i]! * x[k]!;
    x[i] = s / a[i * stride + i]!;
  }
  return true;
}
