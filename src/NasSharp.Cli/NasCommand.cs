using System.CommandLine;
using System.CommandLine.Invocation;
using NasSharp.Data;
using NasSharp.NN.Optimization;
using NasSharp.Store;

namespace NasSharp.Cli;

/// <summary>
/// The root of the <c>nas</c> command: each verb lives in its own file and is only an adapter over the libraries.
/// <see cref="Run(string[], TextWriter, TextWriter)"/> is the one place that sees how an invocation ends, so it maps
/// outcomes to exit codes and records them in every run directory the invocation opened (<see cref="RunTracker"/>):
/// 0 complete; 2 bad input (one line naming the value); 3 training diverged (<see cref="TrainingDivergedException"/>);
/// 130 stopped by SIGINT and 143 by SIGTERM (<see cref="CliTermination"/>, status interrupted). The data files the
/// invocation reads are watched (<see cref="DataFileWatch"/>), so one that changes mid-run stops it (exit 2).
/// </summary>
internal static class NasCommand
{
    /// <summary>Exit code of bad input.</summary>
    public const int BadInput = 2;

    /// <summary>Exit code of a training run that diverged.</summary>
    public const int Diverged = 3;

    public static RootCommand Create()
    {
        var root = new RootCommand("NasSharp: neural architecture search for .NET (few-shot NAS, DARTS, DSNAS).");
        foreach (var command in Verbs())
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    public static int Run(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Parses and runs <paramref name="args"/>, writing to the given streams; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var errors = new LastLineWriter(error);
        using var tracker = RunTracker.Begin();
        using var watch = DataFileWatch.Begin();
        using var termination = CliTermination.Register(tracker, errors, args);
        try
        {
            var parsed = Create().Parse(OptionRenames.Apply(args));
            if (parsed.Errors.Count > 0 && parsed.Action is ParseErrorAction)
            {
                errors.WriteLine($"nas: {ParseErrorText.OneLine(parsed)}");
                return BadInput;
            }

            var exit = parsed.Invoke(new InvocationConfiguration { Output = output, Error = errors, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
            tracker.FinishAll(exit == 0 ? RunStatus.Complete : RunStatus.Failed, exit == 0 ? null : errors.LastLine ?? $"exit code {exit}");
            return exit;
        }
        catch (TrainingDivergedException ex)
        {
            return Fail(tracker, errors, ex.Message, Diverged);
        }
        catch (OperationCanceledException) when (termination.Requested)
        {
            if (termination.End() is { } line)
            {
                errors.WriteLine(line);
            }

            return termination.ExitCode;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException or FormatException or InvalidDataException or UnauthorizedAccessException)
        {
            return Fail(tracker, errors, SearchCommand.OneLine(ex), BadInput);
        }
    }

    private static int Fail(RunTracker tracker, TextWriter error, string message, int exit)
    {
        tracker.FinishAll(RunStatus.Failed, message);
        error.WriteLine($"nas: {message}");
        return exit;
    }

    private static IEnumerable<Command> Verbs()
    {
        yield return BenchCommand.Create();
        yield return SearchCommand.Create();
        yield return RankCommand.Create();
        yield return RankCompareCommand.Create();
        yield return TrainCommand.Create();
        yield return PredictCommand.Create();
        yield return ExportCommand.Create();
        yield return SupernetCommand.Create();
        yield return GroundTruthCommand.Create();
        yield return WorkerCommand.Create();
        yield return RunsCommand.Create();
        yield return ReportCommand.Create();
    }
}
