using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace ModelGen.Kernels;

/// <summary>A piece of kernel work split into independent parts that may run on different threads.</summary>
internal interface IParallelJob
{
    /// <summary>Runs one part. Parts must not depend on each other or on the thread that runs them.</summary>
    void Execute(int part);
}

/// <summary>
/// Persistent worker threads for the kernels. The calling thread and the workers claim parts from a
/// shared counter until none are left, so a worker that wakes late simply finds nothing to do: a
/// call is never much slower than running it on one thread. Nothing is allocated per call (no Task,
/// no closure). Workers spin briefly after each job because kernel calls come in bursts (one per
/// layer), then sleep on an event so an idle process burns no CPU.
/// </summary>
internal sealed class WorkerPool
{
    /// <summary>The pool the kernels share.</summary>
    public static WorkerPool Shared { get; } = new();

    // How long an idle worker polls for the next job before it blocks. Waking a blocked thread costs
    // tens of microseconds, more than a whole small matrix product.
    private static readonly long SpinTicks = Stopwatch.Frequency / 5000; // 200 µs

    private readonly object _growLock = new();
    private Worker[] _workers = [];
    private int _busy;

    // The running job. _claim packs (generation << 32 | next unclaimed part) so that a worker still
    // holding an old generation can never claim a part of a newer job.
    private IParallelJob? _job;
    private int _parts;
    private int _generation;
    private long _claim;
    private int _unfinished;
    private Exception? _failure;

    /// <summary>
    /// Runs <paramref name="job"/>'s parts 0..<paramref name="parts"/>-1 on up to
    /// <see cref="KernelThreads.Count"/> threads and returns when all are done. If the pool is already
    /// running a job (a second caller thread, or a kernel called from inside a part) the parts run on
    /// the calling thread alone: same results, no deadlock.
    /// </summary>
    public void Run(IParallelJob job, int parts)
    {
        int helpers = Math.Min(parts, KernelThreads.Count) - 1;
        if (helpers <= 0 || Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            for (int part = 0; part < parts; part++) job.Execute(part);
            return;
        }
        try
        {
            Worker[] workers = EnsureWorkers(helpers);
            int generation = ++_generation;
            _job = job;
            _parts = parts;
            _failure = null;
            _unfinished = parts;
            Interlocked.Exchange(ref _claim, (long)generation << 32); // publishes the fields above
            for (int i = 0; i < helpers; i++) workers[i].Wake(generation);

            RunParts(generation);
            // The other parts take about as long as ours, so spinning is cheaper than blocking.
            var spinner = new SpinWait();
            while (Volatile.Read(ref _unfinished) != 0) spinner.SpinOnce(sleep1Threshold: -1);
            _job = null;
            if (_failure is { } failure) ExceptionDispatchInfo.Capture(failure).Throw();
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    /// <summary>
    /// Bytes the worker threads have allocated since they started (as of their last job).
    /// Lets tests check that multi-threaded kernels stay allocation-free on every thread.
    /// </summary>
    public long AllocatedBytesOnWorkers
    {
        get
        {
            long total = 0;
            foreach (Worker worker in _workers) total += worker.AllocatedBytes;
            return total;
        }
    }

    /// <summary>Claims and runs parts of job <paramref name="generation"/> until none are left.</summary>
    private void RunParts(int generation)
    {
        while (true)
        {
            long claim = Volatile.Read(ref _claim);
            if ((int)(claim >> 32) != generation || (int)claim >= Volatile.Read(ref _parts)) return;
            if (Interlocked.CompareExchange(ref _claim, claim + 1, claim) != claim) continue;
            // The claim succeeded, so this generation cannot finish (and _job cannot change) until
            // the part is done.
            try
            {
                _job!.Execute((int)claim);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _failure, e, null);
            }
            Interlocked.Decrement(ref _unfinished);
        }
    }

    private Worker[] EnsureWorkers(int count)
    {
        Worker[] workers = _workers;
        if (workers.Length >= count) return workers;
        lock (_growLock)
        {
            workers = _workers;
            if (workers.Length >= count) return workers;
            var grown = new Worker[count];
            Array.Copy(workers, grown, workers.Length);
            for (int i = workers.Length; i < count; i++) grown[i] = new Worker(this, i + 1);
            _workers = grown;
            return grown;
        }
    }

    private sealed class Worker
    {
        private readonly WorkerPool _pool;
        private readonly ManualResetEventSlim _wake = new(false, spinCount: 1);
        private int _generation;
        private long _allocatedBytes;

        public Worker(WorkerPool pool, int index)
        {
            _pool = pool;
            var thread = new Thread(Loop)
            {
                IsBackground = true,
                Name = $"ModelGen kernel worker {index}",
            };
            thread.Start();
        }

        public long AllocatedBytes => Volatile.Read(ref _allocatedBytes);

        public void Wake(int generation)
        {
            Volatile.Write(ref _generation, generation);
            _wake.Set();
        }

        private void Loop()
        {
            int seen = 0;
            while (true)
            {
                seen = WaitForNewGeneration(seen);
                _pool.RunParts(seen);
                Volatile.Write(ref _allocatedBytes, GC.GetAllocatedBytesForCurrentThread());
            }
        }

        private int WaitForNewGeneration(int seen)
        {
            long spinUntil = Stopwatch.GetTimestamp() + SpinTicks;
            while (true)
            {
                int generation = Volatile.Read(ref _generation);
                if (generation != seen) return generation;
                if (Stopwatch.GetTimestamp() < spinUntil)
                {
                    Thread.SpinWait(30);
                    continue;
                }
                // Clear any stale signal, then look again: Wake writes the generation before it
                // sets the event, so a job published after this check still ends the Wait.
                _wake.Reset();
                Interlocked.MemoryBarrier();
                if (Volatile.Read(ref _generation) != seen) continue;
                _wake.Wait();
            }
        }
    }
}
