using System.Numerics;

namespace ModelGen.Kernels;

/// <summary>Row-level steps of a max-shifted softmax: whole vectors, then a scalar tail.</summary>
internal static unsafe class RowSoftmax<TVec, T, TOps>
    where TVec : struct
    where T : unmanaged, IFloatingPointIeee754<T>
    where TOps : struct, IVectorOps<TVec, T>
{
    public static T Max(T* row, int length)
    {
        T max = T.NegativeInfinity;
        int i = 0;
        if (length >= TOps.Count)
        {
            TVec lanes = TOps.Load(row);
            for (i = TOps.Count; i <= length - TOps.Count; i += TOps.Count)
                lanes = TOps.Max(lanes, TOps.Load(row + i));
            max = TOps.MaxAcross(lanes);
        }
        for (; i < length; i++)
            max = ScalarOps<T>.Max(max, row[i]);
        return max;
    }

    /// <summary>
    /// Σ exp(row[j] - shift), writing each term to <paramref name="exponentials"/> unless it is null
    /// (it may be <paramref name="row"/> itself). With shift = the row maximum every term is in
    /// (0, 1], so nothing overflows, and the sum is at least 1.
    /// </summary>
    public static T ShiftedExpSum(T* row, int length, T shift, T* exponentials)
    {
        TVec shiftLanes = TOps.Broadcast(shift);
        TVec lanes = TOps.Zero;
        int i = 0;
        for (; i <= length - TOps.Count; i += TOps.Count)
        {
            TVec e = TOps.Exp(TOps.Subtract(TOps.Load(row + i), shiftLanes));
            if (exponentials != null) TOps.Store(exponentials + i, e);
            lanes = TOps.Add(lanes, e);
        }
        T sum = TOps.Sum(lanes);
        for (; i < length; i++)
        {
            T e = ScalarOps<T>.Exp(row[i] - shift);
            if (exponentials != null) exponentials[i] = e;
            sum += e;
        }
        return sum;
    }

    public static void Scale(T* values, int length, T factor)
    {
        TVec factorLanes = TOps.Broadcast(factor);
        int i = 0;
        for (; i <= length - TOps.Count; i += TOps.Count)
            TOps.Store(values + i, TOps.Multiply(TOps.Load(values + i), factorLanes));
        for (; i < length; i++)
            values[i] *= factor;
    }

    /// <summary>Whether <paramref name="index"/> is where argmax lands: the first position holding the maximum.</summary>
    public static bool IsArgMax(T* row, int index, T max)
    {
        if (row[index] != max) return false;
        for (int j = 0; j < index; j++)
            if (row[j] == max) return false;
        return true;
    }
}
