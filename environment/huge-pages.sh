# Sourced by ./mnist-course and environment/benchmark.sh: glibc's malloc asks the kernel for transparent huge pages
# (madvise) for the memory it maps, as the notebook kernels get it from environment/kernel-runtime.json. libtorch's
# tensors come from malloc; on these VMs a page fault is dear, and one huge page replaces 512 of them: a run of
# `mnist-course train` took about 6% less CPU (60,000 page faults down to 24,000), for some 15 MB more peak memory.
# A GLIBC_TUNABLES of the caller's own is kept.
course_malloc_tunables="glibc.malloc.hugetlb=1"
case ":${GLIBC_TUNABLES:-}:" in
  *":$course_malloc_tunables:"*) ;;
  *) export GLIBC_TUNABLES="${GLIBC_TUNABLES:+$GLIBC_TUNABLES:}$course_malloc_tunables" ;;
esac
