using NasSharp.Search.Evaluation;
using NasSharp.Search.Spaces;

namespace NasSharp.Search.Tests;

/// <summary>
/// A small categorical space for strategy sanity tests: genotypes are mixed-radix integers over
/// <see cref="Choices"/>. The score is separable with one known optimum (<see cref="Optimum"/>):
/// each decision adds a fixed weight per option, the target option weighing most.
/// </summary>
internal sealed class ToySpace : ICategoricalSpace<int>, IFiniteSpace<int>, IEvaluator<int>
{
    private readonly int[] choices;
    private readonly int[] target;
    private readonly double[][] weights;

    public ToySpace(int[] choices, int seed = 123)
    {
        this.choices = choices;
        var random = new Random(seed);
        target = Array.ConvertAll(choices, c => random.Next(c));
        weights = new double[choices.Length][];
        for (var d = 0; d < choices.Length; d++)
        {
            weights[d] = new double[choices[d]];
            for (var k = 0; k < choices[d]; k++)
            {
                weights[d][k] = k == target[d] ? 10.0 : random.NextDouble() * 8.0;
            }
        }

        Optimum = FromDecisions(target);
    }

    /// <summary>The genotype with the highest score.</summary>
    public int Optimum { get; }

    public int Evaluations { get; private set; }

    public IReadOnlyList<int> Choices => choices;

    public long Size => choices.Aggregate(1L, (a, c) => a * c);

    public int EncodingLength => choices.Sum();

    public EvaluationResult Evaluate(int genotype)
    {
        Evaluations++;
        var decisions = ToDecisions(genotype);
        var score = 0.0;
        for (var d = 0; d < decisions.Length; d++)
        {
            score += weights[d][decisions[d]];
        }

        return new EvaluationResult(score, -score, 1.0 + (genotype % 3));
    }

    public int Sample(Random random) => random.Next((int)Size);

    public int Mutate(int genotype, Random random)
    {
        var decisions = ToDecisions(genotype);
        var d = random.Next(decisions.Length);
        decisions[d] = (decisions[d] + 1 + random.Next(choices[d] - 1)) % choices[d];
        return FromDecisions(decisions);
    }

    public IReadOnlyList<int> Neighbours(int genotype)
    {
        var result = new List<int>();
        var decisions = ToDecisions(genotype);
        for (var d = 0; d < decisions.Length; d++)
        {
            for (var k = 0; k < choices[d]; k++)
            {
                if (k != decisions[d])
                {
                    var copy = (int[])decisions.Clone();
                    copy[d] = k;
                    result.Add(FromDecisions(copy));
                }
            }
        }

        return result;
    }

    public float[] Encode(int genotype)
    {
        var code = new float[EncodingLength];
        var offset = 0;
        var decisions = ToDecisions(genotype);
        for (var d = 0; d < decisions.Length; d++)
        {
            code[offset + decisions[d]] = 1f;
            offset += choices[d];
        }

        return code;
    }

    public int[] ToDecisions(int genotype)
    {
        var decisions = new int[choices.Length];
        for (var d = choices.Length - 1; d >= 0; d--)
        {
            decisions[d] = genotype % choices[d];
            genotype /= choices[d];
        }

        return decisions;
    }

    public int FromDecisions(ReadOnlySpan<int> decisions)
    {
        var index = 0;
        for (var d = 0; d < choices.Length; d++)
        {
            if ((uint)decisions[d] >= choices[d])
            {
                throw new ArgumentException("ToySpace: decision out of range.");
            }

            index = (index * choices[d]) + decisions[d];
        }

        return index;
    }

    public IEnumerable<int> Enumerate() => Enumerable.Range(0, (int)Size);
}
