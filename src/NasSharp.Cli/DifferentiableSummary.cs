namespace NasSharp.Cli;

/// <summary>
/// summary.json of a differentiable search: the architecture found, its accuracy as searched (the child with the
/// weights it inherited from the supernet, no retraining: at the end of the search, and after the optional child
/// epochs that train it on) and retrained from scratch, and the compute of each route (wall seconds and analytic
/// training FLOPs: search [+ child epochs] vs search + stand-alone retraining). Accuracies in percent; null when
/// not measured. Few-shot runs do not train a child on (the chosen sub-supernet's trainer is not kept).
/// </summary>
internal sealed record DifferentiableSummary(
    string Method,
    string Space,
    string Dataset,
    bool FewShot,
    string Genotype,
    string? SplitChosen,
    int SkipConnections,
    bool StoppedEarly,
    int SearchEpochs,
    long Parameters,
    double ForwardMegaflops,
    double SearchedTestAccuracy,
    double? ChildTestAccuracy,
    int ChildEpochs,
    double? RetrainedTestAccuracy,
    double SearchSeconds,
    double ChildSeconds,
    double RetrainSeconds,
    double SearchTeraflops,
    double ChildTeraflops,
    double RetrainTeraflops,
    int TrainImages,
    int TestImages,
    string RunDirectory);
