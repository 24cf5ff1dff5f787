namespace NasSharp.NN.Optimization;

/// <summary>
/// The non-monotonic trigger of NT-ASGD (Merity et al., ICLR 2018, section 3, Algorithm 1) in the form of the AWD-LSTM
/// and DARTS code (rnn/train.py): after each validation while plain SGD runs, switch to averaged SGD when the loss is
/// worse than the best of all earlier validations but the last <see cref="Interval"/> ones
/// (<c>len(best_val_loss) &gt; nonmono and val_loss &gt; min(best_val_loss[:-nonmono])</c>, the list holding the earlier
/// epochs' losses; the new loss joins it after the test). It fires once; <see cref="Observe"/> returns false afterwards.
/// </summary>
public sealed class NonMonotonicTrigger
{
    private readonly List<double> history = [];

    /// <param name="interval">nonmono, the number of latest validations left out of the comparison (DARTS and AWD-LSTM: 5).</param>
    public NonMonotonicTrigger(int interval = 5)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(interval);
        Interval = interval;
    }

    public int Interval { get; }

    /// <summary>The validation losses observed so far, oldest first.</summary>
    public IReadOnlyList<double> History => history;

    /// <summary>Whether the trigger has fired.</summary>
    public bool Fired { get; private set; }

    /// <summary>Records a validation loss; true exactly once, at the validation that triggers the switch.</summary>
    public bool Observe(double validLoss)
    {
        if (Fired)
        {
            return false;
        }

        var fire = history.Count > Interval && validLoss > history.Take(history.Count - Interval).Min();
        history.Add(validLoss);
        Fired = fire;
        return fire;
    }
}
