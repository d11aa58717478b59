#!/usr/bin/env bash
# Measures what the ModelGen numerical-stability analyzers (MG1xxx, analyzers/ModelGen.Analyzers) cost
# in a real command-line build: csc's own -p:ReportAnalyzer=true telemetry, read back from a binlog.
#
#   scripts/measure-analyzer-cost.sh [solution|synthetic|all] [copies]
#
#   solution   ModelGen.sln rebuilt (--no-incremental) with the analyzers attached to every project
#   synthetic  a generated ~2,900-file / ~210k-line project: `copies` (default 22) copies of the runtime
#              library src/ModelGen plus the analyzer test corpora and /tmp/external, each copy in its
#              own namespace (C001.ModelGen, ...), so it compiles as one assembly
#   inprocess  the synthetic sources compiled in-process (Roslyn API, one thread, warm second round): compiler alone,
#              with an empty operation analyzer (the driver's fixed cost), and with the MG1xxx analyzers (+ telemetry);
#              needs a synthetic run first
#   all        solution and synthetic (default)
#
# For each build it prints: total compile time (sum of the Csc tasks), the ModelGen analyzers' time
# (csc's "ModelGen.Analyzers" row, summed over the projects) and their share. csc runs analyzers
# concurrently with each other, so analyzer time is CPU time inside analyzer callbacks; it can overlap
# the rest of the compilation. The synthetic project is also built without the analyzers attached, for
# the wall-clock difference of the Csc task (noisy on a shared machine; the telemetry share is the figure).
# Work files go to $OUT (default /tmp/modelgen-analyzer-cost); nothing in the repository changes.
set -euo pipefail

MODE="${1:-all}"
COPIES="${2:-22}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${OUT:-/tmp/modelgen-analyzer-cost}"
mkdir -p "$OUT"

# 1. The analyzer assembly, copied out so builds of the repository cannot lock or replace it mid-measurement.
dotnet build "$ROOT/analyzers/ModelGen.Analyzers" -c Release -v:q -nologo >/dev/null
mkdir -p "$OUT/analyzer"
cp "$ROOT/analyzers/ModelGen.Analyzers/bin/Release/netstandard2.0/ModelGen.Analyzers.dll" "$OUT/analyzer/"
ANALYZER="$OUT/analyzer/ModelGen.Analyzers.dll"

# 2. Attaches the analyzer to every C# project of a build, except the Roslyn components themselves.
cat > "$OUT/attach.targets" <<EOF
<Project>
  <ItemGroup Condition="'\$(ModelGenAttachAnalyzers)' == 'true' and '\$(IsRoslynComponent)' != 'true' and '\$(Language)' == 'C#'">
    <Analyzer Include="$ANALYZER" />
  </ItemGroup>
</Project>
EOF

# Parses a binlog: csc's per-assembly analyzer table (ReportAnalyzer) and the Csc task time.
report() {
  local name="$1" binlog="$2" baseline_ms="${3:-}"
  dotnet msbuild "$binlog" -noconlog "-flp:verbosity=detailed;performancesummary;logfile=$binlog.log" -nologo >/dev/null
  python3 - "$name" "$binlog.log" "$baseline_ms" <<'PY'
import re, sys
name, log, baseline = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(log, encoding="utf-8", errors="replace").read()
# Task Performance Summary: "   12345 ms  Csc   7 calls"
csc = [int(m.group(1)) for m in re.finditer(r"^\s*(\d+) ms\s+Csc\s+\d+ calls", text, re.M)]
csc_ms = csc[-1] if csc else 0
# csc -reportanalyzer rows: "   0.123   12   ModelGen.Analyzers, Version=..." (assembly rows; rule rows are indented deeper)
mg = sum(float(m.group(1)) for m in re.finditer(r"^\s*(\d+(?:\.\d+)?)\s+<?\d+\s+ModelGen\.Analyzers, Version", text, re.M))
total_an = sum(float(m.group(1)) for m in re.finditer(r"Total analyzer execution time: (\d+(?:\.\d+)?) seconds", text))
rules = {}
for m in re.finditer(r"^\s*(\d+(?:\.\d+)?)\s+<?\d+\s+ModelGen\.Analyzers\.Numerics\.Rules\.(\w+)", text, re.M):
    rules[m.group(2)] = rules.get(m.group(2), 0.0) + float(m.group(1))
files = len(set(re.findall(r"ModelGen\.Analyzers, Version", text)))
print(f"== {name}")
print(f"total compile time (Csc tasks): {csc_ms/1000:.2f} s")
print(f"all analyzers (csc telemetry):  {total_an:.2f} s")
print(f"ModelGen analyzers:             {mg:.2f} s")
print(f"share of compile time:          {100*mg/csc_ms*1000 if csc_ms else 0:.1f} %")
if baseline:
    b = int(baseline)
    print(f"Csc without ModelGen analyzers: {b/1000:.2f} s  (difference {(csc_ms-b)/1000:+.2f} s, {100*(csc_ms-b)/b if b else 0:+.1f} %)")
for r, t in sorted(rules.items(), key=lambda kv: -kv[1])[:5]:
    print(f"  {r}: {t:.3f} s")
PY
}

