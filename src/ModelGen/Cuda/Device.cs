namespace ModelGen;

/// <summary>Where a model trains and evaluates.</summary>
public enum Device
{
    /// <summary>The generated C# SIMD kernels (the default).</summary>
    Cpu,
    /// <summary>The generated PTX kernels on an NVIDIA GPU through the CUDA driver (libcuda only; no toolkit).</summary>
    Cuda,
}
