namespace NasSharp.Tensors;

/// <summary>
/// The outcome of <see cref="GradCheck.Run"/>: the worst element over all inputs, where the analytic
/// gradient and the central finite difference disagree most (relative to their scale).
/// </summary>
public sealed record GradCheckResult(
    bool Passed,
    int WorstInput,
    int WorstIndex,
    double Analytic,
    double Numeric,
    double AbsoluteError,
    double RelativeError,
    int ElementsChecked)
{
    public override string ToString() =>
        $"{(Passed ? "passed" : "FAILED")}: worst at input {WorstInput}, element {WorstIndex}: analytic {Analytic:G6}, numeric {Numeric:G6}, abs err {AbsoluteError:G3}, rel err {RelativeError:G3} ({ElementsChecked} elements checked)";
}
