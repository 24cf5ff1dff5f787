namespace NasSharp.Data.Tests;

/// <summary>
/// A fact that runs only when the environment variable NASSHARP_DATA names an existing directory holding
/// the real datasets (mnist/, fashion-mnist/, ptb/, timeseries/); it is skipped with that hint otherwise.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RealDataFactAttribute : FactAttribute
{
    public const string Variable = "NASSHARP_DATA";

    public RealDataFactAttribute()
    {
        if (DataDirectory is null)
        {
            Skip = $"Set {Variable} to the shared data directory (with mnist/, fashion-mnist/, ptb/, timeseries/) to run the real-data tests.";
        }
    }

    /// <summary>The data directory, or null when the variable is unset or names no directory.</summary>
    public static string? DataDirectory
    {
        get
        {
            var value = Environment.GetEnvironmentVariable(Variable);
            return string.IsNullOrWhiteSpace(value) || !Directory.Exists(value) ? null : value;
        }
    }
}
