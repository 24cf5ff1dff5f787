using System.CommandLine;

namespace NasSharp.Cli;

/// <summary><c>nas bench</c>: speed measurements of the engine and the search loops.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Measure speed: 'nas bench engine' times NAS-Bench-201 supernet training steps.");
        command.Subcommands.Add(EngineBenchCommand.Create());
        return command;
    }
}
