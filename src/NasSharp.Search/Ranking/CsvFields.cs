using System.Text;

namespace NasSharp.Search.Ranking;

/// <summary>Splits one CSV line (RFC 4180 quoting within a line): unquoted fields are trimmed, quoted ones kept verbatim.</summary>
internal static class CsvFields
{
    /// <exception cref="FormatException">A quoted field is not closed, or text follows its closing quote.</exception>
    public static List<string> Split(string line, string path, int lineNumber)
    {
        var fields = new List<string>();
        var i = 0;
        while (true)
        {
            while (i < line.Length && line[i] is ' ' or '\t')
            {
                i++;
            }

            if (i < line.Length && line[i] == '"')
            {
                fields.Add(Quoted(line, ref i, path, lineNumber));
            }
            else
            {
                var end = line.IndexOf(',', i);
                end = end < 0 ? line.Length : end;
                fields.Add(line[i..end].Trim());
                i = end;
            }

            if (i >= line.Length)
            {
                return fields;
            }

            i++; // the comma
        }
    }

    /// <summary>Reads a quoted field starting at the opening quote; leaves <paramref name="i"/> at the following comma or the end.</summary>
    private static string Quoted(string line, ref int i, string path, int lineNumber)
    {
        var value = new StringBuilder();
        i++;
        while (true)
        {
            if (i >= line.Length)
            {
                throw new FormatException($"{path} line {lineNumber}: a quoted field is not closed");
            }

            if (line[i] == '"')
            {
                if (i + 1 < line.Length && line[i + 1] == '"')
                {
                    value.Append('"');
                    i += 2;
                    continue;
                }

                i++;
                break;
            }

            value.Append(line[i++]);
        }

        while (i < line.Length && line[i] is ' ' or '\t')
        {
            i++;
        }

        if (i < line.Length && line[i] != ',')
        {
            throw new FormatException($"{path} line {lineNumber}: text after the closing quote of a field");
        }

        return value.ToString();
    }
}
