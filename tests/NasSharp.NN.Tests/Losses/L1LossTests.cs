using NasSharp.NN.Losses;
using NasSharp.Tensors;

namespace NasSharp.NN.Tests.Losses;

public class L1LossTests
{
    [Fact]
    public void Forward_KnownValues_IsMeanAbsoluteDifference() =>
        Assert.Equal((1f + 2f + 0f) / 3f, new L1Loss().Forward(Tensor.FromArray([1f, 2f, 3f], 3), Tensor.FromArray([0f, 4f, 3f], 3)).Item(), 6);
}
