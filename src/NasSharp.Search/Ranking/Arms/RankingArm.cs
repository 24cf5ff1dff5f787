namespace NasSharp.Search.Ranking.Arms;

/// <summary>
/// One arm of a ranking experiment: a way of scoring architectures (e.g. one-shot or few-shot supernets) repeated
/// with several seeds. Seeds are paired by position across arms: the i-th scoring of every arm came from seed i.
/// </summary>
/// <param name="Name">Arm name as the report shows it.</param>
/// <param name="Seeds">One scoring per seed.</param>
public sealed record RankingArm(string Name, IReadOnlyList<Scoring> Seeds);
