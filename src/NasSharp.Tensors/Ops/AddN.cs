using NasSharp.Kernels;

namespace NasSharp.Tensors;

public static partial class Ops
{
    /// <summary>
    /// terms[0] + terms[1] + ... for tensors of one shape, as one op: d/dterms[i] = dOut. A chain of
    /// <see cref="Add"/> would keep every partial sum alive until the backward pass; a cell node that sums its
    /// incoming edges (NAS-Bench-201, DARTS) keeps only the total.
    /// </summary>
    public static Tensor AddN(IReadOnlyList<Tensor> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        if (terms.Count == 0)
        {
            throw new ArgumentException("AddN: at least one term is needed.", nameof(terms));
        }

        for (var i = 1; i < terms.Count; i++)
        {
            if (terms[i].Shape != terms[0].Shape)
            {
                throw new ArgumentException($"AddN: term {i} has shape {terms[i].Shape}, term 0 has {terms[0].Shape}.", nameof(terms));
            }
        }

        if (terms.Count == 1)
        {
            return terms[0];
        }

        // ((t0 + t1) + t2) + ... in term order, two terms per pass over the running sum where there are two left.
        var output = Tensor.Uninitialized(terms[0].Shape);
        var next = terms.Count >= 3 ? 3 : 2;
        if (terms.Count >= 3)
        {
            Elementwise.AddThree(terms[0].Data, terms[1].Data, terms[2].Data, output.Data);
        }
        else
        {
            Elementwise.Add(terms[0].Data, terms[1].Data, output.Data);
        }

        for (; next + 1 < terms.Count; next += 2)
        {
            Elementwise.AddThree(output.Data, terms[next].Data, terms[next + 1].Data, output.Data);
        }

        if (next < terms.Count)
        {
            Elementwise.AddInPlace(output.Data, terms[next].Data);
        }

        var inputs = terms.ToArray();
        return Tensor.NeedsGrad(inputs) ? output.RecordedBy(new AddNBackward(inputs)) : output;
    }

    private sealed class AddNBackward(Tensor[] inputs) : BackwardNode(readsInputs: false, inputs)
    {
        public override string OpName => nameof(AddN);

        protected internal override bool ReadsOutput => false;

        protected internal override void Backward(Tensor output, Tensor outputGrad)
        {
            // The first term without a gradient that appears once takes the output's gradient buffer itself (no copy)
            // where the pass allows it; the others get a copy, or add it to theirs. A term summed twice is never handed
            // the buffer, since adding its second contribution would change the buffer the later terms read.
            var handed = false;
            foreach (var term in Inputs)
            {
                if (!handed && AppearsOnce(term) && output.TryHandGradientTo(term))
                {
                    handed = true;
                    continue;
                }

                var g = GradTargetOf(term, out var accumulate);
                if (g.IsEmpty)
                {
                    continue;
                }

                if (accumulate)
                {
                    Elementwise.AddInPlace(g, outputGrad.Data);
                }
                else
                {
                    Elementwise.Copy(outputGrad.Data, g);
                }
            }
        }

        private bool AppearsOnce(Tensor term)
        {
            var count = 0;
            foreach (var input in Inputs)
            {
                count += ReferenceEquals(input, term) ? 1 : 0;
            }

            return count == 1;
        }
    }
}
