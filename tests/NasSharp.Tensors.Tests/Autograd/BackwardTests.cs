using NasSharp.Tensors;

namespace NasSharp.Tensors.Tests.Autograd;

[Collection(NasSharp.Tensors.Tests.SharedKernelThreads.Name)]
public class BackwardTests
{
    [Fact]
    public void Backward_TensorUsedTwice_AccumulatesBothContributions()
    {
        var x = Tensor.FromArray([3f], 1).WithGrad();
        var y = NasSharp.Tensors.Ops.Sum(NasSharp.Tensors.Ops.Multiply(x, x)); // y = x^2, dy/dx = 2x
        y.Backward();
        Assert.Equal(6f, x.Grad!.Data[0]);
    }

    [Fact]
    public void Backward_CalledTwice_AccumulatesIntoLeafGradients()
    {
        var x = Tensor.FromArray([1f, 2f], 2).WithGrad();
        NasSharp.Tensors.Ops.Sum(x).Backward();
        NasSharp.Tensors.Ops.Sum(x).Backward();
        Assert.Equal(new[] { 2f, 2f }, x.Grad!.ToArray());
    }

    [Fact]
    public void Backward_SecondPassThroughFreedGraph_ThrowsClearError()
    {
        var x = Tensor.FromArray([1f, 2f], 2).WithGrad();
        var y = NasSharp.Tensors.Ops.Sum(NasSharp.Tensors.Ops.Multiply(x, x));
        y.Backward();
        var ex = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("freed", ex.Message);
    }

    [Fact]
    public void Backward_RetainGraph_AllowsSecondPass()
    {
        var x = Tensor.FromArray([1f, 2f], 2).WithGrad();
        var y = NasSharp.Tensors.Ops.Sum(NasSharp.Tensors.Ops.Multiply(x, x));
        y.Backward(retainGraph: true);
        y.Backward();
        Assert.Equal(new[] { 4f, 8f }, x.Grad!.ToArray());
    }

    [Fact]
    public void Backward_NonScalarWithoutSeed_ThrowsNamingShape()
    {
        var x = Tensor.FromArray([1f, 2f], 2).WithGrad();
        var y = NasSharp.Tensors.Ops.Multiply(x, x);
        var ex = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("[2]", ex.Message);
    }

    [Fact]
    public void Backward_NonScalarWithSeed_UsesSeedAsOutputGradient()
    {
        var x = Tensor.FromArray([1f, 2f], 2).WithGrad();
        var y = NasSharp.Tensors.Ops.Multiply(x, x);
        y.Backward(Tensor.FromArray([10f, 100f], 2));
        Assert.Equal(new[] { 20f, 400f }, x.Grad!.ToArray());
    }

    [Fact]
    public void NoGradScope_OpsInside_RecordNothing()
    {
        var x = Tensor.FromArray([1f], 1).WithGrad();
        Tensor y;
        using (new NoGradScope())
        {
            y = NasSharp.Tensors.Ops.Multiply(x, x);
        }

        Assert.False(y.RequiresGrad);
        Assert.True(y.IsLeaf);
    }

    [Fact]
    public void Detach_CutsGraph_NoGradientFlowsThroughDetachedBranch()
    {
        var x = Tensor.FromArray([3f], 1).WithGrad();
        var y = NasSharp.Tensors.Ops.Sum(NasSharp.Tensors.Ops.Multiply(x, NasSharp.Tensors.Ops.Multiply(x, x).Detach()));
        y.Backward();
        Assert.Equal(9f, x.Grad!.Data[0]); // d/dx (x * c) with c = x^2 held constant
    }

    [Fact]
    public void TensorScope_AfterWarmUp_ReusesPooledStorage()
    {
        var w = Tensor.RandomUniform(new Random(0), -1, 1, 37, 41).WithGrad();
        void Step()
        {
            using var scope = new TensorScope();
            var y = NasSharp.Tensors.Ops.Sum(NasSharp.Tensors.Ops.MatMul(w, w.Detach().ViewAs(new TensorShape(41, 37))));
            y.Backward();
        }

        Step();
        var before = TensorPool.FreshAllocationsOnThisThread;
        for (var i = 0; i < 5; i++)
        {
            Step();
        }

        Assert.Equal(before, TensorPool.FreshAllocationsOnThisThread);
    }

    [Fact]
    public void TensorScope_TensorUsedAfterScope_ThrowsObjectDisposed()
    {
        Tensor t;
        using (new TensorScope())
        {
            t = Tensor.Zeros(3);
        }

        Assert.Throws<ObjectDisposedException>(() => t.Data[0]);
    }

    [Fact]
    public void Backward_IntermediateGradient_IsReleasedUnlessGraphRetained()
    {
        var x = Tensor.FromArray([1f, 2f], 2).WithGrad();
        var square = NasSharp.Tensors.Ops.Multiply(x, x);
        NasSharp.Tensors.Ops.Sum(square).Backward();
        Assert.Null(square.Grad);
        Assert.Equal(new[] { 2f, 4f }, x.Grad!.ToArray());

        var kept = NasSharp.Tensors.Ops.Multiply(x, x);
        NasSharp.Tensors.Ops.Sum(kept).Backward(retainGraph: true);
        Assert.Equal(new[] { 1f, 1f }, kept.Grad!.ToArray());
    }
}
