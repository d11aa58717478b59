using System.Globalization;
using System.Text;
using ModelGen.Cuda;
using Xunit.Abstractions;

namespace ModelGen.Ptx.Tests.Ptxas;

/// <summary>
/// Every kernel of every sample model assembles with ptxas for sm_80 and sm_90; the register,
/// shared-memory and spill report is printed; elementwise, reduction, loss and optimizer kernels
/// must not spill. Fails (never skips) when ptxas is missing: CI fetches it with scripts/fetch-ptxas.sh.
/// </summary>
public class PtxasValidationTests(ITestOutputHelper output)
{
    public static TheoryData<SampleModel> Models() => SampleModels.Data();

    [Theory]
    [MemberData(nameof(Models))]
    public void EveryKernelAssemblesForSm80AndSm90WithoutSpillsOutsideTheProducts(SampleModel model)
    {
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"{model}: {"kernel",-52} {"kind",-13} {"arch",-5} {"regs",4} {"smem",6} {"stack",5} {"spill st/ld",11}");
        foreach (string arch in new[] { "sm_80", "sm_90" })
        {
            IReadOnlyList<KernelResources> kernels = Ptxas.Assemble(model.Program.Module, arch);
            foreach (PtxLaunch launch in model.Program.Launches)
            {
                KernelResources? resources = kernels.FirstOrDefault(k => k.Kernel == launch.Kernel);
                Assert.True(resources is not null, $"ptxas -arch={arch} reported nothing for {launch.Kernel}");
                report.AppendLine(CultureInfo.InvariantCulture,
                    $"{model}: {launch.Kernel,-52} {launch.Kind,-13} {arch,-5} {resources.Registers,4} {resources.SharedBytes,6} {resources.StackBytes,5} {resources.SpillStores,5}/{resources.SpillLoads,-5}");
                if (launch.Kind != PtxKernelKind.MatrixProduct)
                {
                    Assert.True(resources.SpillStores == 0 && resources.SpillLoads == 0,
                        $"{launch.Kernel} ({launch.Kind}) spills on {arch}: {resources.SpillStores} bytes stored, {resources.SpillLoads} loaded.");
                }
            }
            Assert.Equal(model.Program.Launches.Count, kernels.Count);
        }
        output.WriteLine(report.ToString());
    }

    /// <summary>
    /// The generator's .ptx snapshots too: Digits is the digits sample's model, Activations a nested
    /// regression model with every activation and stored pre-activations, GraphOps a graph-form model
    /// with norms, dropout, concatenations and the softmax family.
    /// </summary>
    [Theory]
    [InlineData("Digits")]
    [InlineData("Activations")]
    [InlineData("GraphOps")]
    public void SnapshotModulesAssembleForSm80AndSm90(string name)
    {
        string path = Path.Combine(RepositoryRoot(), "tests", "ModelGen.Generator.Tests", "Snapshots", name + ".verified.ptx");
        string module = File.ReadAllText(path);
        int entries = module.Split(".visible .entry ").Length - 1;
        foreach (string arch in new[] { "sm_80", "sm_90" })
        {
            IReadOnlyList<KernelResources> kernels = Ptxas.Assemble(module, arch);
            Assert.Equal(entries, kernels.Count);
            output.WriteLine($"{name}.verified.ptx, {arch}: {kernels.Count} kernels, at most {kernels.Max(k => k.Registers)} registers, {kernels.Sum(k => k.SpillStores + k.SpillLoads)} spill bytes");
        }
    }

    private static string RepositoryRoot()
    {
        for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "ModelGen.sln"))) return dir;
        }
        throw new InvalidOperationException("Cannot find the repository root (ModelGen.sln) above the test binaries.");
    }

    [Fact]
    public void MissingPtxasIsAFailureThatSaysHowToGetIt()
    {
        string? saved = Environment.GetEnvironmentVariable("PTXAS");
        try
        {
            Environment.SetEnvironmentVariable("PTXAS", null);
            // Locate either finds the fetched copy or explains the fix; it never silently skips.
            try { Assert.True(File.Exists(Ptxas.Locate())); }
            catch (InvalidOperationException error) { Assert.Contains("scripts/fetch-ptxas.sh", error.Message); }
        }
        finally
        {
            Environment.SetEnvironmentVariable("PTXAS", saved);
        }
    }
}
