using System.Runtime.Intrinsics;

namespace NasSharp.Kernels.Tests;

/// <summary>
/// The sixteen-at-once horizontal sum must give exactly <see cref="Vector512.Sum{T}(Vector512{T})"/>'s bits in every
/// lane: the weight gradient's documented order ends each tile's chunk with that sum. The lanes span 2^-30 to 2^30, so
/// any other pairing of the additions rounds differently somewhere.
/// </summary>
public class LaneSumsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Sixteen_GivesEachVectorsVector512Sum(int seed)
    {
        var random = new Random(seed);
        for (var trial = 0; trial < 200; trial++)
        {
            var vectors = new Vector512<float>[16];
            for (var v = 0; v < 16; v++)
            {
                var lanes = new float[16];
                for (var l = 0; l < 16; l++)
                {
                    lanes[l] = ((2f * random.NextSingle()) - 1f) * MathF.Pow(2f, random.Next(-30, 31));
                }

                vectors[v] = Vector512.Create(lanes);
            }

            AssertSums(vectors);
        }
    }

    [Fact]
    public void Sixteen_KeepsSignedZerosAndInfinities()
    {
        var vectors = new Vector512<float>[16];
        for (var v = 0; v < 16; v++)
        {
            vectors[v] = Vector512.Create(-0f);
        }

        vectors[3] = vectors[3].WithElement(5, float.PositiveInfinity);
        vectors[7] = vectors[7].WithElement(0, float.PositiveInfinity).WithElement(15, float.NegativeInfinity);
        vectors[9] = vectors[9].WithElement(2, 0f);
        AssertSums(vectors);
        Assert.True(float.IsNegative(LaneSums.Sixteen(vectors[0], vectors[1], vectors[2], vectors[3], vectors[4], vectors[5], vectors[6], vectors[7], vectors[8], vectors[9], vectors[10], vectors[11], vectors[12], vectors[13], vectors[14], vectors[15])[0]));
    }

    private static void AssertSums(Vector512<float>[] v)
    {
        var sums = LaneSums.Sixteen(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14], v[15]);
        for (var i = 0; i < 16; i++)
        {
            var expected = Vector512.Sum(v[i]);
            Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(sums[i]), $"vector {i}: Vector512.Sum {expected:R}, LaneSums {sums[i]:R}");
        }
    }
}
