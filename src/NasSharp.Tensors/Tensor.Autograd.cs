namespace NasSharp.Tensors;

/// <summary>The reverse-mode autodiff half of <see cref="Tensor"/>.</summary>
public sealed partial class Tensor
{
    // The collections of the last finished backward pass on this thread, reused by the next one (a recurrent step's
    // graph has thousands of nodes; sorting it allocated a few hundred KB per pass). Taken while in use, so a pass
    // started inside another one gets its own.
    [ThreadStatic]
    private static GraphWalk? spareWalk;

    // The walk of the backward pass running on this thread, whose released gradient tensors the pass's next gradients reuse.
    [ThreadStatic]
    private static GraphWalk? activeWalk;

    private Tensor? grad;
    private BackwardNode? creator;
    private bool requiresGrad;

    /// <summary>
    /// Whether gradients flow to this tensor. Set it on leaves (parameters, inputs); op outputs get it
    /// when any input has it and <see cref="GradMode.IsEnabled"/>.
    /// </summary>
    public bool RequiresGrad
    {
        get => requiresGrad;
        set
        {
            if (!value && creator != null)
            {
                throw new InvalidOperationException($"RequiresGrad: tensor {Shape} is the output of {creator.OpName}; use Detach() to cut it from the graph.");
            }

            requiresGrad = value;
        }
    }

    /// <summary>
    /// The accumulated gradient, or null before the first backward pass reaches this tensor. Leaves keep it
    /// across passes; intermediate tensors keep it only when the pass was run with <c>retainGraph: true</c>.
    /// </summary>
    public Tensor? Grad => grad;

    /// <summary>True for tensors not produced by a recorded op.</summary>
    public bool IsLeaf => creator == null;

    /// <summary>The node that produced this tensor, when recorded.</summary>
    public BackwardNode? Creator => creator;

    /// <summary>Marks this tensor as requiring gradients and returns it (for fluent construction).</summary>
    public Tensor WithGrad()
    {
        RequiresGrad = true;
        return this;
    }

    /// <summary>A tensor over the same storage that is cut from the graph (no creator, no gradient).</summary>
    public Tensor Detach() => ViewAs(Shape);

    /// <summary>Forgets the accumulated gradient (the next backward pass starts from zero).</summary>
    public void ZeroGrad() => grad?.Data.Clear();

    /// <summary>Drops the gradient tensor entirely.</summary>
    public void ClearGrad() => grad = null;

    /// <summary>
    /// Back-propagates from this tensor. Without <paramref name="seed"/> the tensor must hold one
    /// element (a loss); the seed is d(loss)/d(this) otherwise. The graph is freed afterwards unless
    /// <paramref name="retainGraph"/>; a second pass through a freed graph throws.
    /// </summary>
    public void Backward(Tensor? seed = null, bool retainGraph = false)
    {
        if (!requiresGrad)
        {
            throw new InvalidOperationException($"Backward: tensor {Shape} does not require a gradient (no input of its graph has RequiresGrad).");
        }

        if (seed == null && Count != 1)
        {
            throw new InvalidOperationException($"Backward: tensor {Shape} is not a scalar; pass a seed gradient of shape {Shape}.");
        }

        if (seed != null && seed.Shape != Shape)
        {
            throw new ArgumentException($"Backward: seed shape {seed.Shape} differs from tensor shape {Shape}.");
        }

        // Inside a profile's section (an optimizer's or a policy's own backward pass) the section owns the time.
        var profile = OpProfile.Recording;
        var passStart = profile == null ? 0 : System.Diagnostics.Stopwatch.GetTimestamp();
        var nodeTicks = 0L;
        var walk = spareWalk ?? new GraphWalk();
        spareWalk = null;
        (walk.Root, walk.FreesGraph) = (this, !retainGraph);
        var outerWalk = activeWalk;
        activeWalk = walk;
        try
        {
            var order = TopologicalOrder(walk);

            // Gradients of intermediate tensors belong to one pass; only leaves accumulate across passes.
            foreach (var t in order)
            {
                t.grad = null;
            }

            var g = EnsureGrad();
            if (seed == null)
            {
                g.Data[0] += 1f;
            }
            else
            {
                Kernels.Elementwise.AddInPlace(g.Data, seed.Data);
            }

            for (var i = order.Count - 1; i >= 0; i--)
            {
                var t = order[i];
                var node = t.creator!;
                if (t.grad != null)
                {
                    if (profile == null)
                    {
                        node.Backward(t, t.grad);
                    }
                    else
                    {
                        var start = System.Diagnostics.Stopwatch.GetTimestamp();
                        node.Backward(t, t.grad);
                        var ticks = System.Diagnostics.Stopwatch.GetTimestamp() - start;
                        profile.RecordBackward(node, t.Shape, ticks);
                        nodeTicks += ticks;
                    }
                }

                if (!retainGraph)
                {
                    node.Free();

                    // Like PyTorch, an intermediate tensor's gradient is not kept once its node has used it: its
                    // storage goes straight back to the pool, where the next gradients of this pass reuse it.
                    if (t != this && t.grad != null)
                    {
                        t.grad.ReleaseStorage();
                        walk.ReleasedGradients.Push(t.grad);
                        t.grad = null;
                    }
                }
            }
        }
        finally
        {
            // Restored on a throw too, so that a failed pass leaves no gradients to reuse behind.
            activeWalk = outerWalk;
        }

        walk.Clear();
        spareWalk = walk;
        profile?.RecordSection(OpProfile.BackwardBookkeeping, System.Diagnostics.Stopwatch.GetTimestamp() - passStart - nodeTicks);
    }

