namespace NasSharp.NN;

/// <summary>What <see cref="Module.LoadStateDict"/> did not match: the module's keys absent from the dict, and the dict's keys the module lacks.</summary>
public sealed record StateDictLoadResult(IReadOnlyList<string> MissingKeys, IReadOnlyList<string> UnexpectedKeys);
