using NasSharp.Search.Supernets.Choices;
using NasSharp.Tensors;

namespace NasSharp.Search.Tests.Supernets.Choices;

/// <summary>
/// A choice layer whose choice k outputs (k + 1) * input, except <paramref name="noneChoice"/>, which outputs nothing; it
/// records every choice run, so a test sees exactly which choices a policy ran and can compute its output by hand.
/// </summary>
internal sealed class RecordingLayer(int group, int position, int choices, int noneChoice = -1) : IChoiceLayer
{
    public int Group => group;

    public int Position => position;

    public int ChoiceCount => choices;

    /// <summary>Every choice run, in order.</summary>
    public List<int> Runs { get; } = [];

    public Tensor? Run(int choice, Tensor input)
    {
        Runs.Add(choice);
        return choice == noneChoice ? null : Ops.Scale(input, choice + 1);
    }
}
