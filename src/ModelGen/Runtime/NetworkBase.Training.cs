using System.Diagnostics;

namespace ModelGen.Runtime;

/// <summary>The training loop with its controls: schedules, clipping, penalties, early stopping and the non-finite guard.</summary>
public abstract unsafe partial class NetworkBase<T>
{
    /// <summary>
    /// Trains in shuffled batches as <paramref name="options"/> describe, reporting after each epoch.
    /// Each step: mixup of the batch; forward, loss and backward (in the storage precision, with the
    /// loss scale); unscaling, and skipping a step whose scaled gradients overflowed; the non-finite
    /// guard (skips the step when the loss or a gradient is NaN or infinite); the weight penalty;
    /// per-layer gradient norms; clipping by global norm, then by value; the scheduled learning rate;
    /// the optimizer update; the max-norm constraint. After the first step, a step allocates nothing.
    /// </summary>
    public TrainingHistory Fit(Dataset train, TrainingOptions options, IProgress<EpochReport>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        CheckCompatible(train, nameof(train));
        if (options.Validation is { } validation) CheckCompatible(validation, nameof(options.Validation));
        RequireHostGradients(options);

        Optimizer optimizer = options.Optimizer;
        float baseLearningRate = optimizer.LearningRate;
        int batch = Math.Min(options.BatchSize, train.Count);
        EnsureCapacity(batch);
        int[] order = new int[train.Count];
        var reports = new List<EpochReport>(options.Epochs);
        var clock = new Stopwatch();
        var norms = new GradientNormTracker(Layers);
        var guard = options.NonFiniteGuard is { } rule ? new NonFiniteTracker(rule) : null;
        var stopper = options.EarlyStopping is { } stopping ? new EarlyStoppingMonitor<T>(stopping, _parameters.Length, Info.StateCount) : null;
        var scaler = options.LossScaling is { } scaling ? new LossScaler(scaling) : null;
        if (options.Mixup is not null) PrepareMixup();
        StoragePrecision callerPrecision = StoragePrecision;
        if (options.Precision != StoragePrecision.Float32) StoragePrecision = options.Precision;
        bool stoppedEarly = false;
        try
        {
            for (int epoch = 1; epoch <= options.Epochs && !stoppedEarly; epoch++)
            {
                clock.Restart();
                // Each epoch shuffles the identity, so its order depends only on the random state: a run
                // resumed from a training checkpoint (which stores that state) sees the same batches.
                for (int i = 0; i < order.Length; i++) order[i] = i;
                Rng.Shuffle(order);
                norms.StartEpoch();
                guard?.StartEpoch();
                scaler?.StartEpoch();
                double lossSum = 0;
                long correctSum = 0;
                int counted = 0;
                for (int start = 0; start < order.Length; start += batch)
                {
                    int size = Math.Min(batch, order.Length - start);
                    LoadBatch(train, order.AsSpan(start, size));
                    T loss = ComputeStepLoss(size, options.Mixup, scaler, out int correct);
                    if (scaler is not null && SkipForOverflow(scaler, loss)) continue;
                    if (guard is not null)
                    {
                        if (!LossAndGradientsAreFinite(loss))
                        {
                            guard.StepSkipped(LocateNonFinite(epoch, NextUpdate(optimizer), loss, size), optimizer.LearningRate);
                            continue;
                        }
                        guard.StepSucceeded();
                    }
                    double penalty = AddWeightPenalty(options.L1, options.L2);
                    double norm = norms.Record(this);
                    if (options.ClipGlobalNorm is { } maxNorm) ClipToNorm(norm, maxNorm);
                    if (options.ClipValue is { } limit) ClipGradientsByValue(limit);
                    if (options.Schedule is { } schedule)
                        optimizer.LearningRate = (float)schedule.LearningRate(NextUpdate(optimizer) - 1, baseLearningRate);
                    ApplyOptimizer(optimizer);
                    if (options.MaxNorm is { } maxColumnNorm) ApplyMaxNorm(maxColumnNorm);
                    lossSum += (double.CreateTruncating(loss) + penalty) * size;
                    correctSum += correct;
                    counted += size;
                }
                clock.Stop();
                Evaluation? check = options.Validation is null ? null : Evaluate(options.Validation);
                if (stopper is not null && check is not null) stoppedEarly = stopper.ShouldStop(epoch, check.Loss, _parameters, StateValues);
                var report = new EpochReport(epoch, options.Epochs, counted == 0 ? double.NaN : lossSum / counted,
                    counted == 0 ? null : Accuracy(correctSum, counted), check?.Loss, check?.Accuracy, clock.Elapsed,
                    train.Count / Math.Max(clock.Elapsed.TotalSeconds, 1e-9))
                {
                    GradientNorms = norms.Summary(),
                    SkippedSteps = guard?.SkippedThisEpoch ?? 0,
                    LastSkippedStep = guard?.LastThisEpoch,
                    LearningRate = optimizer.LearningRate,
                    LossScale = scaler?.Scale,
                    OverflowSkippedSteps = scaler?.OverflowSkipsThisEpoch ?? 0,
                };
                reports.Add(report);
                progress?.Report(report);
            }
            stopper?.RestoreBest(_parameters, StateValues);
        }
        finally
        {
            // A schedule changes the rate step by step; the next Fit starts from the same base and the optimizer's step count.
            if (options.Schedule is not null) optimizer.LearningRate = baseLearningRate;
            StoragePrecision = callerPrecision;
            SetLossScale(1);
        }
        return new TrainingHistory(reports) { BestEpoch = stopper?.BestEpoch, StoppedEarly = stoppedEarly };
    }

    /// <summary>
    /// Forward, loss and backward on the loaded batch, mixed first when <paramref name="mixupAlpha"/>
    /// is set, with the loss gradient scaled by the scaler's current scale and the parameter gradients
    /// divided by it again, so what follows sees true gradients.
    /// </summary>
    private T ComputeStepLoss(int size, double? mixupAlpha, LossScaler? scaler, out int correct)
    {
        if (scaler is not null) SetLossScale(scaler.Scale);
        T loss = mixupAlpha is { } alpha
            ? ComputeMixedLoss(size, MixBatch(size, alpha), gradients: true, out correct)
            : ComputeLoss(size, gradients: true, out correct);
        if (scaler is not null) UnscaleGradients(scaler.Scale);
        return loss;
    }

    /// <summary>The 1-based number of the update <paramref name="optimizer"/> would apply next (a new optimizer starts at 1).</summary>
    private long NextUpdate(Optimizer optimizer) => ReferenceEquals(optimizer, _optimizer) ? _step + 1 : 1;

    /// <summary>On a GPU the optimizer reads the device's gradients, which host-side clipping and penalties would not reach.</summary>
    private void RequireHostGradients(TrainingOptions options)
    {
        if (ActiveDevice == ModelGen.Device.Cpu) return;
        if (options.ClipGlobalNorm is not null || options.ClipValue is not null || options.L1 != 0 || options.L2 != 0)
            throw new NotSupportedException("Gradient clipping and L1/L2 penalties run on the CPU's gradients: train on Device.Cpu, or leave ClipGlobalNorm, ClipValue, L1 and L2 unset on the GPU.");
        if (options.MaxNorm is not null || options.Mixup is not null || options.LossScaling is not null || options.Precision != StoragePrecision.Float32)
            throw new NotSupportedException("MaxNorm, Mixup, Precision and LossScaling work on the CPU's parameters, batches and gradients: train on Device.Cpu, or leave them unset on the GPU.");
    }
}
