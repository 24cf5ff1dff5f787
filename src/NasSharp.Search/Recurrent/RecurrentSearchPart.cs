using NasSharp.Search.Training;

namespace NasSharp.Search.Recurrent;

/// <summary>
/// A part of a recurrent search starting (or resuming: its finished epochs are replayed next): its name
/// (<c>search</c>; a few-shot search's <c>oneshot</c> and <c>split-ROW-CHOICE</c>), its epochs, the epochs of the whole
/// search (warm-up and every part, for progress and an ETA), and its trainer (the part's supernet and alpha as they
/// start). The epochs reported after it belong to it.
/// </summary>
public sealed record RecurrentSearchPart(string Name, int Epochs, int TotalEpochs, DifferentiableTrainer Trainer);
