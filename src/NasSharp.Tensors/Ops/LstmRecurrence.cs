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
    /// W_hh is packed once per pass for the T small products (<see cref="Gemm.PackB"/>). Backward walks the steps in
    /// reverse (<see cref="LstmPointwise.Backward"/>, then dh_{t-1} = da_t W_hh) and forms the weight gradient once,
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
        var states = output.Data;

        // W_hh^T packed once for the T products (each would otherwise pack all of it for 20-odd rows).
        var product = new GemmLayout(geometry.Batch, 4 * h, h, TransposeB: true, Accumulate: true);
        var packed = Tensor.Uninitialized(new TensorShape(Gemm.PackedBLength(product)));
        Gemm.PackB(product, hiddenWeight.Data, packed.Data);
        for (var t = 0; t < steps; t++)
        {
            var step = gates.Data.Slice(t * gl, gl);
            Gemm.MultiplyPackedB(product, t == 0 ? hidden.Data : states.Slice((t - 1) * sl, sl), packed.Data, step);
            var previousCell = t == 0 ? cell.Data : states.Slice((steps + t - 1) * sl, sl);
            LstmPointwise.Forward(geometry, step, previousCell, states.Slice((steps + t) * sl, sl), states.Slice(t * sl, sl));
        }

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
            var grads = outputGrad.Data;
            var gateGrads = Tensor.Uninitialized(gates.Shape);
            var work = Tensor.Uninitialized(new TensorShape((3 * sl) + (2 * h)));
            var carry = work.Data[..sl];
            var cellGrad = work.Data.Slice(sl, sl);
            var hiddenGrad = work.Data.Slice(2 * sl, sl);
            var scratch = work.Data[(3 * sl)..];
            carry.Clear();
            cellGrad.Clear();
            var needHidden = hidden.RequiresGrad;
            var product = new GemmLayout(b, h, 4 * h);
            var packed = Tensor.Uninitialized(new TensorShape(Gemm.PackedBLength(product)));
            Gemm.PackB(product, weight.Data, packed.Data);
            for (var t = steps - 1; t >= 0; t--)
            {
                // dL/dh_t: from the output itself and, through step t + 1, from the recurrence (carry).
                Elementwise.Add(grads.Slice(t * sl, sl), carry, hiddenGrad);
                Elementwise.AddInPlace(cellGrad, grads.Slice((steps + t) * sl, sl));
                var previousCell = t == 0 ? cell.Data : states.Slice((steps + t - 1) * sl, sl);
                var stepGrads = gateGrads.Data.Slice(t * gl, gl);
                LstmPointwise.Backward(geometry, gates.Data.Slice(t * gl, gl), previousCell, states.Slice((steps + t) * sl, sl), hiddenGrad, cellGrad, stepGrads, scratch);
                if (t > 0 || needHidden)
                {
                    Gemm.MultiplyPackedB(product, stepGrads, packed.Data, carry);
                }
            }

            if (needHidden)
            {
                Elementwise.AddInPlace(GradOf(hidden), carry);
            }

            if (cell.RequiresGrad)
            {
                Elementwise.AddInPlace(GradOf(cell), cellGrad);
            }

            if (gatesInput.RequiresGrad)
            {
                Elementwise.AddInPlace(GradOf(gatesInput), gateGrads.Data);
            }

            if (weight.RequiresGrad)
            {
                // dW_hh = sum_t da_t^T h_{t-1}: h_0, then h_1..h_{T-1} (the first T - 1 output rows), k in increasing t.
                var gradW = GradOf(weight);
                Gemm.Multiply(new GemmLayout(4 * h, h, b, TransposeA: true, Accumulate: true), gateGrads.Data[..gl], hidden.Data, gradW);
                if (steps > 1)
                {
                    Gemm.Multiply(new GemmLayout(4 * h, h, (steps - 1) * b, TransposeA: true, Accumulate: true), gateGrads.Data[gl..], states[..((steps - 1) * sl)], gradW);
                }
            }

            if (bias is { RequiresGrad: true })
            {
                Reduction.Sum(new ReductionLayout(1, steps * b, 4 * h, Accumulate: true), gateGrads.Data, GradOf(bias));
            }

            gateGrads.ReleaseStorage();
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
