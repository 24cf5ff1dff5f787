namespace NasSharp.Tasks;

/// <summary>
/// One finished training step (batch) inside an epoch, for progress inside long epochs (a Fashion-MNIST epoch of a
/// full-size network takes many minutes on 2 cores). <see cref="Loss"/> is the step's own loss.
/// </summary>
public readonly record struct TrainingStep(int Epoch, int Epochs, int Batch, int Batches, double Loss)
{
    /// <summary>Steps done in the whole run, counting whole earlier epochs.</summary>
    public long Done => ((long)(Epoch - 1) * Batches) + Batch;

    /// <summary>Steps of the whole run.</summary>
    public long Total => (long)Epochs * Batches;
}
