using NasSharp.Tasks.LanguageModeling;
using NasSharp.Tensors;

namespace NasSharp.Tasks.Tests.LanguageModeling;

public class WordLanguageModelTests
{
    [Theory]
    [InlineData(RecurrentKind.Lstm, 4)]
    [InlineData(RecurrentKind.Gru, 3)]
    public void Parameters_UntiedModel_HaveTheExamplesNamesAndShapes(RecurrentKind kind, int gates)
    {
        var model = new WordLanguageModel(50, kind, new Random(0), hiddenSize: 6, layers: 2);
        var shapes = model.NamedParameters().ToDictionary(p => p.Name, p => p.Tensor.Shape.ToArray());
        Assert.Equal(
            ["encoder.weight", "rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0", "rnn.weight_ih_l1", "rnn.weight_hh_l1", "rnn.bias_ih_l1", "rnn.bias_hh_l1", "decoder.weight", "decoder.bias"],
            shapes.Keys);
        Assert.Equal([50, 6], shapes["encoder.weight"]);
        Assert.Equal([gates * 6, 6], shapes["rnn.weight_ih_l1"]);
        Assert.Equal([50, 6], shapes["decoder.weight"]);
        Assert.All(model.NamedParameters().Single(p => p.Name == "decoder.bias").Tensor.ToArray(), v => Assert.Equal(0f, v));
        Assert.All(model.NamedParameters().Single(p => p.Name == "encoder.weight").Tensor.ToArray(), v => Assert.InRange(v, -0.1f, 0.1f));
    }

    [Fact]
    public void Parameters_TiedModel_ShareTheEmbeddingAsDecoder()
    {
        var untied = new WordLanguageModel(50, RecurrentKind.Lstm, new Random(0), hiddenSize: 6, layers: 1);
        var tied = new WordLanguageModel(50, RecurrentKind.Lstm, new Random(0), hiddenSize: 6, layers: 1, tied: true);
        Assert.Equal(untied.ParameterCount() - (50 * 6), tied.ParameterCount());
        Assert.DoesNotContain(tied.NamedParameters(), p => p.Name == "decoder.weight");
        Assert.Contains(tied.NamedParameters(), p => p.Name == "decoder.bias");
        using var scope = new TensorScope();
        var (logits, _) = tied.Forward([1, 2, 3, 4], 2, 2, null);
        Assert.Equal([4, 50], logits.Shape.ToArray());
    }

    [Theory]
    [InlineData(RecurrentKind.Lstm)]
    [InlineData(RecurrentKind.Gru)]
    public void Forward_TwoWindowsWithCarriedState_EqualsOneLongWindow(RecurrentKind kind)
    {
        var model = new WordLanguageModel(20, kind, new Random(1), hiddenSize: 5, layers: 2, dropout: 0.3f);
        model.Eval();
        int[] tokens = [3, 7, 1, 19, 4, 4, 0, 12, 9, 2, 5, 6]; // [6 steps, 2 columns]
        using var scope = new TensorScope();
        var (whole, _) = model.Forward(tokens, 6, 2, null);
        var (first, state) = model.Forward(tokens[..6], 3, 2, null);
        var (second, _) = model.Forward(tokens[6..], 3, 2, state.Persist());
        var expected = whole.ToArray();
        var actual = first.ToArray().Concat(second.ToArray()).ToArray();
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 5);
        }
    }

    [Fact]
    public void Forward_TokenCountNotAWindow_ThrowsNamingTheShape()
    {
        var model = new WordLanguageModel(20, RecurrentKind.Gru, new Random(1), hiddenSize: 4, layers: 1);
        var ex = Assert.Throws<ArgumentException>(() => model.Forward([1, 2, 3], 2, 2, null));
        Assert.Contains("[2, 2]", ex.Message);
    }
}
