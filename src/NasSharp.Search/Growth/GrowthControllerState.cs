namespace NasSharp.Search.Growth;

/// <summary>
/// The memory of a <see cref="GrowthController"/> as plain data (JSON in a search checkpoint): open masks per group,
/// (group, epoch born) pairs, the last grown group, the number of growth events, the trigger's state and the stopping
/// rule's.
/// </summary>
public sealed record GrowthControllerState(bool[][] Open, int[][] BornAt, int? LastGrown, int Events, double[] Trigger, int? RuleGrownAt, double RuleLossBefore, GrowthStop RuleStopped);
