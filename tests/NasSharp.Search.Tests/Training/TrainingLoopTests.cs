using System.Text.Json;
using NasSharp.NN.Training;
using NasSharp.NN;
using NasSharp.NN.Layers;
using NasSharp.NN.Optimization;
using NasSharp.NN.Serialization;
using NasSharp.Search.Training;
using NasSharp.Tensors;

namespace NasSharp.Search.Tests.Training;

/// <summary>
/// The loop itself, on a task that is not image classification: fitting a line to (x, y) samples with a mean-squared
/// loss, batches of plain arrays in an order keyed by the epoch.
/// </summary>
public sealed class TrainingLoopTests : IDisposable
{
    private const int Epochs = 4;

    private readonly string root = Directory.CreateTempSubdirectory("nassharp-loop-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Run_KilledInAnEpochReportThenRestored_EndsBitwiseAsAnUninterruptedRun()
    {
        var whole = new LineFit();
        var wholeLoop = Loop(whole);
        wholeLoop.Run(Path.Combine(root, "whole"));

        var directory = Path.Combine(root, "killed");
        Assert.Throws<SimulatedKillException>(() => Loop(new LineFit()).Run(directory, _ => throw new SimulatedKillException()));
        var resumed = new LineFit();
        var replayed = new List<LineEpoch>();
        var loop = Loop(resumed);

        Assert.True(loop.TryRestore(directory, replayed.Add));
        Assert.Equal([1], replayed.Select(r => r.Epoch));
        loop.Run(directory);

        Assert.Equal(Epochs, loop.CompletedEpochs);
        Assert.Equal(wholeLoop.History, loop.History);
        Assert.Equal(whole.Weights(), resumed.Weights());
        Assert.Equal((Epochs - 1) * Data.Batches, resumed.Steps);
    }

    [Fact]
    public void Run_EveryEpochReport_FindsThatEpochsCheckpointOnDisk()
    {
        var directory = Path.Combine(root, "reports");
        var saved = new List<int>();
        Loop(new LineFit()).Run(directory, r => saved.Add(LineFit.SavedEpochs(directory)));
        Assert.Equal([1, 2, 3, 4], saved);
    }

    [Fact]
    public void Run_CancelledInsideAnEpoch_StopsBeforeTheNextBatchAndKeepsTheLastCheckpoint()
    {
        var directory = Path.Combine(root, "cancelled");
        using var stop = new CancellationTokenSource();
        var fit = new LineFit();
        var loop = Loop(fit);

        Assert.Throws<OperationCanceledException>(() => loop.Run(directory, onStep: s =>
        {
            if (s.Epoch == 1 && s.Batch == 1)
            {
                stop.Cancel();
            }
        }, cancellation: stop.Token));

        Assert.Equal(Data.Batches + 2, fit.Steps);
        Assert.Equal(1, loop.CompletedEpochs);
        Assert.Equal(1, LineFit.SavedEpochs(directory));
    }

    [Fact]
    public void Run_ProcedureStopsAfterAnEpoch_EndsThereAndSavesTheStop()
    {
        var directory = Path.Combine(root, "stopped");
        var loop = Loop(new LineFit { StopAfterEpoch = 2 });
        loop.Run(directory);

        Assert.True(loop.Stopped);
        Assert.Equal([1, 2], loop.History.Select(r => r.Epoch));
        var restored = Loop(new LineFit { StopAfterEpoch = 2 });
        Assert.True(restored.TryRestore(directory));
        Assert.True(restored.Stopped);
        restored.Run(directory);
        Assert.Equal(2, restored.CompletedEpochs);
    }

    [Fact]
    public void Run_WeightsTurnNonFinite_ThrowsBeforeTheEpochIsSavedOrReported()
    {
        var directory = Path.Combine(root, "diverged");
        var reported = 0;
        var error = Assert.Throws<TrainingDivergedException>(() => Loop(new LineFit { PoisonAtStep = Data.Batches }).Run(directory, _ => reported++));

        Assert.Contains("parameter", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, reported);
        Assert.False(File.Exists(Path.Combine(directory, LineFit.FileName)));
    }

    private static TrainingLoop<Sample[], LineEpoch> Loop(LineFit fit) => new(fit, new Data(), Epochs);

    public readonly record struct Sample(float X, float Y);

    public sealed record LineEpoch(int Epoch, double Loss);

    /// <summary>y = 2x - 1 on 24 points, batches of 8 in an order shuffled by the epoch number.</summary>
    private sealed class Data : ISearchData<Sample[]>
    {
        public const int Batches = 3;

        public int BatchCount => Batches;

        public IEnumerable<Sample[]> Epoch(int epoch)
        {
            var samples = Enumerable.Range(0, Batches * 8).Select(i => new Sample((i / 12f) - 1, (2 * ((i / 12f) - 1)) - 1)).ToArray();
            new Random(epoch).Shuffle(samples);
            return samples.Chunk(8);
        }
    }

    /// <summary>SGD with momentum on a 1 -> 1 linear layer; the checkpoint holds its weights, momentum and the loop state.</summary>
    private sealed class LineFit : IStepProcedure<Sample[], LineEpoch>
    {
        public const string FileName = "line.safetensors";

        private readonly Linear line = new(1, 1, new Random(1));
        private readonly Sgd optimizer;

        public LineFit() => optimizer = new Sgd(line.Parameters(), 0.1f, momentum: 0.9f);

        public int? StopAfterEpoch { get; init; }

        public int? PoisonAtStep { get; init; }

        public int Steps { get; private set; }

        public Module Model => line;

        public DivergenceGuard Guard { get; } = new("try a lower rate");

        public double LearningRate => optimizer.LearningRate;

        public float[] Weights() => [.. line.Parameters().SelectMany(p => p.ToArray())];

        public static int SavedEpochs(string directory)
        {
            var json = Safetensors.Load(Path.Combine(directory, FileName)).Metadata["state"];
            return JsonSerializer.Deserialize<TrainingLoopState<LineEpoch>>(json)!.CompletedEpochs;
        }

        public void BeginEpoch(int epoch) => line.Train();

        public StepMetrics Step(Sample[] batch)
        {
            using var scope = new TensorScope();
            optimizer.ZeroGrad();
            var x = Tensor.FromArray([.. batch.Select(s => s.X)], batch.Length, 1);
            var y = Tensor.FromArray([.. batch.Select(s => s.Y)], batch.Length, 1);
            var loss = Ops.MseLoss(line.Forward(x), y);
            Guard.CheckLoss(loss.Item(), optimizer.LearningRate);
            loss.Backward();
            optimizer.Step();
            if (++Steps == PoisonAtStep)
            {
                line.Parameters()[0].Data[0] = float.NaN;
            }

            return new StepMetrics(loss.Item(), 0, batch.Length);
        }

        public LineEpoch EndEpoch(int epoch, EpochSums sums, double runSeconds) => new(epoch + 1, sums.WeightLoss / sums.WeightCount);

        public bool StopsAfter(LineEpoch record) => record.Epoch == StopAfterEpoch;

        public void Save(string directory, TrainingLoopState<LineEpoch> state) =>
            TrainingCheckpoint.Write(directory, FileName, "state", JsonSerializer.Serialize(state), ("model.", line.StateDict()), ("optimizer.", optimizer.StateDict()));

        public TrainingLoopState<LineEpoch>? TryRestore(string directory)
        {
            if (TrainingCheckpoint.Read(directory, FileName, "state", "line fit") is not { } file)
            {
                return null;
            }

            line.LoadStateDict(TrainingCheckpoint.Part(file.Tensors, "model."));
            optimizer.LoadStateDict(TrainingCheckpoint.Part(file.Tensors, "optimizer."));
            Steps = 0;
            return JsonSerializer.Deserialize<TrainingLoopState<LineEpoch>>(file.Json);
        }
    }

    private sealed class SimulatedKillException : Exception;
}
