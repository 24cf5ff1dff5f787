using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using NasSharp.Tensors;

namespace NasSharp.NN.Optimization;

/// <summary>
/// Averaged stochastic gradient descent (Polyak &amp; Juditsky 1992) as AWD-LSTM's NT-ASGD (Merity et al., ICLR 2018,
/// section 3, Algorithm 1) and the DARTS recurrent code (rnn/train.py) run it: torch.optim.ASGD with t0 = 0 and
/// lambd = 0, that is plain SGD steps p = p - lr (g + weightDecay p), and beside every parameter the running mean of its
/// iterates, a_k = (w_1 + ... + w_k) / k computed as a_k = a_{k-1} + (w_k - a_{k-1}) / k, where w_k is the parameter
/// after its k-th step. The averages are what NT-ASGD validates, saves and tests: <see cref="SwapAverages"/> puts them
/// in the parameters and back. They, and the step counts, are optimiser state (<see cref="Optimizer.StateDict"/> slots
/// "ax" and "step", PyTorch's names), so a checkpoint that saves the optimiser resumes the average exactly.
/// Two deliberate differences from torch.optim.ASGD, whose mu and eta are updated after the step that uses them: there
/// the average after k steps is the mean of w_2..w_k (mu is still 1 at step 2), and each step uses the previous step's
/// learning rate (the DARTS code's per-window rescaling arrives one step late); here the average is the mean of every
/// iterate and each step uses the learning rate set for it.
/// </summary>
public sealed class AveragedSgd : Optimizer
{
    private const int AverageSlot = 0;
    private const int StepSlot = 1;

    public AveragedSgd(IEnumerable<Tensor> parameters, float learningRate, float weightDecay = 0f)
        : base(parameters, learningRate, "ax", "step")
    {
        if (!(weightDecay >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "AveragedSgd: the weight decay must be non-negative.");
        }

        WeightDecay = weightDecay;
    }

    public float WeightDecay { get; }

    /// <summary>
    /// Exchanges every parameter's values with its average, bit for bit, so a second call restores them; a parameter
    /// that has not been stepped yet has no average and keeps its values.
    /// </summary>
    public void SwapAverages()
    {
        for (var i = 0; i < Parameters.Count; i++)
        {
            if (!HasSlot(AverageSlot, i))
            {
                continue;
            }

            var parameter = Parameters[i].Data;
            var average = Slot(AverageSlot, i).Data;
            var held = Scratch(parameter.Length);
            parameter.CopyTo(held);
            average.CopyTo(parameter);
            held.CopyTo(average);
        }
    }

    /// <summary>Steps parameter <paramref name="index"/> has been averaged over (0 before its first step).</summary>
    public int AveragedSteps(int index) => HasSlot(StepSlot, index) ? (int)Slot(StepSlot, index).Data[0] : 0;

    protected override TensorShape SlotShape(int slot, int index) => slot == StepSlot ? new TensorShape() : base.SlotShape(slot, index);

    protected override void Update(int index, Span<float> parameter, ReadOnlySpan<float> gradient)
    {
        ReadOnlySpan<float> direction = gradient;
        if (WeightDecay != 0)
        {
            var decayed = Scratch(parameter.Length);
            TensorPrimitives.MultiplyAdd(parameter, WeightDecay, gradient, decayed);
            direction = decayed;
        }

        TensorPrimitives.MultiplyAdd(direction, -LearningRate, parameter, parameter);

        // The count is a float like Adam's step: exact to 2^24 steps.
        var stepCell = Slot(StepSlot, index).Data;
        var k = stepCell[0] + 1;
        stepCell[0] = k;
        var average = Slot(AverageSlot, index).Data;
        if (k == 1)
        {
            parameter.CopyTo(average);
            return;
        }

        var difference = Scratch(parameter.Length, 1);
        TensorPrimitives.Subtract(parameter, average, difference);
        TensorPrimitives.MultiplyAdd(difference, (float)(1.0 / k), average, average);
    }
}
