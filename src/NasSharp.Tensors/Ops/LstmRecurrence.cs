using System.Numerics.Tensors;
using NasSharp.Kernels;

namespace NasSharp.Tensors;

public static partial class Ops
{
    /// <summary>
    /// The recurrence of one LSTM layer over a whole sequence as one op (Hochreiter &amp; Schmidhuber 1997, PyTorch's gate
    /// order i, f, g, o), the way cuDNN and PyTorch's fused LSTM run it. Given the input projections
    /// <paramref name="gatesInput"/> [T, B, 4H] (x_t W_ih^T + b_ih, one product for all steps), the hidden weight
    /// <paramref name="hiddenWeight"/> W_hh [4H, H], an optional bias b_hh [4H] and the initial state
    /// <paramref name="hidden"/> h_0, <paramref name="cell"/> c_0 [B, H], effectively computes for t = 1..T:
    /// a_t = gatesInput[t] + b_hh + h_{t-1} W_hh^T; i, f, o = sigmoid and g = tanh of a_t's four blocks;
    /// c_t = f c_{t-1} + i g; h_t = o tanh(c_t). Returns [2, T, B, H]: h_1..h_T, then c_1..c_T.
    /// W_hh is packed once per pass for the T small products (<see cref="Gemm.PackB"/>); the time loop is
    /// <see cref="LstmSequence"/>. Backward walks the steps in reverse (then dh_{t-1} = da_t W_hh) and forms the weight gradient once,
    /// sum_t da_t^T h_{t-1}, as one product over all T B rows, and the bias gradient as one sum. One graph node instead of
    /// about fifteen per step; the same math as <c>LstmCell</c>'s composition of primitives (the layer tests compare the two).
    /// </summary>
    public static Tensor LstmRecurrence(Tensor gatesInput, Tensor hiddenWeight, Tensor? hiddenBias, Tensor hidden, Tensor cell)
    {
        var (steps, geometry) = LstmRecurrenceGeometry(gatesInput.Shape, hiddenWeight.Shape, hiddenBias?.Shape, hidden.Shape, cell.Shape);
        var (gl, sl, h) = (geometry.GateLength, geometry.StateLength, geometry.Hidden);

        // The gate buffer starts as gatesInput + b_hh and ends as the activations the backward pass reads.
        var gates = Tensor.Uninitialized(gatesInput.Shape);
        if (hiddenBias == null)
        {
            gatesInput.Data.CopyTo(gates.Data);
        }
        else
        {
            for (var row = 0; row < steps * geometry.Batch; row++)
            {
                TensorPrimitives.Add(gatesInput.Data.Slice(row * 4 * h, 4 * h), hiddenBias.Data, gates.Data.Slice(row * 4 * h, 4 * h));
            }
        }

        var output = Tensor.Uninitialized(new TensorShape(2, steps, geometry.Batch, h));

        // W_hh^T packed once for the T products (each would otherwise pack all of it for 20-odd rows).
        var product = new GemmLayout(geometry.Batch, 4 * h, h, TransposeB: true);
        var packed = Tensor.Uninitialized(new TensorShape(Gemm.PackedBLength(product)));
        Gemm.PackB(product, hiddenWeight.Data, packed.Data);
        LstmSequence.Forward(geometry, steps, packed.Data, hidden.Data, cell.Data, gates.Data, output.Data);
        packed.ReleaseStorage();
        Tensor[] inputs = hiddenBias == null ? [gatesInput, hiddenWeight, hidden, cell] : [gatesInput, hiddenWeight, hiddenBias, hidden, cell];
        if (!Tensor.NeedsGrad(inputs))
        {
            gates.ReleaseStorage();
            return output;
        }

        return output.RecordedBy(new LstmRecurrenceBackward(inputs, gatesInput, hiddenWeight, hiddenBias, hidden, cell, gates, steps, geometry));
    }

