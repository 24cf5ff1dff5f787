namespace NasSharp.Cli;

/// <summary>A <see cref="TextWriter"/> that passes everything on and remembers the last line, so the reason a command gave on stderr can be recorded in its run's status.</summary>
internal sealed class LastLineWriter(TextWriter inner) : TextWriter
{
    private readonly System.Text.StringBuilder line = new();

    public override System.Text.Encoding Encoding => inner.Encoding;

    /// <summary>The last complete non-empty line written.</summary>
    public string? LastLine { get; private set; }

    public override void Write(char value)
    {
        inner.Write(value);
        if (value == '\n')
        {
            var text = line.ToString().TrimEnd('\r');
            LastLine = text.Length > 0 ? text : LastLine;
            line.Clear();
        }
        else
        {
            line.Append(value);
        }
    }

    public override void Write(string? value)
    {
        foreach (var c in value ?? string.Empty)
        {
            Write(c);
        }
    }

    public override void Flush() => inner.Flush();
}
