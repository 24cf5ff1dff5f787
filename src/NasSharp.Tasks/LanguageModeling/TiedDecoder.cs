using NasSharp.NN;
using NasSharp.Tensors;

namespace NasSharp.Tasks.LanguageModeling;

/// <summary>
/// The decoder of a language model with weights tied to its embedding (Press &amp; Wolf 2017): logits =
/// x E^T + b with E the embedding table [vocabulary, hidden]. Only the bias is this module's own parameter;
/// the table is registered once, by the embedding.
/// </summary>
public sealed class TiedDecoder : Module
{
    private readonly Tensor embedding;

    public TiedDecoder(Tensor embedding)
    {
        this.embedding = embedding;
        Bias = RegisterParameter("bias", Parameter.Create(embedding.Shape[0]));
    }

    public Tensor Bias { get; }

    public override Tensor Forward(Tensor input) => Ops.Linear(input, embedding, Bias);
}
