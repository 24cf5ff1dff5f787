using System.CommandLine;

namespace NasSharp.Cli;

/// <summary>
/// <c>nas supernet</c>: trains the supernets of a few-shot directory one at a time, so that each sub-supernet can
/// run in its own process or on its own machine: <c>train</c> (the one-shot supernet) and <c>split</c>
/// (sub-supernets from the saved parent), both resumable after the process is killed.
/// </summary>
internal static class SupernetCommand
{
    public static Command Create()
    {
        var command = new Command("supernet", "Train weight-sharing supernets: 'nas supernet train --dir DIR --epochs 20', then 'nas supernet split --dir DIR --edge 0 [--split K]'.");
        command.Subcommands.Add(SupernetTrainCommand.Create());
        command.Subcommands.Add(SupernetSplitCommand.Create());
        return command;
    }
}
