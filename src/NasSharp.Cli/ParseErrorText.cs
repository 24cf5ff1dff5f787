using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace NasSharp.Cli;

/// <summary>
/// One line for a command line that does not parse. System.CommandLine's own message for a value of the wrong type
/// names the CLR type (<c>Cannot parse argument '1000000000000' for option '--budget' as expected type
/// 'System.Nullable`1[[System.Int32, ...]]'</c>); this names the option, the value and what it must be instead.
/// </summary>
internal static class ParseErrorText
{
    public static string OneLine(ParseResult result)
    {
        var error = result.Errors[0];
        var line = error.SymbolResult is { } symbol && Describe(symbol) is { } described ? described : error.Message;
        return SearchCommand.OneLine(new FormatException(line));
    }

    /// <summary>A type error of an option or argument value; null for other errors (unknown option, missing value), whose messages are clear.</summary>
    private static string? Describe(SymbolResult symbol)
    {
        var (name, type) = symbol switch
        {
            OptionResult o => (o.Option.Name, o.Option.ValueType),
            ArgumentResult { Parent: OptionResult o } => (o.Option.Name, o.Option.ValueType),
            ArgumentResult a => ($"<{a.Argument.Name}>", a.Argument.ValueType),
            _ => (null, null),
        };
        if (name == null || type == null || Expected(type) is not { } expected || symbol.Tokens.Count == 0)
        {
            return null;
        }

        var value = symbol.Tokens.Select(t => t.Value).FirstOrDefault(v => !Valid(v, type)) ?? symbol.Tokens[0].Value;
        return $"{name}: '{value}' is not {expected}";
    }

    private static Type Element(Type type) =>
        Nullable.GetUnderlyingType(type) ?? (type.IsArray ? Element(type.GetElementType()!) : type);

    private static string? Expected(Type type) => Element(type) switch
    {
        var t when t == typeof(int) => string.Create(CultureInfo.InvariantCulture, $"a whole number from {int.MinValue} to {int.MaxValue}"),
        var t when t == typeof(long) => "a whole number within the 64-bit range",
        var t when t == typeof(float) || t == typeof(double) => "a number (e.g. 0.05 or 1e-3)",
        var t when t == typeof(bool) => "true or false",
        { IsEnum: true } t => $"one of {string.Join(", ", Enum.GetNames(t).Select(n => n.ToLowerInvariant()))}",
        _ => null,
    };

    private static bool Valid(string value, Type type) => Element(type) switch
    {
        var t when t == typeof(int) => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
        var t when t == typeof(long) => long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
        var t when t == typeof(float) || t == typeof(double) => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
        var t when t == typeof(bool) => bool.TryParse(value, out _),
        { IsEnum: true } t => Enum.TryParse(t, value, ignoreCase: true, out _),
        _ => true,
    };
}
