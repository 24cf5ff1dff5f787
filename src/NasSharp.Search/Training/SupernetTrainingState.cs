using System.Text.Json.Serialization;

namespace NasSharp.Search.Training;

/// <summary>
/// Where a supernet training run stands: what a checkpoint records besides the tensors (state.json, and the
/// checkpoint's metadata). The random state needs no saving: every epoch's path sampler is seeded from
/// (<see cref="SupernetTrainingOptions.Seed"/>, epoch) and the data loader from (its seed, epoch), so a run
/// resumed at an epoch boundary draws exactly what the uninterrupted run would have drawn.
/// </summary>
public sealed record SupernetTrainingState
{
    /// <summary>The recipe; a resumed run must match it.</summary>
    public required SupernetTrainingOptions Options { get; init; }

    /// <summary>Batches per epoch of the data the run trains on; a resumed run must see the same.</summary>
    public int BatchesPerEpoch { get; init; }

    /// <summary>Epochs finished (and checkpointed).</summary>
    public int CompletedEpochs { get; init; }

    /// <summary>Optimizer steps taken (the cosine schedule's position).</summary>
    public long Steps { get; init; }

    /// <summary>Wall seconds of training over all sessions.</summary>
    public double Seconds { get; init; }

    public IReadOnlyList<SupernetEpochRecord> History { get; init; } = [];

    /// <summary>True once every epoch of the recipe is done.</summary>
    [JsonIgnore]
    public bool IsComplete => CompletedEpochs >= Options.Epochs;
}
