using System.Diagnostics;

namespace NasSharp.Cli.Tests;

/// <summary>
/// A fault-injection test: it mounts small tmpfs file systems and sends signals, so it runs only on Linux as root
/// with mount permitted (CI and the project's machines) and is skipped elsewhere with the reason.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class FaultFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Reason = new(Probe);

    public FaultFactAttribute()
    {
        if (Reason.Value is { } reason)
        {
            Skip = reason;
        }
    }

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux() || !Environment.IsPrivilegedProcess)
        {
            return "fault tests need Linux and root (tmpfs mounts, signals)";
        }

        var probe = Directory.CreateTempSubdirectory("nassharp-mount-probe-").FullName;
        try
        {
            var ok = ChildProcess.Shell($"mount -t tmpfs -o size=64k tmpfs '{probe}' && umount '{probe}'") == 0;
            return ok ? null : "fault tests need permission to mount a tmpfs (run as root outside a restricted container)";
        }
        finally
        {
            Directory.Delete(probe);
        }
    }
}
