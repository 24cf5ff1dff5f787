using NasSharp.NN.Layers;
using NasSharp.Tensors;

namespace NasSharp.NN.Tests.Layers;

public class ModuleListTests
{
    [Fact]
    public void ModuleList_Items_AreNamedByPositionInDottedParameterNames()
    {
        var list = new ModuleList<Linear>();
        list.Add(new Linear(2, 3, new Random(0)));
        list.Add(new Linear(3, 1, new Random(1), bias: false));
        var names = list.NamedParameters().Select(p => p.Name).ToArray();
        Assert.Equal(new[] { "0.weight", "0.bias", "1.weight" }, names);
        Assert.Equal(2, list.Count);
    }

    [Fact]
    public void ModuleList_Forward_ThrowsBecauseTheOwnerRunsTheItems()
    {
        var list = new ModuleList<Linear>();
        Assert.Throws<InvalidOperationException>(() => list.Forward(Tensor.Zeros(1, 2)));
    }
}
