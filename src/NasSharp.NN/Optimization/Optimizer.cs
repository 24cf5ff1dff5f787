using System.Globalization;
using NasSharp.Kernels;
using NasSharp.Tensors;

namespace NasSharp.NN.Optimization;

/// <summary>
/// Updates a fixed list of parameters from their gradients. Per-parameter state (momentum, moment
/// estimates) lives in named slots created on the first step; a step allocates nothing afterwards. A
/// parameter whose gradient is null (never reached by a backward pass) is skipped, as in PyTorch.
/// </summary>
public abstract class Optimizer
{
    private readonly string[] slotNames;
    private Tensor[] parameters;
    private Tensor?[][] slots;
    private int largest;
    private float[] scratch = [];
    private float learningRate;

    // Where each parameter's elements start when the parameters with gradients are laid end to end (StepInRuns).
    private long[] runStarts = [];

    [ThreadStatic]
    private static float[]? runScratch;

    protected Optimizer(IEnumerable<Tensor> parameters, float learningRate, params string[] slotNames)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        this.parameters = parameters.ToArray();
        if (this.parameters.Distinct(ReferenceEqualityComparer.Instance).Count() != this.parameters.Length)
        {
            throw new ArgumentException($"{GetType().Name}: a parameter appears twice in the list.", nameof(parameters));
        }

