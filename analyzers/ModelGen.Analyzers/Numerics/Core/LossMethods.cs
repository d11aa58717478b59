using Microsoft.CodeAnalysis;

namespace ModelGen.Analyzers.Numerics.Core;

/// <summary>Where the catalog scopes its riskiest rules: loss, likelihood and entropy code (by method or type name).</summary>
internal static class LossMethods
{
    private static readonly string[] Stems = { "loss", "cost", "entropy", "crossentropy", "nll", "likelihood", "divergence", "kl", "logprob", "perplexity", "objective" };

    public static bool IsLossMethod(ISymbol? owner)
    {
        string method = Patterns.EnclosingMethodName(owner).ToLowerInvariant();
        string type = owner?.ContainingType?.Name.ToLowerInvariant() ?? "";
        foreach (string s in Stems)
        {
            if (method.Contains(s) || type.Contains(s)) return true;
        }
        return false;
    }
}
