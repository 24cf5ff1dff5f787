namespace NasSharp.Tensors;

/// <summary>
/// The last few recorded ReLUs of op outputs on this thread (input, output), so that <see cref="Ops.Relu"/> of a tensor
/// rectified a moment ago can view the earlier result. A DARTS cell's forward pass rectifies five distinct tensors, each
/// up to sixteen times, among a few other ReLUs; sixteen entries hold them all. A tensor rectified again after it has
/// left the ring is simply computed again.
/// </summary>
internal sealed class RecentRectifications
{
    private const int Capacity = 16;

    [ThreadStatic]
    private static RecentRectifications? onThisThread;

    private readonly Tensor?[] inputs = new Tensor?[Capacity];
    private readonly Tensor?[] outputs = new Tensor?[Capacity];
    private int next;

    public static RecentRectifications OnThisThread => onThisThread ??= new RecentRectifications();

    /// <summary>The earlier ReLU of <paramref name="input"/> whose storage is still live, or null.</summary>
    public Tensor? Find(Tensor input)
    {
        for (var i = 0; i < Capacity; i++)
        {
            if (ReferenceEquals(inputs[i], input))
            {
                return outputs[i] is { IsReleased: false } output ? output : null;
            }
        }

        return null;
    }

    /// <summary>Remembers <paramref name="output"/> as the ReLU of <paramref name="input"/>, replacing the oldest entry.</summary>
    public void Add(Tensor input, Tensor output)
    {
        inputs[next] = input;
        outputs[next] = output;
        next = (next + 1) % Capacity;
    }
}
