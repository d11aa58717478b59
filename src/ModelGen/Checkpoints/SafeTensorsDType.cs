namespace ModelGen.Checkpoints;

/// <summary>The element types ModelGen reads and writes in safetensors files.</summary>
public enum SafeTensorsDType
{
    /// <summary>IEEE 754 binary32, little-endian ("F32").</summary>
    F32,
    /// <summary>IEEE 754 binary64, little-endian ("F64").</summary>
    F64,
}

internal static class SafeTensorsDTypes
{
    public static int SizeOf(SafeTensorsDType dtype) => dtype == SafeTensorsDType.F64 ? 8 : 4;

    public static string Name(SafeTensorsDType dtype) => dtype == SafeTensorsDType.F64 ? "F64" : "F32";

    public static bool TryParse(string name, out SafeTensorsDType dtype)
    {
        switch (name)
        {
            case "F32": dtype = SafeTensorsDType.F32; return true;
            case "F64": dtype = SafeTensorsDType.F64; return true;
            default: dtype = default; return false;
        }
    }

    /// <summary>The dtype that stores <typeparamref name="T"/> exactly.</summary>
    public static SafeTensorsDType Of<T>() => typeof(T) == typeof(double) ? SafeTensorsDType.F64 : SafeTensorsDType.F32;
}
