using System.Globalization;
using System.Text;

namespace Digits.Report;

/// <summary>An 8x8 digit image as a small SVG of grey squares (ink dark on white, as written).</summary>
public static class DigitSvg
{
    public static string Render(ReadOnlySpan<float> pixels, int size = 64)
    {
        var svg = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 8 8\" width=\"{size}\" height=\"{size}\" shape-rendering=\"crispEdges\">"));
        for (int i = 0; i < 64; i++)
        {
            int shade = 255 - (int)Math.Round(Math.Clamp(pixels[i], 0f, 1f) * 255);
            svg.Append(string.Create(CultureInfo.InvariantCulture, $"<rect x=\"{i % 8}\" y=\"{i / 8}\" width=\"1\" height=\"1\" fill=\"rgb({shade},{shade},{shade})\"/>"));
        }
        return svg.Append("</svg>").ToString();
    }
}
