namespace NasSharp.Cli.Tests;

/// <summary>Runs <c>nas</c> in-process with captured output: each call is what a separate process would do, sharing only files.</summary>
internal static class CliRunner
{
    public static (int Exit, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = NasCommand.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>Runs and asserts exit code 0, returning the output.</summary>
    public static string Ok(params string[] args)
    {
        var (exit, output, error) = Run(args);
        Assert.True(exit == 0, $"nas {string.Join(' ', args)} exited {exit}: {error}");
        return output;
    }
}
