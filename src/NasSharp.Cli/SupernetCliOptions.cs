using System.CommandLine;
using NasSharp.Kernels;
using NasSharp.Search.FewShot;
using NasSharp.Search.Pipelines;

namespace NasSharp.Cli;

/// <summary>Options shared by the supernet verbs, created per command (a System.CommandLine option belongs to one command).</summary>
internal static class SupernetCliOptions
{
    /// <summary>Environment variable naming the data directory when --data is not given.</summary>
    public const string DataEnvironmentVariable = "NASSHARP_DATA";

    public static Option<string> Directory() => new("--dir") { Description = "Supernet directory (supernet.json, oneshot/, splits/...).", Required = true };

    public static Option<string?> Data() => new("--data") { Description = $"Data directory holding the dataset's files (default: ${DataEnvironmentVariable}); not needed for synthetic." };

    /// <summary>
    /// --threads: kernel threads of this process (default: all cores). Results do not depend on it (the kernels are
    /// bitwise identical across thread counts); several single-threaded processes can beat one two-threaded one on
    /// small networks.
    /// </summary>
    public static Option<int?> Threads() => new(ThreadsName) { Description = "Threads the kernels may use (default: all cores); results do not depend on it." };

    /// <summary>Applies the command's --threads, when it has one and it was given.</summary>
    public static void ApplyThreads(ParseResult parseResult)
    {
        if (parseResult.CommandResult.Command.Options.OfType<Option<int?>>().FirstOrDefault(o => o.Name == ThreadsName) is { } option
            && parseResult.GetValue(option) is { } threads)
        {
            KernelParallel.ThreadCount = threads > 0 ? threads : throw new ArgumentException($"--threads must be positive, got {threads}");
        }
    }

    private const string ThreadsName = "--threads";

    public static Option<bool> Resume() => new("--resume") { Description = "Continue from the last complete checkpoint (after the process was stopped or killed)." };

    /// <summary>The spaces a supernet directory can hold: nb201, chain; anything else is one line naming them.</summary>
    internal static SearchSpaceKind ParseSpace(string name) =>
        KindNames<SearchSpaceKind>.TryParse(name) is { } kind && kind is SearchSpaceKind.Nb201 or SearchSpaceKind.Chain
            ? kind
            : throw new ArgumentException($"unknown --space '{name}' (supernet directories and ground truths hold: nb201, chain)");

    /// <summary>The option's name when it was given on the command line (not its default), else null.</summary>
    internal static string? Given(ParseResult r, Option option) => r.GetResult(option) is { Implicit: false } ? option.Name : null;

    /// <summary>--data, else $NASSHARP_DATA, else null.</summary>
    public static string? DataDirectory(string? data) =>
        !string.IsNullOrEmpty(data) ? data : Environment.GetEnvironmentVariable(DataEnvironmentVariable) is { Length: > 0 } env ? env : null;

    /// <summary>Runs <paramref name="body"/>, turning expected failures into one line on stderr and exit code 2.</summary>
    public static int Guard(ParseResult parseResult, string verb, Func<TextWriter, int> body)
    {
        try
        {
            ApplyThreads(parseResult);
            return body(parseResult.InvocationConfiguration.Output);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException or FormatException or InvalidDataException or UnauthorizedAccessException)
        {
            parseResult.InvocationConfiguration.Error.WriteLine($"nas {verb}: {OneLine(ex)}");
            return 2;
        }
    }

    /// <summary>
    /// The data directory of a command on a supernet directory: --data, else the one the directory remembers (it was
    /// created from it), else $NASSHARP_DATA.
    /// </summary>
    public static string? DataDirectory(string? data, SupernetManifest manifest) =>
        !string.IsNullOrEmpty(data) ? data : manifest.DataDirectory ?? DataDirectory(null);

    /// <summary>The data of a supernet directory, loaded as its manifest says, from <see cref="DataDirectory(string?, SupernetManifest)"/>.</summary>
    public static FewShotData LoadData(SupernetDirectory directory, string? data) =>
        FewShotData.Load(directory.Manifest.Dataset, DataDirectory(data, directory.Manifest), directory.Manifest.Data);

    // Library messages may carry " (Parameter 'x')" or a second line; the CLI prints one line.
    internal static string OneLine(Exception ex)
    {
        var message = ex.Message;
        if (ex is ArgumentException { ParamName: { } name })
        {
            message = message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal);
        }

        return message.ReplaceLineEndings(" ");
    }
}
