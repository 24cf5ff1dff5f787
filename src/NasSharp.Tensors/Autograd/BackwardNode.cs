namespace NasSharp.Tensors;

/// <summary>
/// One recorded op of the define-by-run graph. A derived class holds only the typed state its
/// derivative needs and, in <see cref="Backward"/>, <b>accumulates</b> into the gradients of its
/// inputs (a tensor used twice receives both contributions).
/// </summary>
public abstract class BackwardNode
{
    private Tensor[] inputs;

    // Inputs from this index on have their values read by the backward pass (see Tensor.DataReaders).
    private readonly int firstReadInput;

    /// <summary>A node whose backward pass reads its inputs' values.</summary>
    protected BackwardNode(params Tensor[] inputs)
        : this(readsInputs: true, inputs)
    {
    }

    /// <param name="readsInputs">False when the backward pass needs only the inputs' shapes (sums, pooling):
    /// an input whose only readers are such nodes can be released early (<see cref="Tensor.TryReleaseEarly"/>).</param>
    /// <param name="inputs">The op's inputs, the edges of the graph.</param>
    protected BackwardNode(bool readsInputs, params Tensor[] inputs)
        : this(readsInputs ? 0 : (inputs ?? throw new ArgumentNullException(nameof(inputs))).Length, inputs)
    {
    }

    /// <param name="firstReadInput">The backward pass reads the values of the inputs from this index on, and only the
    /// shapes of those before it (a weighted sum whose weights need no gradient reads only the weights, its last input).</param>
    /// <param name="inputs">The op's inputs, the edges of the graph.</param>
    protected BackwardNode(int firstReadInput, params Tensor[] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentOutOfRangeException.ThrowIfNegative(firstReadInput);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstReadInput, inputs.Length);
        this.inputs = inputs;
        this.firstReadInput = firstReadInput;
        for (var i = firstReadInput; i < inputs.Length; i++)
        {
            inputs[i].DataReaders++;
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
        for (var i = firstReadInput; i < inputs.Length; i++)
        {
            inputs[i].DataReaders--;
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
    /// For a rule that writes every element of the input's gradient: the buffer, and in <paramref name="accumulate"/>
    /// whether to add to it. False on the first contribution to an intermediate tensor's gradient: the contents are then
    /// unspecified and the rule must overwrite them all, which saves the zero fill and the read of the zeros (the
    /// first-writer rule of PyTorch's gradient accumulation). Empty when the input needs no gradient.
    /// </summary>
    protected static Span<float> GradTargetOf(Tensor input, out bool accumulate)
    {
        accumulate = true;
        return input.RequiresGrad ? input.EnsureGradForWrite(out accumulate).Data : [];
    }

    /// <summary>The gradient tensor of <paramref name="input"/>, created zeroed on first use, or null.</summary>
    protected static Tensor? GradTensorOf(Tensor input) => input.RequiresGrad ? input.EnsureGrad() : null;
}
