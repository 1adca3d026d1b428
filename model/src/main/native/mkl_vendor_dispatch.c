/*
 * Lets Intel MKL (statically linked into DJL's libtorch) choose its kernels by the instructions the CPU has
 * rather than by its vendor.
 *
 * MKL asks mkl_serv_intel_cpu_true() whether it runs on an Intel processor and, when it does not, takes a generic
 * path for its matrix products even where the CPU has AVX2 or AVX-512: on an AMD EPYC with AVX-512 libtorch's
 * sgemm ran at about half the speed OpenBLAS reaches on the same cores. libtorch exports the function and calls it
 * through the dynamic linker, so a definition loaded first with LD_PRELOAD takes its place (see
 * model/README.md, "Native runtime"). MKL still reads the CPU's feature flags before it uses an instruction set,
 * so this only removes the vendor condition.
 */
int mkl_serv_intel_cpu_true(void) {
    return 1;
}
