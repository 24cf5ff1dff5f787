using System.Runtime.InteropServices;

namespace NasSharp.Kernels.Tests;

/// <summary>
/// The blocked weighted sum must give exactly the values of a pass per term (Scale, then AddScaledInPlace for each
/// further term), whatever the length (blocks, a short last block, the parallel split) and the thread count.
/// </summary>
[Collection(nameof(ThreadCountSensitive))]
public class ScaledSumTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(37, 3)]
    [InlineData(16384, 2)]
    [InlineData(40_001, 7)]
    [InlineData(100_003, 5)]
    public void Compute_AnyLengthAndThreadCount_BitwiseThePassPerTerm(int length, int count)
    {
        var terms = Enumerable.Range(0, count).Select(i => TestData.Random(10 + i, length)).ToArray();
        var scales = Enumerable.Range(0, count).Select(i => 0.3f + (0.17f * i) - (i % 2 == 0 ? 0f : 0.9f)).ToArray();
        var expected = new float[length];
        Elementwise.Scale(terms[0], scales[0], expected);
        for (var i = 1; i < count; i++)
        {
            Elementwise.AddScaledInPlace(expected, terms[i], scales[i]);
        }

        var saved = KernelParallel.ThreadCount;
        try
        {
            foreach (var threads in new[] { 1, 2, 3 })
            {
                KernelParallel.ThreadCount = threads;
                var actual = new float[length];
                ScaledSum.Compute(new ArrayTerms(terms, scales), actual);
                Assert.True(
                    MemoryMarshal.Cast<float, int>(expected.AsSpan()).SequenceEqual(MemoryMarshal.Cast<float, int>(actual.AsSpan())),
                    $"{threads} threads: the blocked sum differs from the pass per term");
            }
        }
        finally
        {
            KernelParallel.ThreadCount = saved;
        }
    }

    [Fact]
    public void Compute_TermOfAnotherLength_ThrowsNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(() => ScaledSum.Compute(new ArrayTerms([new float[4], new float[3]], [1f, 2f]), new float[4]));
        Assert.Contains("term 1 has length 3", error.Message);
    }

    private readonly struct ArrayTerms(float[][] terms, float[] scales) : IScaledTerms
    {
        public int Count => terms.Length;

        public ReadOnlySpan<float> Term(int index) => terms[index];

        public float Scale(int index) => scales[index];
    }
}