        largest = this.parameters.Length == 0 ? 0 : this.parameters.Max(p => p.Count);
        this.slotNames = slotNames;
        slots = slotNames.Select(_ => new Tensor?[this.parameters.Length]).ToArray();
        LearningRate = learningRate;
    }

    /// <summary>The parameters this optimizer updates, in order (state dict keys use these indices).</summary>
    /// <summary>Elements per run of an elementwise step (64 KB of floats, as the kernels' elementwise blocks).</summary>
    public const int RunLength = 1 << 14;

    public IReadOnlyList<Tensor> Parameters => parameters;

    /// <summary>The learning rate of the next <see cref="Step"/> (set it from a schedule between steps).</summary>
    public float LearningRate
    {
        get => learningRate;
        set
        {
            if (!float.IsFinite(value) || value < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, $"{GetType().Name}: the learning rate must be finite and non-negative.");
            }

            learningRate = value;
        }
    }

    /// <summary>
    /// Appends parameters created after construction (a node grown into a supernet, RECURRENT.md 2.4): they get fresh
    /// state (no momentum, zero moments, step 0) and later indices; the existing parameters and their state are
    /// untouched. A parameter already in the list, or given twice, is an error.
    /// </summary>
    public void AddParameters(IEnumerable<Tensor> added)
    {
        ArgumentNullException.ThrowIfNull(added);
        var list = added.ToArray();
        var all = parameters.Concat(list).ToArray();
        if (all.Distinct(ReferenceEqualityComparer.Instance).Count() != all.Length)
        {
            throw new ArgumentException($"{GetType().Name}.AddParameters: a parameter is already in the list or given twice.", nameof(added));
        }

        parameters = all;
        slots = slots.Select(s => s.Concat(new Tensor?[list.Length]).ToArray()).ToArray();
        if (list.Length > 0 && list.Max(p => p.Count) > largest)
        {
            largest = list.Max(p => p.Count);
            scratch = [];
        }
    }

    /// <summary>Applies one update to every parameter that has a gradient.</summary>
    public void Step()
    {
        if (UpdatesElementwise)
        {
            StepInRuns();
            return;
        }

        for (var i = 0; i < parameters.Length; i++)
        {
            var grad = parameters[i].Grad;
            if (grad != null)
            {
                Update(i, parameters[i].Data, grad.Data);
            }
        }
    }

    /// <summary>
    /// Zeroes every gradient (the storage is reused, so the next step allocates nothing). With
    /// <paramref name="setToNone"/> the gradients are dropped instead, so parameters the next backward pass
    /// does not reach are skipped by <see cref="Step"/> (PyTorch's <c>set_to_none</c>).
    /// </summary>
    public void ZeroGrad(bool setToNone = false)
    {
        if (setToNone)
        {
            foreach (var p in parameters)
            {
                p.ClearGrad();
            }

            return;
        }

        // Zeroes in runs on the kernel threads, as an elementwise Step.
        KernelParallel.For(LayOutRuns(), this, static (optimizer, run) => optimizer.WalkRuns((long)run * RunLength, RunLength, zero: true));
    }

    /// <summary>The optimizer's state tensors, keyed "{parameter index}.{slot}" (e.g. "3.exp_avg"); live tensors, not copies.</summary>
    public IReadOnlyDictionary<string, Tensor> StateDict()
    {
        var state = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        for (var i = 0; i < parameters.Length; i++)
        {
            for (var s = 0; s < slotNames.Length; s++)
            {
                if (slots[s][i] is { } t)
                {
                    state.Add(Key(i, s), t);
                }
            }
        }

        return state;
    }

    /// <summary>Restores state saved by <see cref="StateDict"/>; unknown keys or wrong shapes throw naming the key.</summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var targets = new List<(Tensor Source, int Slot, int Index)>();
        foreach (var (key, source) in state)
        {
            var (slot, index) = ParseKey(key);
            var expected = SlotShape(slot, index);
            if (source.Shape != expected)
            {
                throw new ArgumentException($"{GetType().Name}.LoadStateDict: '{key}' has shape {source.Shape}, expected {expected}.", nameof(state));
            }

            targets.Add((source, slot, index));
        }

        foreach (var (source, slot, index) in targets)
        {
            Slot(slot, index).CopyFrom(source);
        }
    }

    /// <summary>Updates parameter <paramref name="index"/> in place from its gradient.</summary>
    protected abstract void Update(int index, Span<float> parameter, ReadOnlySpan<float> gradient);

    /// <summary>
    /// True for a rule whose update of an element reads only that element's parameter, gradient and state (SGD): then
    /// <see cref="Step"/> calls <see cref="PrepareUpdate"/> for each parameter with a gradient, and <see cref="UpdateRun"/>
    /// on runs of at most <see cref="RunLength"/> elements that cover them all, runs on the kernel threads at once.
    /// </summary>
    protected virtual bool UpdatesElementwise => false;

    /// <summary>Before a step's runs of parameter <paramref name="index"/>: makes its state, which runs on several threads must not.</summary>
    protected virtual void PrepareUpdate(int index)
    {
    }

    /// <summary>
    /// Updates elements [<paramref name="start"/>, start + length) of parameter <paramref name="index"/> (<paramref
    /// name="parameter"/> and <paramref name="gradient"/> are those elements); <paramref name="scratch"/> holds 2 x
    /// <see cref="RunLength"/> floats of the calling thread. Only for <see cref="UpdatesElementwise"/> rules.
    /// </summary>
    protected virtual void UpdateRun(int index, int start, Span<float> parameter, ReadOnlySpan<float> gradient, Span<float> scratch) =>
        throw new NotSupportedException($"{GetType().Name} updates whole parameters.");

    /// <summary>True once slot <paramref name="slot"/> of parameter <paramref name="index"/> exists.</summary>
    protected bool HasSlot(int slot, int index) => slots[slot][index] != null;

    /// <summary>The state tensor of a slot, created zeroed (persistent) on first use.</summary>
    protected Tensor Slot(int slot, int index) =>
        slots[slot][index] ??= Tensor.Persistent(SlotShape(slot, index));

    /// <summary>The shape of a slot: the parameter's shape, unless overridden (e.g. a scalar step count).</summary>
    protected virtual TensorShape SlotShape(int slot, int index) => parameters[index].Shape;

    /// <summary>A scratch buffer of at least <paramref name="length"/> floats, <paramref name="which"/> = 0 or 1, reused across steps.</summary>
    protected Span<float> Scratch(int length, int which = 0)
    {
        if (scratch.Length == 0)
        {
            scratch = new float[2 * largest];
        }

        return scratch.AsSpan(which * largest, length);
    }

    /// <summary>
    /// The parameters with gradients, laid end to end in list order, cut into runs of <see cref="RunLength"/> elements
    /// (a run may span several small parameters): the runs go to the kernel threads (<see cref="KernelParallel"/>), so a
    /// step reads each parameter, gradient and state once, in cache-sized pieces, on every core. An elementwise rule gives
    /// every element the same operations whatever run or thread holds it, so the results are those of one whole-parameter
    /// pass, bit for bit.
    /// </summary>
    private void StepInRuns()
    {
        var runs = LayOutRuns();
        for (var i = 0; i < parameters.Length; i++)
        {
            if (parameters[i].Grad != null)
            {
                PrepareUpdate(i);
            }
        }

        KernelParallel.For(runs, this, static (optimizer, run) => optimizer.WalkRuns((long)run * RunLength, RunLength, zero: false));
    }

    /// <summary>Where each parameter with a gradient starts when they are laid end to end; returns the number of runs.</summary>
    private int LayOutRuns()
    {
        if (runStarts.Length != parameters.Length + 1)
        {
            runStarts = new long[parameters.Length + 1];
        }

        for (var i = 0; i < parameters.Length; i++)
        {
            runStarts[i + 1] = runStarts[i] + (parameters[i].Grad == null ? 0 : parameters[i].Count);
        }

        return (int)((runStarts[^1] + RunLength - 1) / RunLength);
    }

    /// <summary>
    /// Elements [from, from + count) of the parameters laid end to end (see <see cref="StepInRuns"/>): their gradients
    /// zeroed, or their update.
    /// </summary>
    private void WalkRuns(long from, int count, bool zero)
    {
        var scratchRun = runScratch ??= new float[2 * RunLength];
        var end = Math.Min(from + count, runStarts[^1]);
        // The first parameter whose elements reach past from.
        var i = Array.BinarySearch(runStarts, from);
        i = i >= 0 ? i : ~i - 1;
        for (; i < parameters.Length && runStarts[i] < end; i++)
        {
            var grad = parameters[i].Grad;
            if (grad == null || runStarts[i + 1] <= from)
            {
                continue;
            }

            var start = (int)(Math.Max(from, runStarts[i]) - runStarts[i]);
            var length = (int)(Math.Min(end, runStarts[i + 1]) - runStarts[i]) - start;
            if (zero)
            {
                grad.Data.Slice(start, length).Clear();
            }
            else
            {
                UpdateRun(i, start, parameters[i].Data.Slice(start, length), grad.Data.Slice(start, length), scratchRun);
            }
        }
    }

    private string Key(int index, int slot) => index.ToString(CultureInfo.InvariantCulture) + "." + slotNames[slot];

    private (int Slot, int Index) ParseKey(string key)
    {
        var dot = key.IndexOf('.', StringComparison.Ordinal);
        var slot = dot < 0 ? -1 : Array.IndexOf(slotNames, key[(dot + 1)..]);
        if (dot < 0 || slot < 0 || !int.TryParse(key.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= parameters.Length)
        {
            throw new ArgumentException($"{GetType().Name}.LoadStateDict: unexpected key '{key}' (expected \"<index below {parameters.Length}>.<{string.Join("|", slotNames)}>\").", nameof(key));
        }

        return (slot, index);
    }
}
