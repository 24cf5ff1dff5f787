using System.Text.Json.Serialization;
using NasSharp.NN;
using NasSharp.Search.Spaces;

namespace NasSharp.Search.FewShot;

/// <summary>An architecture trained from scratch: accuracies in percent (test, held-out validation, last training epoch), test loss, training seconds.</summary>
public sealed record StandaloneResult(Nb201Genotype Genotype, double TestAccuracy, double TestLoss, double ValidationAccuracy, double TrainAccuracy, double Seconds)
{
    /// <summary>The trained network (evaluation mode), to save as a model or use; not part of any record written.</summary>
    [JsonIgnore]
    public Module? Network { get; init; }
}
