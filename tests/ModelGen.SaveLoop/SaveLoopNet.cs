namespace ModelGen.SaveLoop;

/// <summary>About 330k parameters (1.3 MB a checkpoint), so a kill often lands inside a save.</summary>
[Model]
public partial class SaveLoopNet
{
    [Input(256)] public partial Tensor X { get; }
    [Dense(1024), Relu] public partial Tensor Hidden { get; }
    [Dense(64)] public partial Tensor Y { get; }
    [MeanSquaredError] public partial Loss Loss { get; }
}
