using System.Diagnostics;
using System.Text;

namespace NasSharp.Cli.Tests;

/// <summary>
/// <c>nas</c> as a separate process (the built nas.dll next to the tests, run by the same dotnet host), for what an
/// in-process run cannot show: signals, resource limits, file systems. Output is collected line by line by two
/// threads of its own: the process's asynchronous events run on the thread pool, which a loaded test run can starve for
/// seconds, long enough for a short run to finish before a test sees the line it waits for.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly StringBuilder error = new();
    private readonly Thread outputReader;
    private readonly Thread errorReader;

    private ChildProcess(Process process)
    {
        this.process = process;
        outputReader = Reader(process.StandardOutput, output);
        errorReader = Reader(process.StandardError, error);
    }

    public int Id => process.Id;

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public string Error
    {
        get
        {
            lock (error)
            {
                return error.ToString();
            }
        }
    }

    /// <summary>Starts <c>nas</c> with <paramref name="args"/>; <paramref name="shellPrefix"/> (e.g. <c>ulimit -f 40;</c>) runs in the shell first.</summary>
    public static ChildProcess StartNas(string[] args, string shellPrefix = "")
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var nas = Path.Combine(AppContext.BaseDirectory, "nas.dll");
        var command = $"{shellPrefix} exec '{dotnet}' '{nas}' {string.Join(' ', args.Select(a => "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"))}";
        var info = new ProcessStartInfo("/bin/bash", ["-c", command]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        return new ChildProcess(Process.Start(info)!);
    }

    /// <summary>Runs a shell command to the end and returns its exit code.</summary>
    public static int Shell(string command)
    {
        using var process = Process.Start(new ProcessStartInfo("/bin/bash", ["-c", command]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        process.WaitForExit();
        return process.ExitCode;
    }

    /// <summary>Waits until the output contains <paramref name="text"/> (true) or the process ends first (false).</summary>
    public bool WaitForOutput(string text)
    {
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (process.HasExited)
            {
                WaitForExit();
                return Output.Contains(text, StringComparison.Ordinal);
            }

            Thread.Sleep(50);
        }

        return true;
    }

    public void Signal(string name) => Assert.Equal(0, Shell($"kill -{name} {process.Id}"));

    /// <summary>Waits up to <paramref name="milliseconds"/>; true when the process has ended.</summary>
    public bool WaitForExitOrTimeout(int milliseconds) => process.WaitForExit(milliseconds);

    /// <summary>Waits for the process to end and for its output to be read to the end; returns its exit code.</summary>
    public int WaitForExit()
    {
        process.WaitForExit();
        outputReader.Join();
        errorReader.Join();
        return process.ExitCode;
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }

    private static Thread Reader(StreamReader stream, StringBuilder builder)
    {
        var thread = new Thread(() =>
        {
            while (stream.ReadLine() is { } line)
            {
                Append(builder, line);
            }
        }) { IsBackground = true };
        thread.Start();
        return thread;
    }

    private static void Append(StringBuilder builder, string? line)
    {
        if (line != null)
        {
            lock (builder)
            {
                builder.AppendLine(line);
            }
        }
    }
}
