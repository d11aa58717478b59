using System.Linq;
using ModelGen.Generator.Check;
using ModelGen.Generator.Common;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Emit;

/// <summary>
/// For a model the analyzer rejects: implements its partial properties with members that throw, so
/// the build shows the MG diagnostics alone instead of a flood of "partial member has no
/// implementation" errors.
/// </summary>
internal static class StubEmitter
{
    public static string? Emit(ModelSpec spec, ValidationResult result)
    {
        var properties = spec.Members.Where(m => m.IsPartialProperty).ToList();
        if (properties.Count == 0 || !spec.Type.IsPartial || !spec.Type.ContainingTypesArePartial || spec.Type.IsGeneric || spec.Type.IsRecord) return null;

        string ids = string.Join(", ", result.Issues.Select(i => i.Id).Distinct().OrderBy(id => id, System.StringComparer.Ordinal));
        var w = new CodeWriter();
        SourceFrame.Open(w, spec.Type);
        w.Open($"partial class {spec.Type.Name}");
        foreach (MemberSpec member in properties)
        {
            string fail = $"throw new global::System.InvalidOperationException(\"{spec.Type.Name} is not a valid ModelGen model ({ids}): fix the build diagnostics.\")";
            string accessors = member.HasSetter ? $"{{ get => {fail}; set => {fail}; }}" : $"=> {fail};";
            w.Line($"{member.Accessibility} {(member.IsStatic ? "static " : "")}partial {member.TypeName} {member.Name} {accessors}");
        }
        w.Close();
        SourceFrame.Close(w, spec.Type);
        return w.ToString();
    }
}
