using NasSharp.Tensors;
using TensorOps = NasSharp.Tensors.Ops;

namespace NasSharp.Tensors.Tests.Autograd;

public class OpProfileTests
{
    private static Tensor Image() => Tensor.FromArray([.. Enumerable.Range(0, 2 * 4 * 6 * 6).Select(i => (i % 7) - 3f)], 2, 4, 6, 6).WithGrad();

    [Fact]
    public void Rows_ForwardAndBackward_CountEachOpOncePerShape()
    {
        var x = Image();
        var depthwise = Tensor.FromArray([.. Enumerable.Repeat(0.1f, 4 * 9)], 4, 1, 3, 3).WithGrad();
        using (var profile = OpProfile.Start())
        {
            var y = TensorOps.Conv2d(x, depthwise, stride: 2, padding: 1, groups: 4);
            TensorOps.Sum(TensorOps.Relu(TensorOps.Relu(y))).Backward();
            profile.Dispose();
            var rows = profile.Rows();

            var conv = Assert.Single(rows, r => r.Name.StartsWith("Conv2d", StringComparison.Ordinal));
            Assert.Equal("Conv2d depthwise 3x3 stride 2", conv.Name);
            Assert.Equal("[2, 4, 3, 3]", conv.Shape);
            Assert.Equal((1, 1), (conv.Calls, conv.BackwardCalls));
            var relu = Assert.Single(rows, r => r.Name == "Relu");
            Assert.Equal((2, 2), (relu.Calls, relu.BackwardCalls));
            Assert.Contains(rows, r => r.Name == OpProfile.BackwardBookkeeping && r.Calls == 1);
            Assert.Equal(profile.TotalSeconds, rows.Sum(r => r.TotalSeconds), 9);
        }
    }

    [Fact]
    public void Section_OpsAndBackwardInside_ChargedToTheSectionOnly()
    {
        var x = Image();
        using var profile = OpProfile.Start();
        using (OpProfile.Section("update"))
        {
            TensorOps.Sum(TensorOps.Relu(x)).Backward();
        }

        profile.Dispose();
        var rows = profile.Rows();
        Assert.Equal([OpProfile.Unaccounted, "update"], rows.Select(r => r.Name).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(1, Assert.Single(rows, r => r.Name == "update").Calls);
    }

    [Fact]
    public void Start_WhileOpenOnThisThread_Throws()
    {
        using var profile = OpProfile.Start();
        Assert.Throws<InvalidOperationException>(OpProfile.Start);
    }

    [Fact]
    public void Ops_AfterDispose_AreNotRecorded()
    {
        var profile = OpProfile.Start();
        profile.Dispose();
        TensorOps.Sum(TensorOps.Relu(Image())).Backward();
        Assert.Equal([OpProfile.Unaccounted], profile.Rows().Select(r => r.Name).ToArray());
        using var next = OpProfile.Start();
    }
}
