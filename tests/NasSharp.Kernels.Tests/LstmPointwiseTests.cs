using NasSharp.Kernels.Reference;

namespace NasSharp.Kernels.Tests;

public class LstmPointwiseTests
{
    // Batch 3; hidden sizes around the vector widths (a tail, exactly one vector, two vectors and a tail).
    [Theory]
    [InlineData(3, 5)]
    [InlineData(3, 16)]
    [InlineData(2, 37)]
    public void Forward_RandomGates_MatchesReference(int batch, int hidden)
    {
        var geometry = new LstmGeometry(batch, hidden);
        var gates = Scaled(TestData.Random(1, geometry.GateLength), 3f);
        var cell = TestData.Random(2, geometry.StateLength);
        var (expectedGates, actualGates) = ((float[])gates.Clone(), (float[])gates.Clone());
        var (expectedCell, actualCell) = (new float[geometry.StateLength], new float[geometry.StateLength]);
        var (expectedHidden, actualHidden) = (new float[geometry.StateLength], new float[geometry.StateLength]);
        LstmPointwiseReference.Forward(geometry, expectedGates, cell, expectedCell, expectedHidden);
        LstmPointwise.Forward(geometry, actualGates, cell, actualCell, actualHidden);
        TestData.AssertClose(expectedGates, actualGates, 1e-5f);
        TestData.AssertClose(expectedCell, actualCell, 1e-5f);
        TestData.AssertClose(expectedHidden, actualHidden, 1e-5f);
    }

    [Theory]
    [InlineData(3, 5)]
    [InlineData(2, 37)]
    public void Backward_RandomGradients_MatchesReference(int batch, int hidden)
    {
        var geometry = new LstmGeometry(batch, hidden);
        var gates = Scaled(TestData.Random(3, geometry.GateLength), 3f);
        var cell = TestData.Random(4, geometry.StateLength);
        var (nextCell, nextHidden) = (new float[geometry.StateLength], new float[geometry.StateLength]);
        LstmPointwise.Forward(geometry, gates, cell, nextCell, nextHidden);
        var hiddenGrad = TestData.Random(5, geometry.StateLength);
        var cellGrad = TestData.Random(6, geometry.StateLength);
        var (expectedCellGrad, actualCellGrad) = ((float[])cellGrad.Clone(), (float[])cellGrad.Clone());
        var (expected, actual) = (new float[geometry.GateLength], new float[geometry.GateLength]);
        LstmPointwiseReference.Backward(geometry, gates, cell, nextCell, hiddenGrad, expectedCellGrad, expected);
        LstmPointwise.Backward(geometry, gates, cell, nextCell, hiddenGrad, actualCellGrad, actual, new float[2 * hidden]);
        TestData.AssertClose(expected, actual, 1e-5f);
        TestData.AssertClose(expectedCellGrad, actualCellGrad, 1e-5f);
    }

    [Fact]
    public void Forward_WrongBufferLength_ThrowsNamingGeometry()
    {
        var geometry = new LstmGeometry(2, 4);
        var ex = Assert.Throws<ArgumentException>(() => LstmPointwise.Forward(geometry, new float[31], new float[8], new float[8], new float[8]));
        Assert.Contains("gates 31", ex.Message);
    }

    private static float[] Scaled(float[] values, float scale) => values.Select(v => v * scale).ToArray();
}
