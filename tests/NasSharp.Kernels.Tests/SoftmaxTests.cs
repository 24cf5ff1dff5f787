using NasSharp.Kernels;
using NasSharp.Kernels.Reference;

namespace NasSharp.Kernels.Tests;

public class SoftmaxTests
{
    // Contiguous rows, strided columns, and layouts large enough to span several parallel blocks.
    public static TheoryData<int, int, int> Layouts => new()
    {
        { 1, 1, 1 },
        { 5, 7, 1 },
        { 3, 33, 1 },
        { 41, 513, 1 },
        { 2, 7, 3 },
        { 3, 5, 17 },
        { 4, 9, 1030 },
        { 1, 3, 1 },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Forward_Layouts_MatchesReference(int outer, int length, int inner)
    {
        var layout = new SoftmaxLayout(outer, length, inner);
        var x = Random(layout, 1, 4f);
        var (expected, actual) = (new float[x.Length], new float[x.Length]);
        SoftmaxReference.Forward(layout, x, expected);
        Softmax.Forward(layout, x, actual);
        Close(expected, actual, 1e-5f);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void LogForward_Layouts_MatchesReference(int outer, int length, int inner)
    {
        var layout = new SoftmaxLayout(outer, length, inner);
        var x = Random(layout, 2, 4f);
        var (expected, actual) = (new float[x.Length], new float[x.Length]);
        SoftmaxReference.LogForward(layout, x, expected);
        Softmax.LogForward(layout, x, actual);
        Close(expected, actual, 1e-5f);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Backward_Layouts_AccumulatesLikeReference(int outer, int length, int inner)
    {
        var layout = new SoftmaxLayout(outer, length, inner);
        var y = new float[layout.Count];
        Softmax.Forward(layout, Random(layout, 3, 2f), y);
        var dy = Random(layout, 4, 1f);
        var expected = Random(layout, 5, 1f);
        var actual = (float[])expected.Clone();
        SoftmaxReference.Backward(layout, y, dy, expected);
        Softmax.Backward(layout, y, dy, actual);
        Close(expected, actual, 1e-4f);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void LogBackward_Layouts_AccumulatesLikeReference(int outer, int length, int inner)
    {
        var layout = new SoftmaxLayout(outer, length, inner);
        var y = new float[layout.Count];
        Softmax.LogForward(layout, Random(layout, 6, 2f), y);
        var dy = Random(layout, 7, 1f);
        var expected = Random(layout, 8, 1f);
        var actual = (float[])expected.Clone();
        SoftmaxReference.LogBackward(layout, y, dy, expected);
        Softmax.LogBackward(layout, y, dy, actual);
        Close(expected, actual, 1e-4f);
    }

    [Theory]
    [InlineData(6, 11, 1)]
    [InlineData(3, 5, 7)]
    public void Forward_InPlace_EqualsOutOfPlace(int outer, int length, int inner)
    {
        var layout = new SoftmaxLayout(outer, length, inner);
        var x = Random(layout, 9, 3f);
        var outOfPlace = new float[x.Length];
        Softmax.Forward(layout, x, outOfPlace);
        Softmax.Forward(layout, x, x);
        Assert.Equal(outOfPlace, x);

        var logX = Random(layout, 9, 3f);
        Softmax.LogForward(layout, logX, outOfPlace);
        Softmax.LogForward(layout, logX, logX);
        Assert.Equal(outOfPlace, logX);
    }

    [Fact]
    public void Forward_OneOrManyThreads_BitwiseIdentical()
    {
        var layout = new SoftmaxLayout(64, 700, 1);
        var x = Random(layout, 10, 5f);
        var (one, many) = (new float[x.Length], new float[x.Length]);
        var saved = KernelParallel.ThreadCount;
        try
        {
            KernelParallel.ThreadCount = 1;
            Softmax.Forward(layout, x, one);
            KernelParallel.ThreadCount = 4;
            Softmax.Forward(layout, x, many);
        }
        finally
        {
            KernelParallel.ThreadCount = saved;
        }

        Assert.Equal(one, many);
    }

    [Fact]
    public void Forward_BufferLengthMismatch_ThrowsNamingGeometry()
    {
        var ex = Assert.Throws<ArgumentException>(() => Softmax.Forward(new SoftmaxLayout(2, 3, 1), new float[6], new float[5]));
        Assert.Contains("Length=3", ex.Message);
        Assert.Throws<ArgumentException>(() => Softmax.Forward(new SoftmaxLayout(0, 3, 1), [], []));
    }

    private static float[] Random(SoftmaxLayout layout, int seed, float scale)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, (int)layout.Count).Select(_ => scale * ((2 * random.NextSingle()) - 1)).ToArray();
    }

    private static void Close(float[] expected, float[] actual, float tolerance)
    {
        for (var i = 0; i < expected.Length; i++)
        {
            var allowed = tolerance * Math.Max(1f, Math.Abs(expected[i]));
            Assert.True(Math.Abs(expected[i] - actual[i]) <= allowed, $"element {i}: expected {expected[i]}, got {actual[i]}");
        }
    }
}
