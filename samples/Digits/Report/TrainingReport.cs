using System.Globalization;
using System.Net;
using System.Text;
using ModelGen.Runtime;

namespace Digits.Report;

/// <summary>What the report shows: the run's settings and results.</summary>
public sealed record TrainingRun(ModelInfo Model, TrainingHistory History, Evaluation Test, Dataset TestData, int[] Predictions, string Settings, string WeightsPath);

/// <summary>
/// A self-contained HTML page about one training run: headline numbers, loss and accuracy curves
/// (inline SVG), the test confusion matrix as a heat map and the digits the model got wrong.
/// </summary>
public static class TrainingReport
{
    private const string Train = "#2563eb", Validation = "#ea580c";

    public static void Write(string path, TrainingRun run) => File.WriteAllText(path, Render(run), Encoding.UTF8);

    public static string Render(TrainingRun run)
    {
        var c = CultureInfo.InvariantCulture;
        var epochs = run.History.Epochs;
        double seconds = epochs.Sum(e => e.Elapsed.TotalSeconds);
        double throughput = epochs.Average(e => e.SamplesPerSecond);
        string Percent(double v) => v.ToString("0.##%", c);

        string loss = SvgLineChart.Render("Loss per epoch", "cross-entropy",
        [
            new ChartSeries("training", Train, epochs.Select(e => (double?)e.Loss).ToList()),
            new ChartSeries("test", Validation, epochs.Select(e => e.ValidationLoss).ToList(), Dashed: true),
        ], yMin: 0);
        string accuracy = SvgLineChart.Render("Accuracy per epoch", "accuracy",
        [
            new ChartSeries("training", Train, epochs.Select(e => e.Accuracy).ToList()),
            new ChartSeries("test", Validation, epochs.Select(e => e.ValidationAccuracy).ToList(), Dashed: true),
        ], yMax: 1, format: v => v.ToString("0.#%", c));

        var html = new StringBuilder();
        html.Append($$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{{Escape(run.Model.Name)}} training report</title>
            <style>
            body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2937; margin: 0; background: #f8fafc; }
            main { max-width: 1180px; margin: 0 auto; padding: 28px 32px; }
            h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 10px; }
            .sub { color: #64748b; margin: 0 0 20px; }
            .cards { display: flex; gap: 14px; flex-wrap: wrap; }
            .card { background: #fff; border: 1px solid #e2e8f0; border-radius: 10px; padding: 12px 18px; min-width: 150px; }
            .card b { display: block; font-size: 26px; } .card span { color: #64748b; font-size: 13px; }
            .charts { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; margin-top: 16px; }
            .panel { background: #fff; border: 1px solid #e2e8f0; border-radius: 10px; padding: 10px; }
            svg .grid { stroke: #e5e7eb; } svg .tick { font-size: 11px; fill: #64748b; } svg .axis { font-size: 12px; fill: #475569; }
            svg .chart-title { font-size: 14px; font-weight: 600; fill: #1f2937; } svg .legend { font-size: 12px; fill: #334155; }
            table.confusion { border-collapse: collapse; font-size: 13px; }
            table.confusion td, table.confusion th { width: 34px; height: 30px; text-align: center; }
            table.confusion th { color: #64748b; font-weight: 500; white-space: nowrap; }
            .wrong { display: flex; flex-wrap: wrap; gap: 10px; }
            .wrong figure { margin: 0; background: #fff; border: 1px solid #e2e8f0; border-radius: 8px; padding: 6px; text-align: center; font-size: 12px; }
            .layout { display: grid; grid-template-columns: auto 1fr; gap: 28px; align-items: start; }
            code { background: #eef2f7; padding: 1px 5px; border-radius: 4px; }
            </style></head><body><main>
            <h1>{{Escape(run.Model.Name)}}: {{Escape(string.Join(" → ", run.Model.Layers.Select(l => l.Width)))}}</h1>
            <p class="sub">{{Escape(run.Settings)}}</p>
            <div class="cards">
            """);
        Card(html, Percent(run.Test.Accuracy ?? 0), $"test accuracy ({run.Test.Count} digits)");
        Card(html, run.Test.Loss.ToString("0.0000", c), "test loss");
        Card(html, epochs.Count.ToString(c), "epochs");
        Card(html, (seconds * 1000).ToString("0", c) + " ms", "training time");
        Card(html, throughput.ToString("N0", c), "samples / second");
        Card(html, run.Model.TrainableParameters.ToString("N0", c), "parameters");
        html.Append("</div>\n<div class=\"charts\">");
        html.Append($"<div class=\"panel\">{loss}</div><div class=\"panel\">{accuracy}</div></div>\n");

        html.Append("<div class=\"layout\"><section><h2>Test confusion matrix</h2>");
        AppendConfusion(html, run);
        html.Append("</section><section>");
        AppendMistakes(html, run);
        html.Append("</section></div>\n");
        html.Append($"<p class=\"sub\" style=\"margin-top:28px\">Weights saved to <code>{Escape(run.WeightsPath)}</code> (safetensors).</p>\n</main></body></html>\n");
        return html.ToString();
    }

    private static void Card(StringBuilder html, string value, string label)
        => html.Append($"<div class=\"card\"><b>{Escape(value)}</b><span>{Escape(label)}</span></div>");

    /// <summary>Rows are true digits, columns predictions; the diagonal is green, mistakes red, by count.</summary>
    private static void AppendConfusion(StringBuilder html, TrainingRun run)
    {
        int classes = run.Model.OutputWidth;
        var counts = new int[classes, classes];
        int[] labels = run.TestData.Labels!;
        for (int i = 0; i < labels.Length; i++) counts[labels[i], run.Predictions[i]]++;
        int max = Math.Max(1, Enumerable.Range(0, classes).Max(i => counts[i, i]));
        html.Append("<table class=\"confusion\"><tr><th title=\"rows: true digit; columns: predicted\">true↓</th>");
        for (int p = 0; p < classes; p++) html.Append($"<th>{p}</th>");
        html.Append("</tr>");
        for (int t = 0; t < classes; t++)
        {
            html.Append($"<tr><th>{t}</th>");
            for (int p = 0; p < classes; p++)
            {
                int n = counts[t, p];
                string color = n == 0 ? "#fff"
                    : t == p ? string.Create(CultureInfo.InvariantCulture, $"rgba(22,163,74,{0.15 + 0.75 * n / max:F2})")
                    : string.Create(CultureInfo.InvariantCulture, $"rgba(220,38,38,{Math.Min(0.9, 0.3 + 0.2 * n):F2})");
                html.Append($"<td style=\"background:{color}\" title=\"true {t}, predicted {p}: {n}\">{(n == 0 ? "" : n.ToString(CultureInfo.InvariantCulture))}</td>");
            }
            html.Append("</tr>");
        }
        html.Append("</table>");
    }

    private static void AppendMistakes(StringBuilder html, TrainingRun run)
    {
        int[] labels = run.TestData.Labels!;
        var wrong = Enumerable.Range(0, labels.Length).Where(i => run.Predictions[i] != labels[i]).ToList();
        html.Append($"<h2>The {wrong.Count} test digits it got wrong</h2><div class=\"wrong\">");
        foreach (int i in wrong.Take(40))
            html.Append($"<figure>{DigitSvg.Render(run.TestData.Row(i))}<figcaption>is {labels[i]}, said {run.Predictions[i]}</figcaption></figure>");
        html.Append("</div>");
    }

    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}
