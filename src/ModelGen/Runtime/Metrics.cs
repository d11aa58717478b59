using System.Numerics;

namespace ModelGen.Runtime;

/// <summary>Counting helpers the generated loss code calls.</summary>
public static class Metrics
{
    /// <summary>Outputs whose logit sign matches the 0/1 target (threshold 0.5).</summary>
    public static unsafe int CountBinaryCorrect<T>(T* logits, T* targets, int count) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int correct = 0;
        T half = T.CreateTruncating(0.5);
        for (int i = 0; i < count; i++)
        {
            if ((logits[i] > T.Zero) == (targets[i] > half)) correct++;
        }
        return correct;
    }

    public static unsafe int ArgMax<T>(T* values, int count) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int best = 0;
        for (int i = 1; i < count; i++)
        {
            if (values[i] > values[best]) best = i;
        }
        return best;
    }
}
