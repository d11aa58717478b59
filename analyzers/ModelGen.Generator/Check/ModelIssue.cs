using ModelGen.Generator.Common;

namespace ModelGen.Generator.Check;

/// <summary>
/// A problem the validator found: the diagnostic ID, the index of the source location (from the
/// parser's location list) it belongs at, and the message arguments, already formatted as text.
/// </summary>
internal sealed record ModelIssue(string Id, int Location, EquatableArray<string> Arguments)
{
    public static ModelIssue Create(string id, int location, params string[] arguments) => new(id, location, arguments.ToEquatableArray());
}
