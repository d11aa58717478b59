using System.Globalization;
using System.Net;
using System.Text;

namespace Digits.Report;

/// <summary>One line of a chart: a name, a colour and a value per epoch (null where there is none).</summary>
public sealed record ChartSeries(string Name, string Color, IReadOnlyList<double?> Values, bool Dashed = false);

/// <summary>
/// A line chart as inline SVG (no scripts, no external files): gridlines with rounded tick labels,
/// one polyline per series, a dot at each point, and a legend.
/// </summary>
public static class SvgLineChart
{
    private const int Width = 560, Height = 300, Left = 56, Right = 16, Top = 36, Bottom = 40;

    public static string Render(string title, string yLabel, IReadOnlyList<ChartSeries> series, double? yMin = null, double? yMax = null, Func<double, string>? format = null)
    {
        format ??= v => v.ToString("0.###", CultureInfo.InvariantCulture);
        var points = series.SelectMany(s => s.Values).OfType<double>().ToList();
        double low = yMin ?? points.DefaultIfEmpty(0).Min();
        double high = yMax ?? points.DefaultIfEmpty(1).Max();
        if (high - low < 1e-12) high = low + 1;
        // Round the axis out to "nice" ticks (1, 2 or 5 times a power of ten) so labels read 0.5, not 0.509.
        double tick = NiceStep((high - low) / 5);
        low = Math.Floor(low / tick + 1e-9) * tick;
        high = Math.Ceiling(high / tick - 1e-9) * tick;
        int ticks = (int)Math.Round((high - low) / tick);
        int count = series.Max(s => s.Values.Count);
        double plotWidth = Width - Left - Right, plotHeight = Height - Top - Bottom;
        double X(int i) => Left + (count <= 1 ? plotWidth / 2 : plotWidth * i / (count - 1));
        double Y(double v) => Top + plotHeight * (1 - (v - low) / (high - low));

        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{Escape(title)}\">"));
        svg.Append(Invariant($"<text x=\"{Left}\" y=\"20\" class=\"chart-title\">{Escape(title)}</text>"));
        for (int t = 0; t <= ticks; t++)
        {
            double value = low + tick * t;
            double y = Y(value);
            svg.Append(Invariant($"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{y:F1}\" y2=\"{y:F1}\" class=\"grid\"/>"));
            svg.Append(Invariant($"<text x=\"{Left - 6}\" y=\"{y + 4:F1}\" class=\"tick\" text-anchor=\"end\">{Escape(format(value))}</text>"));
        }
        int step = Math.Max(1, (int)Math.Ceiling(count / 10.0));
        for (int i = 0; i < count; i += step)
            svg.Append(Invariant($"<text x=\"{X(i):F1}\" y=\"{Height - Bottom + 16}\" class=\"tick\" text-anchor=\"middle\">{i + 1}</text>"));
        svg.Append(Invariant($"<text x=\"{Left + plotWidth / 2:F1}\" y=\"{Height - 6}\" class=\"axis\" text-anchor=\"middle\">epoch</text>"));
        svg.Append(Invariant($"<text x=\"14\" y=\"{Top + plotHeight / 2:F1}\" class=\"axis\" text-anchor=\"middle\" transform=\"rotate(-90 14 {Top + plotHeight / 2:F1})\">{Escape(yLabel)}</text>"));

        int legendX = Width - Right;
        foreach (ChartSeries s in series.Reverse())
        {
            legendX -= 14 + 7 * s.Name.Length + 18;
            svg.Append(Invariant($"<line x1=\"{legendX}\" x2=\"{legendX + 14}\" y1=\"16\" y2=\"16\" stroke=\"{s.Color}\" stroke-width=\"3\"{(s.Dashed ? " stroke-dasharray=\"4 3\"" : "")}/>"));
            svg.Append(Invariant($"<text x=\"{legendX + 18}\" y=\"20\" class=\"legend\">{Escape(s.Name)}</text>"));
        }
        foreach (ChartSeries s in series)
        {
            var line = new List<string>();
            for (int i = 0; i < s.Values.Count; i++)
                if (s.Values[i] is { } v) line.Add(Invariant($"{X(i):F1},{Y(v):F1}"));
            if (line.Count == 0) continue;
            svg.Append(Invariant($"<polyline fill=\"none\" stroke=\"{s.Color}\" stroke-width=\"2.5\" stroke-linejoin=\"round\"{(s.Dashed ? " stroke-dasharray=\"6 4\"" : "")} points=\"{string.Join(' ', line)}\"/>"));
            for (int i = 0; i < s.Values.Count; i++)
            {
                if (s.Values[i] is { } v)
                    svg.Append(Invariant($"<circle cx=\"{X(i):F1}\" cy=\"{Y(v):F1}\" r=\"2.5\" fill=\"{s.Color}\"><title>{Escape(s.Name)}, epoch {i + 1}: {Escape(format(v))}</title></circle>"));
            }
        }
        return svg.Append("</svg>").ToString();
    }

    private static double NiceStep(double rough)
    {
        double power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        double fraction = rough / power;
        return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}
