namespace ModelGen.Cuda;

/// <summary>A CUDA driver call failed; the message names the call and the driver's error.</summary>
public class CudaException : Exception
{
    public CudaException(int result, string call, string description)
        : base($"CUDA call {call} failed with {description} (CUresult {result}).")
    {
        Result = result;
        Call = call;
    }

    public CudaException(string message) : base(message) { }

    /// <summary>The CUresult code (0 when the failure is not a driver error).</summary>
    public int Result { get; }

    /// <summary>The driver function that failed.</summary>
    public string? Call { get; }
}

/// <summary>The GPU was requested but cannot be used: no driver library, or no CUDA device.</summary>
public sealed class CudaUnavailableException(string message) : CudaException(message);
