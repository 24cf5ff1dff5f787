namespace NasSharp.Cli.Tests;

/// <summary>
/// A fact that needs Debian's <c>chromium</c> on PATH (driven by Playwright through its executable path; Playwright's
/// own browser download is not used). Without it the test is skipped with the one-line way to enable it, unless
/// NASSHARP_REQUIRE_BROWSER=1 (continuous integration), where a missing browser is a failure.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public const string RequireVariable = "NASSHARP_REQUIRE_BROWSER";

    private static readonly string[] Names = ["chromium", "chromium-browser"];

    public BrowserFactAttribute()
    {
        if (Chromium is null && !Required)
        {
            Skip = $"chromium not found on PATH: run 'apt-get install -y chromium' to enable the browser tests ({RequireVariable}=1 makes a missing browser a failure).";
        }
    }

    public static bool Required => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    /// <summary>The chromium executable found on PATH, or null.</summary>
    public static string? Chromium =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(directory => Names.Select(name => Path.Combine(directory, name)))
            .FirstOrDefault(File.Exists);
}
