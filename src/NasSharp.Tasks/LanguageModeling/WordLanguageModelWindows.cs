using NasSharp.Data;
using NasSharp.NN;
using NasSharp.Tensors;

namespace NasSharp.Tasks.LanguageModeling;

/// <summary>A <see cref="WordLanguageModel"/> read window by window, its LSTM/GRU state carried between windows; no regularizer.</summary>
internal sealed class WordLanguageModelWindows(WordLanguageModel model) : IWindowedLanguageModel
{
    private RecurrentState? state;

    public Module Module => model;

    public void RekeyDraws(int seed) => model.Draws.Rekey(seed);

    public void ResetState() => state = null;

    public (Tensor Loss, Tensor Objective) Forward(BpttWindow window)
    {
        var (logits, next) = model.Forward(window.Inputs, window.Length, window.BatchSize, state);
        var loss = Ops.CrossEntropy(logits, window.Targets);
        state = next.Persist();
        return (loss, loss);
    }
}
