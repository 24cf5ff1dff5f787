namespace NasSharp.Tasks.Tests;

/// <summary>
/// A fact that runs only when NASSHARP_DATA names an existing directory holding the real datasets (timeseries/,
/// ptb/, ...); skipped with that hint otherwise. Use with [Trait("Category", "RealData")].
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RealDataFactAttribute : FactAttribute
{
    public const string Variable = "NASSHARP_DATA";

    public RealDataFactAttribute()
    {
        if (DataDirectory is null)
        {
            Skip = $"Set {Variable} to the data directory (with timeseries/exchange_rate.txt.gz) to run the real-data tests.";
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
