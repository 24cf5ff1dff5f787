using NasSharp.Data;

namespace NasSharp.Search.Training;

/// <summary>
/// The recipe of <see cref="ClassifierTraining"/>. Defaults follow NAS-Bench-201's stand-alone training
/// (Dong &amp; Yang, ICLR 2020, section 2.4): SGD with Nesterov momentum 0.9, weight decay 5e-4 on every
/// parameter, learning rate 0.1 at batch 256 annealed to 0 by a per-step cosine, no label smoothing. The
/// epoch count is the caller's budget (the benchmark's 200 do not fit a CPU).
/// </summary>
public sealed record ClassifierTrainingOptions
{
    /// <summary>The benchmark's learning rate at its batch size of 256; the default scales it linearly with the batch (Goyal et al. 2017).</summary>
    public const double ReferenceLearningRate = 0.1;

    /// <summary>The batch size <see cref="ReferenceLearningRate"/> belongs to.</summary>
    public const int ReferenceBatchSize = 256;

    public int Epochs { get; init; } = 10;

    public int BatchSize { get; init; } = 256;

    /// <summary>The initial learning rate; null means 0.1 x BatchSize / 256.</summary>
    public double? LearningRate { get; init; }

    public double Momentum { get; init; } = 0.9;

    public bool Nesterov { get; init; } = true;

    public double WeightDecay { get; init; } = 5e-4;

    public double LabelSmoothing { get; init; }

    /// <summary>Clip the global gradient norm at this value (DARTS uses 5); null: no clipping, as NAS-Bench-201.</summary>
    public double? GradientClip { get; init; }

    /// <summary>Training-set augmentation; see <see cref="ClassifierTraining.DefaultAugmentation"/> for the per-dataset choice.</summary>
    public ImageAugmentation Augmentation { get; init; } = ImageAugmentation.None;

    /// <summary>Input normalisation; null computes the training set's per-channel mean and deviation.</summary>
    public ChannelNormalization? Normalization { get; init; }

    /// <summary>Seed of the shuffling and augmentation (the model's initialisation has its own generator).</summary>
    public int Seed { get; init; }

    /// <summary>The advice of a <see cref="NasSharp.NN.Optimization.TrainingDivergedException"/>, naming the caller's learning-rate option.</summary>
    public string DivergenceHint { get; init; } = "try a lower learning rate (--weight-lr)";

    /// <summary>The learning rate actually used at step 0.</summary>
    public double InitialLearningRate => LearningRate ?? ReferenceLearningRate * BatchSize / ReferenceBatchSize;

    /// <summary>Throws naming the first bad value.</summary>
    public void Validate()
    {
        static void Check(bool ok, string what)
        {
            if (!ok)
            {
                throw new ArgumentException($"Classifier training: {what}.");
            }
        }

        Check(Epochs > 0, $"epochs must be positive, got {Epochs}");
        Check(BatchSize > 0, $"batch size must be positive, got {BatchSize}");
        Check(InitialLearningRate > 0 && double.IsFinite(InitialLearningRate), $"learning rate must be positive, got {InitialLearningRate}");
        Check(Momentum >= 0 && Momentum < 1 && (!Nesterov || Momentum > 0), $"momentum must be in [0, 1) and positive with Nesterov, got {Momentum}");
        Check(WeightDecay >= 0, $"weight decay must not be negative, got {WeightDecay}");
        Check(LabelSmoothing >= 0 && LabelSmoothing < 1, $"label smoothing must be in [0, 1), got {LabelSmoothing}");
        Check(GradientClip is null or > 0, $"gradient clip must be positive, got {GradientClip}");
        ArgumentNullException.ThrowIfNull(Augmentation);
    }
}
