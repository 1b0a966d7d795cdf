internal import CBLAS

/// Process-wide settings of the BLAS library (OpenBLAS) that backs every matrix product.
public enum BLAS {
    /// Number of threads OpenBLAS uses for one call (process-wide; default: all cores, or
    /// `OPENBLAS_NUM_THREADS`). Setting it affects every module that calls BLAS.
    public static var threadCount: Int {
        get { Int(openblas_get_num_threads()) }
        set { openblas_set_num_threads(Int32(max(1, newValue))) }
    }
}
