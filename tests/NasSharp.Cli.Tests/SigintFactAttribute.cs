using System.Globalization;

namespace NasSharp.Cli.Tests;

/// <summary>
/// A <see cref="FaultFactAttribute"/> test that sends SIGINT to a child <c>nas</c>: skipped, with the reason, when this
/// process tree ignores SIGINT (a test run started in the background by a non-interactive shell, e.g. under
/// <c>nohup ... &amp;</c>, inherits SIG_IGN, and .NET keeps an ignored SIGINT ignored, so the child could never see it).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SigintFactAttribute : FactAttribute
{
    public SigintFactAttribute()
    {
        Skip = new FaultFactAttribute().Skip ?? (SigintIgnored() ? "SIGINT is ignored in this process tree (started in the background by a non-interactive shell); run the tests in the foreground" : null);
    }

    // /proc/self/status: "SigIgn:" is the hexadecimal mask of ignored signals; SIGINT is signal 2, bit 1.
    private static bool SigintIgnored()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line != null && (ulong.Parse(line["SigIgn:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture) & 0b10) != 0;
    }
}
