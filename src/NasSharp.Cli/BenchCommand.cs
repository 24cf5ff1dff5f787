using System.CommandLine;

namespace NasSharp.Cli;

/// <summary><c>nas bench</c>: speed measurements of the engine and the search loops.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Measure speed: 'nas bench engine' times NAS-Bench-201 supernet training steps; 'nas bench infer' compares a saved model's inference with ONNX Runtime's.");
        command.Subcommands.Add(EngineBenchCommand.Create());
        command.Subcommands.Add(InferenceBenchCommand.Create());
        return command;
    }
}
