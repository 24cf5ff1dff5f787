using System.Diagnostics;

namespace NasSharp.Tensors;

/// <summary>
/// Wall-clock time per recorded op while open on this thread: where a training step's time goes. Forward time of an
/// op is the time from the previous recorded op (or section, or backward pass) to the moment this op records its
/// node, so it includes the module code between the two and any op that records no node; backward time is its node's
/// <see cref="BackwardNode.Backward"/> call. Ops are keyed by <see cref="BackwardNode.ProfileName"/> and output shape.
/// Work outside ops (optimizer, zeroing) is named with <see cref="Section"/> (sections do not nest; ops run inside one
/// are charged to it); <see cref="Rows"/> puts the rest of the open time in one row. Profiling costs two timestamps per op; nothing is recorded while no profile is open.
/// </summary>
public sealed class OpProfile : IDisposable
{
    /// <summary>The row holding the backward pass's own work: the topological sort, freeing nodes, releasing gradients.</summary>
    public const string BackwardBookkeeping = "(backward pass: graph walk, freeing)";

    /// <summary>The row holding the open time no op or section accounts for (scopes, policies, loss read-back).</summary>
    public const string Unaccounted = "(other: outside ops and sections)";

    [ThreadStatic]
    private static OpProfile? current;

    private readonly Dictionary<(string Name, TensorShape Shape), Entry> ops = [];
    private readonly Dictionary<string, Entry> sections = [];
    private readonly long started;
    private long mark;
    private long stopped;
    private int openSections;

    private OpProfile()
    {
        started = mark = Stopwatch.GetTimestamp();
    }

    /// <summary>The profile open on this thread when it records ops (no section open), or null.</summary>
    internal static OpProfile? Recording => current is { openSections: 0 } profile ? profile : null;

    /// <summary>Opens a profile on this thread (one at a time); dispose it to close it.</summary>
    public static OpProfile Start()
    {
        if (current != null)
        {
            throw new InvalidOperationException("OpProfile: a profile is already open on this thread.");
        }

        return current = new OpProfile();
    }

    /// <summary>Times the work until the returned value is disposed under <paramref name="name"/> (a no-op when no profile is open).</summary>
    public static SectionTimer Section(string name) => new(current, name);

    /// <summary>Open time in seconds (until <see cref="Dispose"/>, or until now while open).</summary>
    public double TotalSeconds => Seconds((stopped != 0 ? stopped : Stopwatch.GetTimestamp()) - started);

    /// <summary>
    /// Every op (forward and backward time, calls), every section and the unaccounted rest, largest total first;
    /// the rows' totals add up to <see cref="TotalSeconds"/>.
    /// </summary>
    public IReadOnlyList<OpProfileRow> Rows()
    {
        var rows = ops.Select(o => new OpProfileRow(o.Key.Name, o.Key.Shape.ToString(), o.Value.Calls, Seconds(o.Value.Ticks), o.Value.BackwardCalls, Seconds(o.Value.BackwardTicks)))
            .Concat(sections.Select(s => new OpProfileRow(s.Key, string.Empty, s.Value.Calls, Seconds(s.Value.Ticks), 0, 0)))
            .ToList();
        var rest = TotalSeconds - rows.Sum(r => r.TotalSeconds);
        rows.Add(new OpProfileRow(Unaccounted, string.Empty, 0, rest, 0, 0));
        return [.. rows.OrderByDescending(r => r.TotalSeconds)];
    }

    public void Dispose()
    {
        if (stopped == 0)
        {
            stopped = Stopwatch.GetTimestamp();
            if (current == this)
            {
                current = null;
            }
        }
    }

    /// <summary>Charges the time since the last mark to <paramref name="node"/>'s forward.</summary>
    internal void RecordForward(BackwardNode node, TensorShape output)
    {
        var now = Stopwatch.GetTimestamp();
        var entry = EntryOf(node, output);
        entry.Calls++;
        entry.Ticks += now - mark;
        mark = now;
    }

    /// <summary>Charges <paramref name="ticks"/> to <paramref name="node"/>'s backward.</summary>
    internal void RecordBackward(BackwardNode node, TensorShape output, long ticks)
    {
        var entry = EntryOf(node, output);
        entry.BackwardCalls++;
        entry.BackwardTicks += ticks;
    }

    /// <summary>Charges <paramref name="ticks"/> to a named section and restarts the forward mark.</summary>
    internal void RecordSection(string name, long ticks)
    {
        if (!sections.TryGetValue(name, out var entry))
        {
            sections[name] = entry = new Entry();
        }

        entry.Calls++;
        entry.Ticks += ticks;
        Restart();
    }

    /// <summary>Starts the next forward op's time now (after a section or a backward pass).</summary>
    internal void Restart() => mark = Stopwatch.GetTimestamp();

    private static double Seconds(long ticks) => ticks / (double)Stopwatch.Frequency;

    private Entry EntryOf(BackwardNode node, TensorShape output)
    {
        var key = (node.ProfileName, output);
        if (!ops.TryGetValue(key, out var entry))
        {
            ops[key] = entry = new Entry();
        }

        return entry;
    }

    /// <summary>Times one section; returned by <see cref="Section"/>.</summary>
    public readonly struct SectionTimer : IDisposable
    {
        private readonly OpProfile? profile;
        private readonly string name;
        private readonly long start;

        internal SectionTimer(OpProfile? profile, string name)
        {
            (this.profile, this.name) = (profile, name);
            start = profile == null ? 0 : Stopwatch.GetTimestamp();
            if (profile != null)
            {
                profile.openSections++;
            }
        }

        public void Dispose()
        {
            if (profile != null)
            {
                profile.openSections--;
                profile.RecordSection(name, Stopwatch.GetTimestamp() - start);
            }
        }
    }

    private sealed class Entry
    {
        public int Calls;
        public long Ticks;
        public int BackwardCalls;
        public long BackwardTicks;
    }
}
