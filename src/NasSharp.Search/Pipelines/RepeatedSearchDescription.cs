namespace NasSharp.Search.Pipelines;

/// <summary>The names a <see cref="RepeatedSearchSummary"/> reports beside the settings: space, dataset and metric columns.</summary>
public sealed record RepeatedSearchDescription(string Space, string Dataset, string SearchMetric, string ReportMetric, RepeatedSearchSettings Settings);
