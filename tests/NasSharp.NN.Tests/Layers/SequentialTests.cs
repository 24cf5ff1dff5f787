using NasSharp.NN.Layers;
using NasSharp.Tensors;

namespace NasSharp.NN.Tests.Layers;

public class SequentialTests
{
    [Fact]
    public void Forward_AppliesModulesInOrder()
    {
        var random = new Random(1);
        var embed = new Embedding(4, 2, random);
        var sequential = new Sequential(embed, new Identity(), new Dropout(0.5f, random));
        sequential.Eval();
        var y = sequential.Forward(Tensor.FromArray([3f], 1));
        Assert.Equal(embed.Weight.Data.Slice(6, 2).ToArray(), y.ToArray());
    }

    [Fact]
    public void Add_NamesChildrenByPosition()
    {
        var sequential = new Sequential(new Identity()).Add(new Embedding(2, 2, new Random(1)));
        Assert.Equal(2, sequential.Count);
        Assert.Equal(["0", "1"], sequential.NamedChildren().Select(c => c.Name));
        Assert.Equal(["1.weight"], sequential.NamedParameters().Select(p => p.Name));
    }

    [Fact]
    public void Add_InheritsContainerMode()
    {
        var sequential = new Sequential();
        sequential.Eval();
        var child = new Identity();
        sequential.Add(child);
        Assert.False(child.IsTraining);
    }
}
