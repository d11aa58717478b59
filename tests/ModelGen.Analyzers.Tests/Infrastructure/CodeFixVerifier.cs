using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using ModelGen.CodeFixes;

namespace ModelGen.Analyzers.Tests.Infrastructure;

/// <summary>
/// Code-fix tests without Microsoft.CodeAnalysis.Testing: an AdhocWorkspace project holding the source and
/// the StableMath stand-in; the fix's CodeAction operations are applied and the text compared. FixAll goes
/// through the provider's own FixAllProvider. <see cref="Run"/> compiles a fixed source and calls a method.
/// </summary>
internal static class CodeFixVerifier
{
    private static readonly StableRewriteCodeFix Provider = new();

    public static string ApplyFirst(string source, string id) => Apply(source, id, scope: null);

    public static string ApplyFixAll(string source, string id, FixAllScope scope = FixAllScope.Document) => Apply(source, id, scope);

    private static string Apply(string source, string id, FixAllScope? scope)
    {
        using var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(projectId, VersionStamp.Default, "Test", "Test", LanguageNames.CSharp,
                compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable),
                parseOptions: TestCompilation.ParseOptions, metadataReferences: TestCompilation.References))
            .AddDocument(DocumentId.CreateNewId(projectId), "Test0.cs", SourceText.From(source))
            .AddDocument(DocumentId.CreateNewId(projectId), "StableMath.cs", SourceText.From(StableMathStandIn.Source));
        Project project = solution.GetProject(projectId)!;
        Document document = project.Documents.First(d => d.Name == "Test0.cs");
        var compilation = project.GetCompilationAsync().GetAwaiter().GetResult()!;
        var diagnostics = TestCompilation.Analyze(compilation)
            .Where(d => d.Id == id && d.Location.SourceTree?.FilePath == document.FilePath || d.Id == id && d.Location.SourceTree == document.GetSyntaxTreeAsync().Result)
            .OrderBy(d => d.Location.SourceSpan.Start).ToImmutableArray();
        Assert.NotEmpty(diagnostics);

        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostics[0], (a, _) => actions.Add(a), CancellationToken.None);
        Provider.RegisterCodeFixesAsync(context).GetAwaiter().GetResult();
        Assert.NotEmpty(actions);
        CodeAction action = actions[0];
        if (scope is FixAllScope s)
        {
            var fixAllContext = new FixAllContext(document, Provider, s, action.EquivalenceKey, new[] { id }, new Diagnostics(diagnostics), CancellationToken.None);
            action = Provider.GetFixAllProvider().GetFixAsync(fixAllContext).GetAwaiter().GetResult()!;
            Assert.NotNull(action);
        }
        var operations = action.GetOperationsAsync(CancellationToken.None).GetAwaiter().GetResult();
        var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        return changed.GetDocument(document.Id)!.GetTextAsync().GetAwaiter().GetResult().ToString();
    }

    /// <summary>Compiles the source with the stand-in, requires no errors, and invokes C.{method}(args).</summary>
    public static object? Run(string source, string method, params object[] args) => Run(TestCompilation.Create(source), method, args);

    /// <summary>Emits the compilation, requires no errors, and invokes C.{method}(args).</summary>
    public static object? Run(Compilation compilation, string method, params object[] args)
    {
        string source = compilation.SyntaxTrees.First().ToString();
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)) + "\n" + source);
        stream.Position = 0;
        var context = new AssemblyLoadContext("fixed", isCollectible: true);
        try
        {
            Assembly assembly = context.LoadFromStream(stream);
            return assembly.GetType("C")!.GetMethod(method)!.Invoke(null, args);
        }
        finally
        {
            context.Unload();
        }
    }

    private sealed class Diagnostics(ImmutableArray<Diagnostic> all) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) => Task.FromResult<IEnumerable<Diagnostic>>(all);
        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) => Task.FromResult<IEnumerable<Diagnostic>>(all);
        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) => Task.FromResult<IEnumerable<Diagnostic>>(all);
    }
}
