using NasSharp.Data;

namespace NasSharp.Tasks.LanguageModeling;

/// <summary>
/// The recipe of <see cref="LanguageModelTraining"/>. By default PyTorch's word_language_model: batch 20, truncated
/// back-propagation over 35 steps, plain SGD at learning rate 20 divided by 4 after every epoch whose validation loss
/// does not improve, gradient norm clipped at 0.25, evaluation with batch 10. Two parts of the DARTS recurrent recipe
/// (RECURRENT.md 2.1 item 3 and 2.3) can replace parts of it: drawn window lengths (<see cref="BpttLengths"/>) and
/// NT-ASGD (<see cref="Asgd"/>).
/// </summary>
public sealed record LanguageModelTrainingOptions
{
    public int Epochs { get; init; } = 4;

    public int BatchSize { get; init; } = 20;

    public int EvalBatchSize { get; init; } = 10;

    public int Bptt { get; init; } = 35;

    public double LearningRate { get; init; } = 20;

    public double GradientClip { get; init; } = 0.25;

    /// <summary>The learning rate is divided by this after an epoch without validation improvement (not with <see cref="Asgd"/>).</summary>
    public double AnnealFactor { get; init; } = 4;

    /// <summary>The training windows' lengths (<see cref="BpttPlan"/>); evaluation always reads windows of <see cref="Bptt"/>.</summary>
    public BpttLengthRule BpttLengths { get; init; } = BpttLengthRule.Fixed;

    /// <summary>Seed of the drawn window lengths, keyed with the epoch.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// NT-ASGD (AWD-LSTM, the DARTS code's rnn/train.py): a constant learning rate (no annealing), and the switch from
    /// SGD to averaged SGD when <see cref="NasSharp.NN.Optimization.NonMonotonicTrigger"/> fires; from then on the
    /// averaged weights are validated, kept as the best and tested.
    /// </summary>
    public bool Asgd { get; init; }

    /// <summary>nonmono of the trigger (DARTS: 5).</summary>
    public int NonMonotoneInterval { get; init; } = 5;

    /// <summary>Throws naming the first bad value.</summary>
    public void Validate()
    {
        if (Epochs <= 0 || BatchSize <= 0 || EvalBatchSize <= 0 || Bptt <= 0 || NonMonotoneInterval <= 0)
        {
            throw new ArgumentException($"Language model training: epochs ({Epochs}), batch sizes ({BatchSize}, {EvalBatchSize}), bptt ({Bptt}) and nonmono ({NonMonotoneInterval}) must be positive.");
        }

        if (!(LearningRate > 0) || !(GradientClip > 0) || !(AnnealFactor >= 1))
        {
            throw new ArgumentException($"Language model training: learning rate ({LearningRate}) and clip ({GradientClip}) must be positive, the anneal factor ({AnnealFactor}) at least 1.");
        }

        if (!Enum.IsDefined(BpttLengths))
        {
            throw new ArgumentException($"Language model training: unknown window length rule {BpttLengths}.");
        }
    }
}
