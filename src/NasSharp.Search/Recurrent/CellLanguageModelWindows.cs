using NasSharp.Data;
using NasSharp.NN;
using NasSharp.Search.Networks.Recurrent;
using NasSharp.Tasks.LanguageModeling;
using NasSharp.Tensors;

namespace NasSharp.Search.Recurrent;

/// <summary>
/// A derived recurrent cell inside its <see cref="CellLanguageModel"/>, read window by window for
/// <see cref="LanguageModelTraining"/> (RECURRENT.md 2.3, retraining from scratch, scaled down): the cell's hidden
/// state carried between windows, and in training mode the DARTS recurrent code's temporal activation regularization
/// beta * mean((h_{t+1} - h_t)^2) added to the objective. The recipe (SGD or NT-ASGD, window lengths, clipping,
/// selection) is the language-model training's.
/// </summary>
public sealed class CellLanguageModelWindows(CellLanguageModel model, float temporalBeta = 1e-3f) : IWindowedLanguageModel
{
    private readonly CellLanguageModel model = model ?? throw new ArgumentNullException(nameof(model));
    private Tensor? hidden;

    public Module Module => model;

    public void RekeyDraws(int seed) => model.Draws.Rekey(seed);

    public void ResetState() => hidden = null;

    public (Tensor Loss, Tensor Objective) Forward(BpttWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        var (logits, outputs, last) = model.Forward(window.Inputs, window.Length, window.BatchSize, hidden);
        var loss = Ops.CrossEntropy(logits, window.Targets);
        var carried = Tensor.Persistent(last.Shape);
        carried.CopyFrom(last);
        hidden = carried;
        return model.IsTraining ? (loss, Ops.Add(loss, CellLanguageModel.TemporalActivationRegularization(outputs, temporalBeta))) : (loss, loss);
    }
}
