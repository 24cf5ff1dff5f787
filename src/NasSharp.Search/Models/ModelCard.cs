using NasSharp.Data;

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

    /// <summary>What a user must know that the fields do not say, e.g. that the weights were never trained; null when nothing.</summary>
    public string? Note { get; init; }

    public DateTimeOffset Created { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>The informational version of the NasSharp build that wrote the card (version + commit).</summary>
    public string? CodeVersion { get; init; }

    /// <summary>
    /// The card of a network trained on <paramref name="train"/>: its input shape and classes, the normalisation it
    /// was fed, the genotype in its canonical text. The call a search makes to save its winner (then
    /// <see cref="SavedModel.Save"/>).
    /// </summary>
    public static ModelCard ForImages(ModelSpace space, string genotype, ModelNetworkOptions network, ImageDataset train, ChannelNormalization? normalization, string? dataset = null, IReadOnlyDictionary<string, double>? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        return new ModelCard
        {
            Space = space,
            Genotype = GenotypeText.Canonical(genotype, space),
            Network = network,
            InputShape = [train.Channels, train.Height, train.Width],
            Classes = train.ClassCount,
            Dataset = dataset,
            Normalization = normalization is null ? null : ModelNormalization.From(normalization),
            Metrics = metrics ?? new Dictionary<string, double>(),
        };
    }
}
