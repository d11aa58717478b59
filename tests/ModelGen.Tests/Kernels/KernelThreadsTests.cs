using ModelGen.Kernels;

namespace ModelGen.Tests.Kernels;

public class KernelThreadsTests
{
    [Fact]
    public void DefaultsToAtMostTwoThreads()
    {
        // Other tests restore the value they change, so the default is still in force here.
        Assert.Equal(Math.Min(2, Environment.ProcessorCount), KernelThreads.Count);
    }

    [Fact]
    public void RejectsFewerThanOneThread()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => KernelThreads.Count = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => KernelThreads.Count = -3);
    }

    [Fact]
    public void PoolRunsEveryPartOnceWhateverTheThreadCount()
    {
        var job = new CountingJob(8);
        WorkerPool.Shared.Run(job, 8);
        Assert.All(job.Runs, count => Assert.Equal(1, count));
        Assert.True(job.Threads.Count > 1, "parts should have run on worker threads too");
    }

    [Fact]
    public void PoolPropagatesFailuresAndStaysUsable()
    {
        Assert.Throws<InvalidOperationException>(() => WorkerPool.Shared.Run(new FailingJob(), 3));
        var job = new CountingJob(3);
        WorkerPool.Shared.Run(job, 3);
        Assert.All(job.Runs, count => Assert.Equal(1, count));
    }

    private sealed class CountingJob(int parts) : IParallelJob
    {
        public readonly int[] Runs = new int[parts];
        public readonly HashSet<int> Threads = [];

        public void Execute(int part)
        {
            Interlocked.Increment(ref Runs[part]);
            lock (Threads) Threads.Add(Environment.CurrentManagedThreadId);
            Thread.Sleep(5); // long enough that the caller cannot run every part before a worker starts
        }
    }

    private sealed class FailingJob : IParallelJob
    {
        public void Execute(int part)
        {
            if (part == 2) throw new InvalidOperationException("part 2 failed");
        }
    }
}
