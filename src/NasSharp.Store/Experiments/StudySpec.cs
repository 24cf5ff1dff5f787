namespace NasSharp.Store.Experiments;

/// <summary>
/// What identifies and describes a study when it is created: its unique <see cref="Name"/>, what kind of
/// experiment it is (<c>search</c>, <c>groundtruth</c>...), the options it runs with (JSON, snake_case keys), the code
/// version that ran it and the run directory holding its artifacts.
/// </summary>
public sealed record StudySpec(string Name, string Kind, string OptionsJson, string CodeVersion, string? RunDirectory = null);
