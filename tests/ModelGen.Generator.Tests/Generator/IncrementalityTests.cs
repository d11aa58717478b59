using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ModelGen.Generator.Tests.Infrastructure;

namespace ModelGen.Generator.Tests.Generator;

public class IncrementalityTests
{
    private static readonly string[] Steps =
    {
        ModelGenerator.TrackingNames.Spec, ModelGenerator.TrackingNames.Validation, ModelGenerator.TrackingNames.Source,
    };

    [Fact]
    public void UnrelatedEditLeavesEveryStepCachedOrUnchanged()
    {
        var compilation = TestCompilation.Create(Models.Digits, "class Other { }");
        GeneratorDriver driver = TestCompilation.CreateDriver(trackSteps: true).RunGenerators(compilation);

        var edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Last(),
            CSharpSyntaxTree.ParseText("class Other { int _field; }", TestCompilation.ParseOptions, path: "Model1.cs"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (string step in Steps)
        {
            var reasons = result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
            Assert.NotEmpty(reasons);
            Assert.All(reasons, r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {r}"));
        }
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
    }

    [Fact]
    public void CommentInTheModelFileLeavesTheOutputUnchanged()
    {
        var compilation = TestCompilation.Create(Models.Digits);
        GeneratorDriver driver = TestCompilation.CreateDriver(trackSteps: true).RunGenerators(compilation);
        var edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.First(),
            CSharpSyntaxTree.ParseText(Models.Digits + "\n// a comment\n", TestCompilation.ParseOptions, path: "Model0.cs"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();
        var spec = result.TrackedSteps[ModelGenerator.TrackingNames.Spec].SelectMany(s => s.Outputs).Single();
        Assert.Equal(IncrementalStepRunReason.Unchanged, spec.Reason);
        var source = result.TrackedSteps[ModelGenerator.TrackingNames.Source].SelectMany(s => s.Outputs).Single();
        Assert.True(source.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void ChangingALayerSizeRegeneratesTheModel()
    {
        var compilation = TestCompilation.Create(Models.Digits);
        GeneratorDriver driver = TestCompilation.CreateDriver(trackSteps: true).RunGenerators(compilation);
        var edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.First(),
            CSharpSyntaxTree.ParseText(Models.Digits.Replace("Dense(128)", "Dense(96)"), TestCompilation.ParseOptions, path: "Model0.cs"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();
        var source = result.TrackedSteps[ModelGenerator.TrackingNames.Source].SelectMany(s => s.Outputs).Single();
        Assert.Equal(IncrementalStepRunReason.Modified, source.Reason);
        Assert.Contains("96", result.GeneratedSources.Single().SourceText.ToString());
    }

    /// <summary>Pipeline values must hold no Roslyn objects: they would keep compilations alive and defeat caching.</summary>
    [Fact]
    public void PipelineValuesHoldNoRoslynObjects()
    {
        var compilation = TestCompilation.Create(Models.Digits, Models.Activations);
        var result = TestCompilation.CreateDriver(trackSteps: true).RunGenerators(compilation).GetRunResult().Results.Single();
        int visited = 0;
        foreach (string step in Steps)
        {
            foreach (var output in result.TrackedSteps[step].SelectMany(s => s.Outputs))
            {
                AssertNoRoslynObjects(output.Value, new HashSet<object>(ReferenceEqualityComparer.Instance), step, ref visited);
            }
        }
        Assert.True(visited > 20, $"the walk visited only {visited} objects");
    }

    private static void AssertNoRoslynObjects(object? value, HashSet<object> seen, string path, ref int visited)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum) return;
        if (!value.GetType().IsValueType && !seen.Add(value)) return;
        visited++;
        Type type = value.GetType();
        Assert.False(type.Assembly.GetName().Name!.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal),
            $"{path} holds a Roslyn object of type {type}");
        if (value is IEnumerable sequence)
        {
            int i = 0;
            foreach (object? item in sequence) AssertNoRoslynObjects(item, seen, $"{path}[{i++}]", ref visited);
            if (type.IsArray) return;
        }
        foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            AssertNoRoslynObjects(field.GetValue(value), seen, $"{path}.{field.Name}", ref visited);
        }
    }

    [Fact]
    public void GraphFormModelsCacheAcrossCommentsAndRegenerateWhenTheForwardBodyChanges()
    {
        var compilation = TestCompilation.Create(Models.Residual);
        GeneratorDriver driver = TestCompilation.CreateDriver(trackSteps: true).RunGenerators(compilation);

        var commented = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.First(),
            CSharpSyntaxTree.ParseText(Models.Residual.Replace("var h = Stem(X);", "var h = Stem(X); // the stem"), TestCompilation.ParseOptions, path: "Model0.cs"));
        var cached = driver.RunGenerators(commented).GetRunResult().Results.Single();
        Assert.Equal(IncrementalStepRunReason.Unchanged, cached.TrackedSteps[ModelGenerator.TrackingNames.Spec].SelectMany(s => s.Outputs).Single().Reason);

        var rewired = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.First(),
            CSharpSyntaxTree.ParseText(Models.Residual.Replace("h = h + Mix(h) * 0.5;", "h = h + Mix(h) * 0.25;"), TestCompilation.ParseOptions, path: "Model0.cs"));
        var result = driver.RunGenerators(rewired).GetRunResult().Results.Single();
        var source = result.TrackedSteps[ModelGenerator.TrackingNames.Source].SelectMany(s => s.Outputs).Single();
        Assert.Equal(IncrementalStepRunReason.Modified, source.Reason);
        Assert.Contains("0.25", result.GeneratedSources.Single().SourceText.ToString());
    }
}