csc_ms() {  # Csc task time of a binlog, in ms
  dotnet msbuild "$1" -noconlog "-flp:verbosity=minimal;performancesummary;logfile=$1.log" -nologo >/dev/null
  grep -E '^\s*[0-9]+ ms\s+Csc\s+[0-9]+ calls' "$1.log" | tail -1 | awk '{print $1}'
}

build() {  # project binlog attach(true/false) [extra args]
  local project="$1" binlog="$2" attach="$3"; shift 3
  dotnet build "$project" -c Release --no-incremental -nologo -v:q -m:1 \
    -p:ReportAnalyzer=true -p:ModelGenAttachAnalyzers="$attach" -p:CustomAfterMicrosoftCommonTargets="$OUT/attach.targets" \
    -p:TreatWarningsAsErrors=false -p:UseSharedCompilation=false "-bl:$binlog" "$@" >/dev/null 2>&1 \
    || { echo "build failed: $project (see $binlog)"; return 1; }
}

if [[ "$MODE" == "solution" || "$MODE" == "all" ]]; then
  build "$ROOT/ModelGen.sln" "$OUT/solution.binlog" true
  report "repository solution (ModelGen.sln, $(find "$ROOT" -name '*.cs' -not -path '*/obj/*' -not -path '*/bin/*' | wc -l) files)" "$OUT/solution.binlog"
fi

if [[ "$MODE" == "synthetic" || "$MODE" == "all" ]]; then
  SYN="$OUT/synthetic"
  rm -rf "$SYN"; mkdir -p "$SYN/src"
  python3 - "$ROOT" "$SYN" "$COPIES" <<'PY'
import os, re, sys, glob
root, syn, copies = sys.argv[1], sys.argv[2], int(sys.argv[3])
runtime = [p for p in glob.glob(os.path.join(root, "src/ModelGen/**/*.cs"), recursive=True) if "/obj/" not in p and "/bin/" not in p]
corpora = glob.glob(os.path.join(root, "tests/ModelGen.Analyzers.Tests/Corpus/*.cs.txt")) + glob.glob("/tmp/external/*.cs")
lines = files = 0
for k in range(1, copies + 1):
    prefix = f"C{k:03d}"
    for p in runtime + corpora:
        text = open(p, encoding="utf-8").read()
        # Every namespace moves under the copy's prefix; inside C001.ModelGen.X the name ModelGen binds to C001.ModelGen.
        text = re.sub(r"\bnamespace\s+([A-Za-z_][\w.]*)", lambda m: f"namespace {prefix}.{m.group(1)}", text)
        text = re.sub(r"\bglobal::ModelGen\b", f"global::{prefix}.ModelGen", text)
        text = re.sub(r"^using (static )?(ModelGen|GNet|Corpus)\b", lambda m: f"using {m.group(1) or ''}{prefix}.{m.group(2)}", text, flags=re.M)
        rel = os.path.relpath(p, root).replace(os.sep, "_").replace(".cs.txt", ".cs")
        dst = os.path.join(syn, "src", prefix, rel)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        open(dst, "w", encoding="utf-8").write(text)
        lines += text.count("\n"); files += 1
print(f"synthetic project: {files} files, {lines} lines")
PY
  cat > "$SYN/Synthetic.csproj" <<'EOF'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <AllowUnsafeBlocks>true</AllowUnsafeBlocks>
    <ImplicitUsings>enable</ImplicitUsings>
    <Nullable>enable</Nullable>
    <LangVersion>latest</LangVersion>
    <NoWarn>$(NoWarn);CS0162;CS0168;CS0219;CS1591;CS8600;CS8602;CS8603;CS8604;CS8618;CS8625</NoWarn>
  </PropertyGroup>
