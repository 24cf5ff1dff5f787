using System.Globalization;

namespace NasSharp.NN.Optimization;

/// <summary>
/// A training run's numbers left the finite range or grew far beyond their start (see <see cref="DivergenceGuard"/>).
/// Deliberately not an <see cref="ArgumentException"/> or <see cref="InvalidOperationException"/>: the input was valid,
/// the optimisation failed, and callers (the CLI, a search loop) treat that as its own outcome (exit code 3, a
/// failed trial) rather than as bad input.
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    public TrainingDivergedException()
        : this("training diverged")
    {
    }

    public TrainingDivergedException(string message)
        : base(message)
    {
    }

    public TrainingDivergedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <param name="step">1-based optimisation step at which the check failed.</param>
    /// <param name="quantity">What was checked: "loss", "gradient norm", or a parameter name.</param>
    /// <param name="value">The offending value.</param>
    /// <param name="learningRate">The learning rate at that step.</param>
    /// <param name="reason">Why the value is refused, e.g. "is not finite".</param>
    /// <param name="hint">What to try, e.g. "lower --lr".</param>
    public TrainingDivergedException(long step, string quantity, double value, double learningRate, string reason, string hint)
        : base(string.Create(CultureInfo.InvariantCulture, $"training diverged at step {step}: {quantity} {value:G4} {reason} (learning rate {learningRate:G4}); {hint}"))
    {
        Step = step;
        Quantity = quantity;
        Value = value;
        LearningRate = learningRate;
    }

    /// <summary>1-based optimisation step of the failed check.</summary>
    public long Step { get; }

    /// <summary>What was checked: "loss", "gradient norm", or a parameter's name.</summary>
    public string Quantity { get; } = string.Empty;

    /// <summary>The offending value (NaN, an infinity, or a finite loss far above its start).</summary>
    public double Value { get; }

    /// <summary>The learning rate at that step.</summary>
    public double LearningRate { get; }
}
