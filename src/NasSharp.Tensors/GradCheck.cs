namespace NasSharp.Tensors;

/// <summary>
/// Checks an op's analytic gradient against central finite differences. The function's output is
/// reduced to a scalar with fixed random weights (so every output element matters), the analytic
/// gradient comes from <see cref="Tensor.Backward"/>, and each input element is nudged by +-eps.
/// </summary>
public static class GradCheck
{
    /// <summary>
    /// Runs the check. An element passes when |analytic - numeric| &lt;= absTolerance + relTolerance * max(|analytic|, |numeric|).
    /// Inputs are modified during the check and restored afterwards; they must not require gradients already set by the caller.
    /// </summary>
    public static GradCheckResult Run(
        Func<Tensor[], Tensor> function,
        Tensor[] inputs,
        double epsilon = 1e-2,
        double absTolerance = 2e-3,
        double relTolerance = 2e-2,
        int seed = 1234,
        int maxElementsPerInput = 200)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(inputs);
        foreach (var input in inputs)
        {
            input.ClearGrad();
            input.RequiresGrad = true;
        }

        var probe = function(inputs);
        var weights = Tensor.RandomUniform(new Random(seed), -1f, 1f, probe.Shape.ToArray()).ToArray();
        var loss = Ops.Sum(Ops.Multiply(probe, Tensor.FromArray(weights, probe.Shape.ToArray())));
        loss.Backward();

        var worst = new GradCheckResult(true, -1, -1, 0, 0, 0, 0, 0);
        var worstScore = double.NegativeInfinity;
        var checkedCount = 0;
        var picker = new Random(seed + 1);
        using var noGrad = new NoGradScope();
        for (var t = 0; t < inputs.Length; t++)
        {
            var data = inputs[t].Data;
            var analyticGrad = inputs[t].Grad?.ToArray() ?? new float[data.Length];
            foreach (var i in PickIndices(data.Length, maxElementsPerInput, picker))
            {
                var original = data[i];
                data[i] = (float)(original + epsilon);
                var plus = WeightedSum(function(inputs), weights);
                data[i] = (float)(original - epsilon);
                var minus = WeightedSum(function(inputs), weights);
                data[i] = original;
                var numeric = (plus - minus) / (2 * epsilon);
                var analytic = (double)analyticGrad[i];
                var abs = Math.Abs(analytic - numeric);
                var allowed = absTolerance + (relTolerance * Math.Max(Math.Abs(analytic), Math.Abs(numeric)));
                // A NaN on either side is the worst possible score (NaN compares false with everything, so it would pass).
                var score = double.IsNaN(abs) ? double.PositiveInfinity : abs / allowed;
                checkedCount++;
                if (score > worstScore)
                {
                    worstScore = score;
                    var rel = abs / Math.Max(1e-12, Math.Max(Math.Abs(analytic), Math.Abs(numeric)));
                    worst = new GradCheckResult(score <= 1, t, i, analytic, numeric, abs, rel, 0);
                }
            }
        }

        return worst with { ElementsChecked = checkedCount };
    }

    private static double WeightedSum(Tensor output, float[] weights)
    {
        var data = output.Data;
        var sum = 0.0;
        for (var i = 0; i < data.Length; i++)
        {
            sum += (double)data[i] * weights[i];
        }

        return sum;
    }

    private static IEnumerable<int> PickIndices(int length, int max, Random random)
    {
        if (length <= max)
        {
            return Enumerable.Range(0, length);
        }

        return Enumerable.Range(0, max).Select(_ => random.Next(length)).Distinct().Order();
    }
}