</Project>
EOF
  dotnet restore "$SYN/Synthetic.csproj" -v:q -nologo >/dev/null
  build "$SYN/Synthetic.csproj" "$OUT/synthetic-baseline.binlog" false
  BASE=$(csc_ms "$OUT/synthetic-baseline.binlog")
  build "$SYN/Synthetic.csproj" "$OUT/synthetic.binlog" true
  report "synthetic project ($(find "$SYN/src" -name '*.cs' | wc -l) files, $(cat $(find "$SYN/src" -name '*.cs') | wc -l) lines)" "$OUT/synthetic.binlog" "$BASE"
fi

if [[ "$MODE" == "inprocess" ]]; then
  [[ -d "$OUT/synthetic/src" ]] || { echo "run the synthetic mode first"; exit 1; }
  mkdir -p "$OUT/probe"
  cat > "$OUT/probe/probe.csproj" <<PROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings><Nullable>disable</Nullable></PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Microsoft.CodeAnalysis.CSharp" Version="4.14.0" />
    <Reference Include="$ANALYZER" />
  </ItemGroup>
</Project>
PROJ
  cat > "$OUT/probe/Program.cs" <<'PROBE'
using System.Collections.Immutable;
using System.Diagnostics;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

var dir = args[0];
var parse = new CSharpParseOptions(LanguageVersion.Preview);
var trees = Directory.GetFiles(dir, "*.cs", SearchOption.AllDirectories).Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parse, f)).ToList();
trees.Add(CSharpSyntaxTree.ParseText("global using System; global using System.Collections.Generic; global using System.Linq; global using System.IO; global using System.Threading; global using System.Threading.Tasks; global using System.Net.Http;", parse));
string tpa = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES");
var refs = tpa.Split(Path.PathSeparator).Where(p => Path.GetFileName(p).StartsWith("System.") || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll").Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();
var comp = CSharpCompilation.Create("S", trees, refs, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));
var mg = typeof(ModelGen.Analyzers.Numerics.Core.NumericRule).Assembly.GetTypes().Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() != null).Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)).ToImmutableArray();
var errs = comp.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
Console.WriteLine($"{trees.Count} trees, errors: {errs.Count}"); foreach (var e in errs.Take(3)) Console.WriteLine(e);
double Time(Func<Task> a) { var sw = Stopwatch.StartNew(); a().GetAwaiter().GetResult(); return sw.Elapsed.TotalSeconds; }
for (int round = 0; round < 2; round++)
{
    double c0 = Time(async () => { comp.Clone().GetDiagnostics(); await Task.CompletedTask; });
    double c1 = Time(async () => await comp.Clone().WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new Empty()), new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, false, false)).GetAnalyzerDiagnosticsAsync());
    var cwa = comp.Clone().WithAnalyzers(mg, new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, false, true));
    int n = 0;
    double c2 = Time(async () => n = (await cwa.GetAnalyzerDiagnosticsAsync()).Count(d => d.Id.StartsWith("MG1")));
    Console.WriteLine($"MG1xxx diagnostics: {n}");
    double tel = 0; foreach (var a in mg) tel += cwa.GetAnalyzerTelemetryInfoAsync(a, default).Result.ExecutionTime.TotalSeconds;
    Console.WriteLine($"round {round}: compiler only {c0:F1} s; + empty operation analyzer {c1:F1} s; + MG1xxx analyzers {c2:F1} s (telemetry {tel:F1} s)");
}

[DiagnosticAnalyzer(LanguageNames.CSharp)]
sealed class Empty : DiagnosticAnalyzer
{
    static readonly DiagnosticDescriptor D = new("EMPTY01", "e", "e", "e", DiagnosticSeverity.Warning, true);
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(D);
    public override void Initialize(AnalysisContext c) { c.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None); c.RegisterOperationAction(_ => { }, OperationKind.Binary, OperationKind.Invocation, OperationKind.CompoundAssignment); }
}
PROBE
  dotnet build "$OUT/probe" -c Release -v:q -nologo >/dev/null
  echo "== in-process, synthetic sources (round 1 is warm)"
  dotnet "$OUT/probe/bin/Release/net10.0/probe.dll" "$OUT/synthetic/src" | grep -E "trees|round|MG1xxx"
fi
