namespace NasSharp.Search.Spaces.Chain;

/// <summary>
/// The chain space as every strategy sees it (SPOS / DSNAS's ShuffleNetV2 space): one categorical decision per layer among
/// the four blocks, all independent, so REINFORCE and TPE model it directly. 4^layers genotypes.
/// </summary>
public sealed class ChainSpace : ICategoricalSpace<ChainGenotype>, IFiniteSpace<ChainGenotype>
{
    private readonly int[] choices;

    public ChainSpace(int layers)
    {
        Layers = layers > 0 ? layers : throw new ArgumentOutOfRangeException(nameof(layers), layers, "ChainSpace: need at least one layer.");
        choices = Enumerable.Repeat(ChainGenotype.ChoiceCount, layers).ToArray();
    }

    public int Layers { get; }

    public IReadOnlyList<int> Choices => choices;

    public long Size => (long)Math.Pow(ChainGenotype.ChoiceCount, Layers);

    public int EncodingLength => Layers * ChainGenotype.ChoiceCount;

    public ChainGenotype Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return new ChainGenotype(Enumerable.Range(0, Layers).Select(_ => (ChainChoice)random.Next(ChainGenotype.ChoiceCount)).ToArray());
    }

    /// <summary>One uniformly chosen layer set to a uniformly chosen different block (never the parent).</summary>
    public ChainGenotype Mutate(ChainGenotype genotype, Random random)
    {
        ArgumentNullException.ThrowIfNull(genotype);
        ArgumentNullException.ThrowIfNull(random);
        var decisions = ToDecisions(genotype);
        var layer = random.Next(Layers);
        decisions[layer] = (decisions[layer] + 1 + random.Next(ChainGenotype.ChoiceCount - 1)) % ChainGenotype.ChoiceCount;
        return FromDecisions(decisions);
    }

    public IReadOnlyList<ChainGenotype> Neighbours(ChainGenotype genotype)
    {
        var decisions = ToDecisions(genotype);
        var result = new List<ChainGenotype>(Layers * (ChainGenotype.ChoiceCount - 1));
        for (var l = 0; l < Layers; l++)
        {
            for (var k = 0; k < ChainGenotype.ChoiceCount; k++)
            {
                if (k != decisions[l])
                {
                    var copy = (int[])decisions.Clone();
                    copy[l] = k;
                    result.Add(FromDecisions(copy));
                }
            }
        }

        return result;
    }

    public float[] Encode(ChainGenotype genotype)
    {
        var encoding = new float[EncodingLength];
        var decisions = ToDecisions(genotype);
        for (var l = 0; l < Layers; l++)
        {
            encoding[(l * ChainGenotype.ChoiceCount) + decisions[l]] = 1f;
        }

        return encoding;
    }

    public int[] ToDecisions(ChainGenotype genotype)
    {
        ArgumentNullException.ThrowIfNull(genotype);
        if (genotype.Layers != Layers)
        {
            throw new ArgumentException($"ChainSpace: genotype {genotype} has {genotype.Layers} layers, the space {Layers}.");
        }

        return genotype.Choices.Select(c => (int)c).ToArray();
    }

    public ChainGenotype FromDecisions(ReadOnlySpan<int> decisions)
    {
        if (decisions.Length != Layers)
        {
            throw new ArgumentException($"ChainSpace: {decisions.Length} decisions for {Layers} layers.");
        }

        var result = new ChainChoice[Layers];
        for (var l = 0; l < Layers; l++)
        {
            result[l] = decisions[l] >= 0 && decisions[l] < ChainGenotype.ChoiceCount ? (ChainChoice)decisions[l] : throw new ArgumentOutOfRangeException(nameof(decisions), decisions[l], $"ChainSpace: decision {l} must be in 0..{ChainGenotype.ChoiceCount - 1}.");
        }

        return new ChainGenotype(result);
    }

    public IEnumerable<ChainGenotype> Enumerate()
    {
        for (long i = 0; i < Size; i++)
        {
            var decisions = new int[Layers];
            var rest = i;
            for (var l = Layers - 1; l >= 0; l--)
            {
                decisions[l] = (int)(rest % ChainGenotype.ChoiceCount);
                rest /= ChainGenotype.ChoiceCount;
            }

            yield return FromDecisions(decisions);
        }
    }
}
