// Tests switch the process-wide SIMD tier and the kernel thread count: run them one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
