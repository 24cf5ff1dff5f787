using System.Globalization;
using NasSharp.Tensors;

namespace NasSharp.NN.Layers;

/// <summary>
/// Inverted dropout in training mode (kept values scaled by 1 / (1 - p)), the identity in evaluation mode.
/// The mask comes from the generator given at construction, so a seeded network drops the same units.
/// </summary>
public sealed class Dropout : Module
{
    private readonly Random random;

    public Dropout(float probability, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!(probability >= 0f && probability < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "Dropout: the probability must lie in [0, 1).");
        }

        Probability = probability;
        this.random = random;
    }

    public float Probability { get; }

    public override Tensor Forward(Tensor input) => Ops.Dropout(input, Probability, random, IsTraining);

    protected override string ExtraRepr() => "p=" + Probability.ToString(CultureInfo.InvariantCulture);
}
