namespace NasSharp.Search.Models;

/// <summary>
/// What a saved model is (model.json, after Mitchell et al.'s "Model Cards for Model Reporting", 2019, reduced to
/// what a program needs to rebuild and use the network): the space and genotype, the network's sizes, the input it
/// expects ([C, H, W] and the normalisation), the classes, measured metrics (accuracies in percent), parameter and
/// FLOP counts, when and by which code version it was made. JSON keys are snake_case, enums written as names.
/// </summary>
public sealed record ModelCard
{
    public required ModelSpace Space { get; init; }

    /// <summary>The genotype's text form in its space.</summary>
    public required string Genotype { get; init; }

    public required ModelNetworkOptions Network { get; init; }

    /// <summary>[C, H, W] of one input image.</summary>
    public required IReadOnlyList<int> InputShape { get; init; }

    /// <summary>Number of output classes.</summary>
    public required int Classes { get; init; }

    /// <summary>The dataset the model was trained on (synthetic, mnist, ...), if known.</summary>
    public string? Dataset { get; init; }

    public ModelNormalization? Normalization { get; init; }

    /// <summary>Measured metrics by name, e.g. test_accuracy (percent) and test_loss.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>Trainable parameters.</summary>
    public long Params { get; init; }

    /// <summary>Forward FLOPs for one image (a multiply-add counts 2), from the space's analytic cost model.</summary>
    public double Flops { get; init; }

    public DateTimeOffset Created { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>The informational version of the NasSharp build that wrote the card (version + commit).</summary>
    public string? CodeVersion { get; init; }
}