    private static (int Steps, LstmGeometry Geometry) LstmRecurrenceGeometry(TensorShape gates, TensorShape weight, TensorShape? bias, TensorShape hidden, TensorShape cell)
    {
        var h = weight.Rank == 2 ? weight[1] : 0;
        var valid = gates.Rank == 3 && h > 0 && weight[0] == 4 * h && gates[2] == 4 * h
            && (bias == null || (bias.Value.Rank == 1 && bias.Value[0] == 4 * h))
            && hidden.Rank == 2 && hidden[0] == gates[1] && hidden[1] == h && cell == hidden;
        if (!valid)
        {
            throw new ArgumentException($"LstmRecurrence: gate inputs {gates}, hidden weight {weight}{(bias == null ? string.Empty : $", bias {bias}")}, hidden {hidden} and cell {cell} do not fit (expected [T, B, 4H], [4H, H], [4H], [B, H], [B, H]).");
        }

        return (gates[0], new LstmGeometry(gates[1], h));
    }

    private sealed class LstmRecurrenceBackward(Tensor[] inputs, Tensor gatesInput, Tensor weight, Tensor? bias, Tensor hidden, Tensor cell, Tensor gates, int steps, LstmGeometry geometry)
        : BackwardNode(inputs)
    {
        private Tensor? gates = gates;

        public override string OpName => nameof(LstmRecurrence);

        protected internal override void Backward(Tensor output, Tensor outputGrad)
        {
            if (gates == null)
            {
                return;
            }

            var (gl, sl, h, b) = (geometry.GateLength, geometry.StateLength, geometry.Hidden, geometry.Batch);
            var states = output.Data;
            // The pre-activation gradients go straight into the gate input's gradient when this pass writes it first.
            var accumulate = true;
            var inputGrad = gatesInput.RequiresGrad ? GradTargetOf(gatesInput, out accumulate) : [];
            var fresh = !accumulate;
            var gateGrads = fresh ? null : Tensor.Uninitialized(gates.Shape);
            var gradients = gateGrads == null ? inputGrad : gateGrads.Data;
            var work = Tensor.Uninitialized(new TensorShape(2, b, h));
            var carry = work.Data[..sl];
            var cellGrad = work.Data[sl..];
            var needHidden = hidden.RequiresGrad;
            var product = new GemmLayout(b, h, 4 * h);
            var packed = Tensor.Uninitialized(new TensorShape(Gemm.PackedBLength(product)));
            Gemm.PackB(product, weight.Data, packed.Data);
            LstmSequence.Backward(geometry, steps, packed.Data, gates.Data, cell.Data, states, outputGrad.Data, gradients, carry, cellGrad);
            if (needHidden)
            {
                Elementwise.AddInPlace(GradOf(hidden), carry);
            }

            if (cell.RequiresGrad)
            {
                Elementwise.AddInPlace(GradOf(cell), cellGrad);
            }

            if (gatesInput.RequiresGrad && gateGrads != null)
            {
                Elementwise.AddInPlace(inputGrad, gateGrads.Data);
            }

            if (weight.RequiresGrad)
            {
                // dW_hh = sum_t da_t^T h_{t-1}: h_0, then h_1..h_{T-1} (the first T - 1 output rows), k in increasing t.
                var gradW = GradOf(weight);
                Gemm.Multiply(new GemmLayout(4 * h, h, b, TransposeA: true, Accumulate: true), gradients[..gl], hidden.Data, gradW);
                if (steps > 1)
                {
                    Gemm.Multiply(new GemmLayout(4 * h, h, (steps - 1) * b, TransposeA: true, Accumulate: true), gradients[gl..], states[..((steps - 1) * sl)], gradW);
                }
            }

            if (bias is { RequiresGrad: true })
            {
                Reduction.Sum(new ReductionLayout(1, steps * b, 4 * h, Accumulate: true), gradients, GradOf(bias));
            }

            gateGrads?.ReleaseStorage();
            work.ReleaseStorage();
            packed.ReleaseStorage();
        }

        protected override void ReleaseSaved()
        {
            gates?.ReleaseStorage();
            gates = null;
        }
    }
}
