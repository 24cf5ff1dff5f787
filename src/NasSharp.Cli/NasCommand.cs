using System.CommandLine;

namespace NasSharp.Cli;

/// <summary>The root of the <c>nas</c> command: each verb lives in its own file and is only an adapter over the libraries.</summary>
internal static class NasCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand("NasSharp: neural architecture search for .NET (few-shot NAS, DARTS, DSNAS).");
        foreach (var command in Verbs())
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    public static int Run(string[] args)
    {
        try
        {
            return Create().Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException or FormatException or InvalidDataException)
        {
            Console.Error.WriteLine($"nas: {ex.Message}");
            return 2;
        }
    }

    private static IEnumerable<Command> Verbs()
    {
        yield return BenchCommand.Create();
        yield return SearchCommand.Create();
        yield return RankCommand.Create();
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
