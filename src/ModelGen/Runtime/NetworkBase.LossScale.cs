namespace ModelGen.Runtime;

public abstract unsafe partial class NetworkBase<T>
{
    /// <summary>The factor the loss gradient is scaled by (1 unless mixed-precision loss scaling is on).</summary>
    protected T LossScale => T.One;
}
