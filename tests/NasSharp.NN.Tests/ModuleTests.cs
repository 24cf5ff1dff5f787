using NasSharp.NN.Layers;
using NasSharp.NN.Serialization;
using NasSharp.Tensors;

namespace NasSharp.NN.Tests;

public class ModuleTests
{
    private sealed class Affine : Module
    {
        public Affine(int inputs, int outputs, Random random)
        {
            Weight = RegisterParameter("weight", Parameter.KaimingUniform(random, inputs, inputs, outputs));
            Calls = RegisterBuffer("calls", Parameter.Buffer(0f, 1));
        }

        public Tensor Weight { get; }

        public Tensor Calls { get; }

        public override Tensor Forward(Tensor input) => Ops.MatMul(input, Weight);

        protected override string ExtraRepr() => $"{Weight.Shape[0]}, {Weight.Shape[1]}";
    }

    private sealed class Net : Module
    {
        public Net(Random random)
        {
            First = RegisterModule("first", new Affine(3, 4, random));
            Blocks = RegisterModule("blocks", new Sequential(new Affine(4, 4, random), new Identity(), new Affine(4, 2, random)));
        }

        public Affine First { get; }

        public Sequential Blocks { get; }

        public override Tensor Forward(Tensor input) => Blocks.Forward(First.Forward(input));
    }

    private sealed class Tied : Module
    {
        public Tied(Affine shared)
        {
            RegisterModule("a", shared);
            RegisterParameter("alias", shared.Weight);
        }

        public override Tensor Forward(Tensor input) => input;
    }

    private sealed class BadNames : Module
    {
        public BadNames(string first, string second)
        {
            RegisterParameter(first, Parameter.Create(1));
            RegisterBuffer(second, Parameter.Buffer(0f, 1));
        }

        public override Tensor Forward(Tensor input) => input;
    }

    [Fact]
    public void NamedParameters_NestedModules_UseDottedPathsInRegistrationOrder()
    {
        var names = new Net(new Random(1)).NamedParameters().Select(p => p.Name);
        Assert.Equal(["first.weight", "blocks.0.weight", "blocks.2.weight"], names);
    }

    [Fact]
    public void Parameters_CountsEveryElement()
    {
        var net = new Net(new Random(1));
        Assert.Equal(3, net.Parameters().Count);
        Assert.Equal((3 * 4) + (4 * 4) + (4 * 2), net.ParameterCount());
        Assert.All(net.Parameters(), p => Assert.True(p.RequiresGrad));
    }

    [Fact]
    public void NamedBuffers_AreListedSeparatelyAndNotTrainable()
    {
        var buffers = new Net(new Random(1)).NamedBuffers();
        Assert.Equal(["first.calls", "blocks.0.calls", "blocks.2.calls"], buffers.Select(b => b.Name));
        Assert.All(buffers, b => Assert.False(b.Tensor.RequiresGrad));
    }

    [Fact]
    public void Parameters_SharedTensor_AppearsOnceUnderFirstName()
    {
        var tied = new Tied(new Affine(2, 2, new Random(1)));
        Assert.Equal(["alias"], tied.NamedParameters().Select(p => p.Name));
        Assert.Single(tied.StateDict().Keys, k => k.EndsWith("weight", StringComparison.Ordinal) || k == "alias");
    }

    [Fact]
    public void TrainEval_Recursive_ReachesEveryDescendant()
    {
        var net = new Net(new Random(1));
        Assert.All(net.Modules(), m => Assert.True(m.IsTraining));
        net.Eval();
        Assert.All(net.Modules(), m => Assert.False(m.IsTraining));
        Assert.Equal(6, net.Modules().Count());
        net.Train();
        Assert.True(net.Blocks[2].IsTraining);
    }

    [Fact]
    public void ToString_PrintsTreeLikePyTorch()
    {
        var expected = """
            Net(
              (first): Affine(3, 4)
              (blocks): Sequential(
                (0): Affine(4, 4)
                (1): Identity()
                (2): Affine(4, 2)
              )
            )
            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), new Net(new Random(1)).ToString());
    }

    [Theory]
    [InlineData("w", "w")]
    [InlineData("a.b", "c")]
    [InlineData("", "c")]
    public void Register_DuplicateOrDottedOrEmptyName_Throws(string first, string second) =>
        Assert.Throws<ArgumentException>(() => new BadNames(first, second));

    [Fact]
    public void StateDict_HoldsParametersThenBuffersPerModule()
    {
        var keys = new Net(new Random(1)).StateDict().Keys;
        Assert.Equal(["first.weight", "first.calls", "blocks.0.weight", "blocks.0.calls", "blocks.2.weight", "blocks.2.calls"], keys);
    }

    [Fact]
    public void StateDict_ThroughSafetensors_RestoresOutputsExactly()
    {
        var source = new Net(new Random(1));
        var target = new Net(new Random(2));
        var input = Tensor.RandomUniform(new Random(3), -1f, 1f, 5, 3);
        Assert.NotEqual(source.Forward(input).ToArray(), target.Forward(input).ToArray());
        var bytes = Safetensors.Serialize(source.StateDict());
        target.LoadStateDict(Safetensors.Deserialize(bytes).Tensors);
        Assert.Equal(source.Forward(input).ToArray(), target.Forward(input).ToArray());
    }

    [Fact]
    public void LoadStateDict_ShapeMismatch_ThrowsNamingKeyAndBothShapesAndCopiesNothing()
    {
        var net = new Net(new Random(1));
        var before = net.First.Weight.ToArray();
        var state = new Net(new Random(2)).StateDict().ToDictionary();
        state["blocks.2.weight"] = Tensor.Zeros(4, 3);
        var ex = Assert.Throws<ArgumentException>(() => net.LoadStateDict(state));
        Assert.Contains("'blocks.2.weight'", ex.Message);
        Assert.Contains("[4, 2]", ex.Message);
        Assert.Contains("[4, 3]", ex.Message);
        Assert.Equal(before, net.First.Weight.ToArray());
    }

    [Fact]
    public void LoadStateDict_MissingAndUnexpectedKeys_ThrowWhenStrict()
    {
        var state = new Net(new Random(2)).StateDict().ToDictionary();
        state.Remove("first.calls");
        state["first.bias"] = Tensor.Zeros(4);
        var ex = Assert.Throws<ArgumentException>(() => new Net(new Random(1)).LoadStateDict(state));
        Assert.Contains("missing key: 'first.calls'", ex.Message);
        Assert.Contains("unexpected key: 'first.bias'", ex.Message);
    }

    [Fact]
    public void LoadStateDict_NotStrict_LoadsMatchingKeysAndReportsTheRest()
    {
        var source = new Net(new Random(2));
        var state = source.StateDict().ToDictionary();
        state.Remove("first.calls");
        state["extra"] = Tensor.Zeros(1);
        var net = new Net(new Random(1));
        var result = net.LoadStateDict(state, strict: false);
        Assert.Equal(["first.calls"], result.MissingKeys);
        Assert.Equal(["extra"], result.UnexpectedKeys);
        Assert.Equal(source.First.Weight.ToArray(), net.First.Weight.ToArray());
    }

    [Fact]
    public void ZeroGrad_ClearsEveryParameterGradient()
    {
        var net = new Net(new Random(1));
        Ops.Sum(net.Forward(Tensor.Ones(2, 3))).Backward();
        Assert.Contains(net.First.Weight.Grad!.ToArray(), v => v != 0f);
        net.ZeroGrad();
        Assert.All(net.Parameters(), p => Assert.All(p.Grad!.ToArray(), v => Assert.Equal(0f, v)));
    }
}
