namespace NasSharp.Tensors;

/// <summary>
/// One recorded op of the define-by-run graph. A derived class holds only the typed state its
/// derivative needs and, in <see cref="Backward"/>, <b>accumulates</b> into the gradients of its
/// inputs (a tensor used twice receives both contributions).
/// </summary>
public abstract class BackwardNode
{
    private Tensor[] inputs;
    private readonly bool readsInputs;

    /// <summary>A node whose backward pass reads its inputs' values.</summary>
    protected BackwardNode(params Tensor[] inputs)
        : this(readsInputs: true, inputs)
    {
    }

    /// <param name="readsInputs">False when the backward pass needs only the inputs' shapes (sums, pooling):
    /// an input whose only readers are such nodes can be released early (<see cref="Tensor.TryReleaseEarly"/>).</param>
    /// <param name="inputs">The op's inputs, the edges of the graph.</param>
    protected BackwardNode(bool readsInputs, params Tensor[] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        this.inputs = inputs;
        this.readsInputs = readsInputs;
        if (readsInputs)
        {
            foreach (var input in inputs)
            {
                input.DataReaders++;
            }
        }
    }

    /// <summary>The op's name, used in error messages.</summary>
    public abstract string OpName { get; }

    /// <summary>The op's row name in an <see cref="OpProfile"/>: <see cref="OpName"/> unless an op tells its variants apart.</summary>
    protected internal virtual string ProfileName => OpName;

    internal ReadOnlySpan<Tensor> Inputs => inputs;

    internal bool IsFreed { get; private set; }

    /// <summary>Whether <see cref="Backward"/> reads the output's values; false lets the output be released early.</summary>
    protected internal virtual bool ReadsOutput => true;

    /// <summary>Adds d(loss)/d(input) to each input that requires a gradient, given d(loss)/d(output).</summary>
    protected internal abstract void Backward(Tensor output, Tensor outputGrad);

    /// <summary>Forgets the inputs and saved tensors once the graph has been walked.</summary>
    internal void Free()
    {
        IsFreed = true;
        if (readsInputs)
        {
            foreach (var input in inputs)
            {
                input.DataReaders--;
            }
        }

        inputs = [];
        ReleaseSaved();
    }

    /// <summary>Drops references to saved tensors (override when the node saves more than its inputs).</summary>
    protected virtual void ReleaseSaved()
    {
    }

    /// <summary>
    /// The gradient buffer of <paramref name="input"/> to accumulate into, created zeroed on first use;
    /// an empty span when the input does not require a gradient (skip the work then).
    /// </summary>
    protected static Span<float> GradOf(Tensor input) => input.RequiresGrad ? input.EnsureGrad().Data : [];

    /// <summary>
    /// Like <see cref="GradOf(Tensor)"/>, but when this is the first write to a non-leaf input's gradient in the pass the
    /// buffer is not zeroed first and <paramref name="overwrite"/> is true: the caller must then write every element
    /// (a big op output saves a zeroing pass and a read).
    /// </summary>
    protected static Span<float> GradOf(Tensor input, out bool overwrite)
    {
        overwrite = false;
        return input.RequiresGrad ? input.EnsureGrad(out overwrite).Data : [];
    }

    /// <summary>The gradient tensor of <paramref name="input"/>, created zeroed on first use, or null.</summary>
    protected static Tensor? GradTensorOf(Tensor input) => input.RequiresGrad ? input.EnsureGrad() : null;
}
