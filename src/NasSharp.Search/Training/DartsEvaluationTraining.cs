using NasSharp.Data;
using NasSharp.NN.Training;
using NasSharp.Search.Networks.Darts;

namespace NasSharp.Search.Training;

/// <summary>
/// Trains a <see cref="DartsNetwork"/> from scratch with DARTS's evaluation recipe (<see cref="DartsEvaluationOptions"/>;
/// the step procedure <see cref="DartsEvaluationStepProcedure"/> in the one <see cref="TrainingLoop{TBatch, TRecord}"/>):
/// the loss is cross-entropy plus 0.4 x the auxiliary head's cross-entropy when the network has the head, drop path is
/// set to DropPath x epoch / epochs at the start of every epoch, and the test set is scored after every epoch. With a
/// checkpoint directory the run is checkpointed after every epoch and resumes from it bitwise (the loader's shuffle and
/// augmentation and the drop-path draws are keyed by seed and epoch).
/// </summary>
public static class DartsEvaluationTraining
{
    public static ClassifierTrainingResult Run(DartsNetwork network, DartsEvaluationOptions options, DataLoader train, DataLoader? test, IProgress<EpochReport>? progress = null, string? checkpointDirectory = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(train);
        options.Validate();
        var fingerprint = FormattableString.Invariant($"DARTS evaluation {options} on {train.Dataset.Name} ({train.Dataset.Count} images, {train.BatchCount} batches per epoch), {network.Genotype}, {network.Options}, {network.ParameterCount()} parameters");
        var procedure = new DartsEvaluationStepProcedure(network, options, train, test, fingerprint);
        var loop = new TrainingLoop<ImageBatch, EpochReport>(procedure, new LoaderSearchData(train), options.Epochs);
        if (checkpointDirectory != null)
        {
            loop.TryRestore(checkpointDirectory, progress == null ? null : progress.Report);
        }

        procedure.Guard.RecordInitialWeights(network);
        loop.Run(checkpointDirectory, progress == null ? null : progress.Report, cancellation: cancellation);
        var reports = loop.History;
        var score = reports.Count == 0 || reports[^1].TestAccuracy is not { } accuracy ? null : new ClassificationScore(accuracy, reports[^1].TestLoss!.Value, test!.Dataset.Count);
        return new ClassifierTrainingResult(reports, score, loop.Seconds);
    }
}
