namespace NasSharp.Cli;

/// <summary>A <c>--resume</c> refused because options differ from the run's: one message line per differing option.</summary>
internal sealed class ResumeMismatchException(IReadOnlyList<string> lines) : ArgumentException(string.Join('\n', lines))
{
    public IReadOnlyList<string> Lines { get; } = lines;
}
