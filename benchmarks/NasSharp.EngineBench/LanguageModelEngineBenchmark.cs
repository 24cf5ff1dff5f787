using NasSharp.NN;
using NasSharp.NN.Optimization;
using NasSharp.NN.Training;
using NasSharp.Search.Networks.Recurrent;
using NasSharp.Tasks;
using NasSharp.Tasks.LanguageModeling;
using NasSharp.Tensors;

namespace NasSharp.EngineBench;

/// <summary>
/// <c>--mode lm</c>: training steps of a word-level language model as benchmarks/torch_ptb_lstm_ref.py runs them
/// (PyTorch's word_language_model recipe, after Zaremba et al. 2014): embedding of size H, dropout 0.2, an LSTM of
/// <see cref="EngineBenchmarkOptions.Layers"/> layers with dropout 0.2 between them, dropout 0.2, an untied linear decoder
/// to the vocabulary; mean token cross entropy over a [bptt, batch] window of random tokens, gradient norm clipped at
/// 0.25, SGD lr 20; the hidden state carried from step to step and cut from the graph (truncated BPTT). With a genotype
/// the LSTM is replaced by that searched cell in the model the recurrent search trains (<see cref="CellLanguageModel"/>:
/// one cell layer, decoder tied to the embedding, locked dropout 0.2 on its input and output, the cell's own variational
/// masks at 0.2). FLOPs are 2 x the multiply-adds of every matrix product of the forward pass (recurrent projections
/// and decoder), x 3 for forward + backward; elementwise work is not counted.
/// </summary>
internal static class LanguageModelEngineBenchmark
{
    /// <summary>Learning rate of the reference (word_language_model's default).</summary>
    public const float LearningRate = 20f;

    /// <summary>Gradient norm clip of the reference.</summary>
    public const float GradientClip = 0.25f;

    /// <summary>Dropout probability of the reference, used for every dropout of the model.</summary>
    public const float DropoutProbability = 0.2f;

    public static EngineBenchmarkResult Run(EngineBenchmarkOptions options, Action<string>? progress)
    {
        var random = new Random(options.Seed);
        var (steps, batch, hidden) = (options.Bptt, options.Batch, options.Hidden);
        var model = Build(options, random);
        var parameters = model.Module.Parameters();
        var optimizer = new Sgd(parameters, LearningRate);
        var tokens = Enumerable.Range(0, steps * batch).Select(_ => random.Next(options.Vocabulary)).ToArray();
        var targets = Enumerable.Range(0, steps * batch).Select(_ => random.Next(options.Vocabulary)).ToArray();
        var flopsPerStep = 3.0 * steps * batch * (model.RecurrentFlopsPerToken + (2.0 * hidden * options.Vocabulary));

        double Step()
        {
            using var scope = new TensorScope();
            var loss = Ops.CrossEntropy(model.Forward(tokens, steps, batch), targets);
            using (OpProfile.Section("zero gradients"))
            {
                optimizer.ZeroGrad();
            }

            loss.Backward();
            using (OpProfile.Section("gradient clipping"))
            {
                GradientClipping.ClipByGlobalNorm(parameters, GradientClip);
            }

            using (OpProfile.Section("weight update (SGD)"))
            {
                optimizer.Step();
            }

            // Truncated BPTT: the next window starts from this one's last state, cut from the graph (repackage_hidden).
            model.CarryState();
            return loss.Item();
        }

        return EngineStepTimer.Time(options, _ => Step(), () => (Step(), flopsPerStep), progress);
    }

    private static LanguageModelUnderTest Build(EngineBenchmarkOptions options, Random random)
    {
        var (hidden, batch) = (options.Hidden, options.Batch);
        if (options.Genotype == null)
        {
            var lstm = new WordLanguageModel(options.Vocabulary, RecurrentKind.Lstm, random, hidden, options.Layers, DropoutProbability);
            return new WordModel(lstm, batch, 2.0 * 4 * hidden * ((hidden + hidden) * options.Layers));
        }

        var cell = RecurrentCells.Create(options.Genotype, hidden, hidden, random, DropoutProbability, DropoutProbability);
        var model = new CellLanguageModel(options.Vocabulary, cell, new KeyedRandom(random.Next()), inputDropout: DropoutProbability, outputDropout: DropoutProbability);
        return new CellModel(model, batch, CellFlopsPerToken(cell));
    }

    /// <summary>2 x the multiply-adds of one step's matrix products for one sequence: every projection the cell runs.</summary>
    private static double CellFlopsPerToken(RecurrentCell cell)
    {
        var (d, h) = ((double)cell.InputSize, (double)cell.HiddenSize);
        return cell switch
        {
            // DARTS: [x; h] W_0 to [c0; g0] (2H outputs), then one s_j W_i to [c; g] per node.
            DartsRnnCell darts => 2.0 * (((d + h) * 2 * h) + (darts.Genotype.Nodes.Count * h * 2 * h)),

            // tib: every node projects [x; h] to z (a skip node too: its projection still runs).
            TibCell tib => 2.0 * tib.Genotype.Ops.Count * (d + h) * h,
            _ => throw new ArgumentException($"bench engine: no FLOP count for {cell.GetType().Name}."),
        };
    }

    /// <summary>The model and its carried state, behind one step interface.</summary>
    private abstract class LanguageModelUnderTest(Module module, double recurrentFlopsPerToken)
    {
        public Module Module { get; } = module;

        public double RecurrentFlopsPerToken { get; } = recurrentFlopsPerToken;

        public abstract Tensor Forward(int[] tokens, int steps, int batch);

        /// <summary>Copies the last forward pass's final state into the carried state (after the backward pass, which reads the old one).</summary>
        public abstract void CarryState();
    }

    private sealed class WordModel(WordLanguageModel model, int batch, double flops) : LanguageModelUnderTest(model, flops)
    {
        private readonly RecurrentState carried = new(
            Tensor.Persistent(new TensorShape(model.Layers, batch, model.HiddenSize)),
            Tensor.Persistent(new TensorShape(model.Layers, batch, model.HiddenSize)));

        private RecurrentState? last;

        public override Tensor Forward(int[] tokens, int steps, int batch)
        {
            var (logits, state) = model.Forward(tokens, steps, batch, carried);
            last = state;
            return logits;
        }

        public override void CarryState()
        {
            carried.Hidden.CopyFrom(last!.Hidden);
            carried.Cell!.CopyFrom(last.Cell!);
        }
    }

    private sealed class CellModel(CellLanguageModel model, int batch, double flops) : LanguageModelUnderTest(model, flops)
    {
        private readonly Tensor carried = Tensor.Persistent(new TensorShape(batch, model.Cell.HiddenSize));
        private Tensor? last;

        public override Tensor Forward(int[] tokens, int steps, int batch)
        {
            var (logits, _, hidden) = model.Forward(tokens, steps, batch, carried);
            last = hidden;
            return logits;
        }

        public override void CarryState() => carried.CopyFrom(last!);
    }
}
