using System.CommandLine;
using System.Reflection;
using NasSharp.Store.Experiments;

namespace NasSharp.Cli;

/// <summary>The <c>--store</c> option every store-backed verb shares, and what the CLI records about itself.</summary>
internal static class StoreCliOptions
{
    public static Option<string?> Store() => new("--store")
    {
        Description = $"Experiment store: an SQLite file (default {StoreLocation.DefaultPath}), postgresql://user@host:port/database or \"Host=...;Database=...\" (default: ${StoreLocation.EnvironmentVariable}).",
    };

    /// <summary>Opens the store the option (or the environment, or the default) names.</summary>
    public static IExperimentStore Open(string? option) => StoreLocation.Resolve(option).Open();

    /// <summary>The version of the code that ran a study and the kernels' vector width (<see cref="Kernels.SimdWidth"/>), recorded with it.</summary>
    public static string CodeVersion { get; } =
        $"{typeof(StoreCliOptions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown"} ({Kernels.SimdWidth.Description})";
}
