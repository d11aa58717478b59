using System.Globalization;
using ModelGen.Runtime;
using Spectre.Console;

namespace Digits;

/// <summary>
/// Shows training as it happens: on a terminal a live progress bar whose label carries the epoch,
/// loss, accuracy and throughput; when the output is redirected, one plain line per epoch.
/// </summary>
public static class TrainingProgress
{
    public static TrainingHistory Run(Func<IProgress<EpochReport>, TrainingHistory> fit, int epochs)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive)
            return fit(new Reporter(report => Console.WriteLine(report)));

        TrainingHistory? history = null;
        AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            // Narrow enough for an 80-column terminal: Spectre truncates a row that does not fit.
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 16 }, new PercentageColumn())
            .Start(context =>
            {
                ProgressTask task = context.AddTask("[grey]starting[/]", maxValue: epochs);
                history = fit(new Reporter(report =>
                {
                    task.Description = Describe(report);
                    task.Value = report.Epoch;
                }));
            });
        return history!;
    }

    private static string Describe(EpochReport r)
    {
        var c = CultureInfo.InvariantCulture;
        string text = string.Format(c, "epoch [bold]{0,2}[/]/{1} loss [yellow]{2:F4}[/]", r.Epoch, r.Epochs, r.Loss);
        if (r.Accuracy is { } a) text += string.Format(c, " acc [green]{0:0.0%}[/]", a);
        if (r.ValidationAccuracy is { } v) text += string.Format(c, " test [green]{0:0.0%}[/]", v);
        return text + string.Format(c, " [blue]{0:N0}[/]/s", r.SamplesPerSecond);
    }

    /// <summary>Reports synchronously, in order (System.Progress would post to the thread pool).</summary>
    private sealed class Reporter(Action<EpochReport> report) : IProgress<EpochReport>
    {
        public void Report(EpochReport value) => report(value);
    }
}
