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
/// Persistent worker threads for the kernels. A call hands parts 1.. to workers and runs part 0 on
/// the calling thread, then waits. Nothing is allocated per call (no Task, no closure), so kernels
/// stay allocation-free; workers spin briefly after each job because kernel calls come in bursts
/// (one per layer), then sleep on an event so an idle process burns no CPU.
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
    private int _pending;
    private Exception? _failure;

    /// <summary>
    /// Runs <paramref name="job"/>'s parts 0..<paramref name="parts"/>-1 and returns when all are done.
    /// If the pool is already running a job (a second caller thread, or a kernel called from inside a
    /// part) the parts run one after another on the calling thread instead: same results, no deadlock.
    /// </summary>
    public void Run(IParallelJob job, int parts)
    {
        if (parts <= 1 || Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            for (int part = 0; part < parts; part++) job.Execute(part);
            return;
        }
        try
        {
            Worker[] workers = EnsureWorkers(parts - 1);
            _failure = null;
            Volatile.Write(ref _pending, parts - 1);
            for (int part = 1; part < parts; part++) workers[part - 1].Start(job, part);
            try
            {
                job.Execute(0);
            }
            finally
            {
                WaitForWorkers();
            }
            if (_failure is { } failure) ExceptionDispatchInfo.Capture(failure).Throw();
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    private void WaitForWorkers()
    {
        // The other parts take about as long as ours, so spinning is cheaper than blocking.
        var spinner = new SpinWait();
        while (Volatile.Read(ref _pending) != 0) spinner.SpinOnce(sleep1Threshold: -1);
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

    /// <summary>
    /// Bytes the worker threads have allocated since they started (as of their last finished job).
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

    private void Finished(Exception? failure)
    {
        if (failure != null) Interlocked.CompareExchange(ref _failure, failure, null);
        Interlocked.Decrement(ref _pending);
    }

    private sealed class Worker
    {
        private readonly WorkerPool _pool;
        private readonly ManualResetEventSlim _wake = new(false, spinCount: 1);
        private IParallelJob? _job;
        private int _part;
        private int _ticket;
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

        public void Start(IParallelJob job, int part)
        {
            _job = job;
            _part = part;
            Interlocked.Increment(ref _ticket); // full fence: the job is visible before the ticket
            _wake.Set();
        }

        private void Loop()
        {
            int seen = 0;
            while (true)
            {
                WaitForTicket(seen);
                seen = Volatile.Read(ref _ticket);
                _wake.Reset();
                Exception? failure = null;
                try
                {
                    _job!.Execute(_part);
                }
                catch (Exception e)
                {
                    failure = e;
                }
                _job = null;
                Volatile.Write(ref _allocatedBytes, GC.GetAllocatedBytesForCurrentThread());
                _pool.Finished(failure);
            }
        }

        private void WaitForTicket(int seen)
        {
            long spinUntil = Stopwatch.GetTimestamp() + SpinTicks;
            while (Volatile.Read(ref _ticket) == seen)
            {
                if (Stopwatch.GetTimestamp() < spinUntil) Thread.SpinWait(30);
                else _wake.Wait();
            }
        }
    }
}