    /// <summary>Creates the zeroed gradient on first use. Leaf gradients outlive scopes; others do not.</summary>
    internal Tensor EnsureGrad()
    {
        if (grad == null)
        {
            if (IsLeaf)
            {
                grad = Persistent(Shape);
            }
            else
            {
                grad = IntermediateGrad();
                grad.Data.Clear();
            }
        }

        return grad;
    }

    /// <summary>
    /// The gradient for a backward rule that writes all of it, and whether it already holds contributions of this pass.
    /// The first contribution to an intermediate tensor's gradient gets a buffer with unspecified contents
    /// (<paramref name="accumulate"/> false) and must overwrite every element: no zero fill, and no read of zeros to add
    /// to. Leaf gradients always accumulate (they outlive the pass).
    /// </summary>
    internal Tensor EnsureGradForWrite(out bool accumulate)
    {
        accumulate = grad != null || IsLeaf;
        return grad ??= IsLeaf ? Persistent(Shape) : IntermediateGrad();
    }

    /// <summary>
    /// Makes this op output's gradient (in the running backward pass) the gradient of <paramref name="input"/> instead of
    /// having it copied, where nothing can tell the difference: the pass frees its graph (so this gradient would be
    /// released right after the op's node used it), this output is not the pass's root, and the input is an intermediate
    /// tensor of the same shape without a gradient yet. For ops whose input gradient is their output gradient itself (a
    /// node's sum of edges); returns false when the caller must copy.
    /// </summary>
    internal bool TryHandGradientTo(Tensor input)
    {
        if (activeWalk is not { FreesGraph: true } walk || ReferenceEquals(walk.Root, this) || grad == null
            || !input.requiresGrad || input.IsLeaf || input.grad != null || input.Shape != Shape)
        {
            return false;
        }

        (input.grad, grad) = (grad, null);
        return true;
    }

    /// <summary>
    /// A gradient buffer for this non-leaf tensor, with unspecified contents. In a pass that frees its graph, a gradient
    /// tensor released earlier in the same pass is reused (new storage from the pool, this shape): a DARTS search step
    /// has ~3,500 intermediate gradients, and a tensor object each was a quarter of its allocation. The reused tensor was
    /// registered with the scope the pass runs in, which returns its storage if the pass does not.
    /// </summary>
    private Tensor IntermediateGrad()
    {
        if (activeWalk is { ReleasedGradients.Count: > 0 } walk)
        {
            var recycled = walk.ReleasedGradients.Pop();
            recycled.Shape = Shape;
            recycled.storage = TensorPool.Rent(Shape.Count);
            recycled.hasViews = false;
            return recycled;
        }

        // The shape is immutable, so the gradient shares it (no copy of the dimensions per gradient).
        return Uninitialized(Shape);
    }

    /// <summary>Records <paramref name="node"/> as the producer of this op output when any input needs a gradient.</summary>
    internal Tensor RecordedBy(BackwardNode node)
    {
        OpProfile.Recording?.RecordForward(node, Shape);
        creator = node;
        requiresGrad = true;
        return this;
    }

    /// <summary>True when grad mode is on and the tensor requires a gradient (an op must record its node).</summary>
    public static bool NeedsGrad(Tensor a) => GradMode.IsEnabled && a.requiresGrad;

    public static bool NeedsGrad(Tensor a, Tensor b) => GradMode.IsEnabled && (a.requiresGrad || b.requiresGrad);

    public static bool NeedsGrad(Tensor a, Tensor b, Tensor? c) => GradMode.IsEnabled && (a.requiresGrad || b.requiresGrad || (c?.requiresGrad ?? false));

    public static bool NeedsGrad(ReadOnlySpan<Tensor> inputs)
    {
        if (!GradMode.IsEnabled)
        {
            return false;
        }

        foreach (var t in inputs)
        {
            if (t.requiresGrad)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Non-leaf tensors reachable from this one, each after all tensors it depends on.</summary>
    private List<Tensor> TopologicalOrder(GraphWalk walk)
    {
        var order = walk.Order;
        if (creator == null)
        {
            return order;
        }

        var visited = walk.Visited;
        var stack = walk.Stack;
        stack.Push((this, 0));
        visited.Add(this);
        while (stack.Count > 0)
        {
            var (t, next) = stack.Pop();
            var node = t.creator!;
            if (node.IsFreed)
            {
                throw new InvalidOperationException($"Backward: the graph through {node.OpName} (output {t.Shape}) was already freed by an earlier Backward; pass retainGraph: true to the first call to go through it twice.");
            }

            var inputs = node.Inputs;
            if (next < inputs.Length)
            {
                stack.Push((t, next + 1));
                var input = inputs[next];
                if (input.creator != null && input.requiresGrad && visited.Add(input))
                {
                    stack.Push((input, 0));
                }
            }
            else
            {
                order.Add(t);
            }
        }

        return order;
    }

    /// <summary>The order, visited set and stack of one backward pass.</summary>
    private sealed class GraphWalk
    {
        public List<Tensor> Order { get; } = [];

        public HashSet<Tensor> Visited { get; } = new(ReferenceEqualityComparer.Instance);

        public Stack<(Tensor Tensor, int Next)> Stack { get; } = new();

        /// <summary>Gradient tensors this pass has released (storage returned), for its next gradients to reuse.</summary>
        public Stack<Tensor> ReleasedGradients { get; } = new();

        /// <summary>The tensor the pass started from (its gradient is kept for the caller).</summary>
        public Tensor? Root { get; set; }

        /// <summary>Whether the pass frees its graph, and so each intermediate gradient once its node has used it.</summary>
        public bool FreesGraph { get; set; }

        public void Clear()
        {
            Root = null;
            Order.Clear();
            Visited.Clear();
            Stack.Clear();
            ReleasedGradients.Clear();
        }
    }
}
