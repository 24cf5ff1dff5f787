namespace NasSharp.Search.Tests.Networks.Recurrent;

/// <summary>
/// The DARTS recurrent cell written out in scalar loops from quark0/darts rnn/model_search.py (cell, without batch
/// norm or dropout): the test oracle for the tensor implementation. Weights are [rows, 2H] row-major.
/// </summary>
internal static class DartsRnnReference
{
    /// <summary>Outputs [T, B, H] of a dense cell with edge weights p(node, edge, op) (op 1..4 = tanh, relu, sigmoid, identity).</summary>
    public static double[] Run(float[] x, int steps, int batch, int h, float[] w0, float[][] ws, Func<int, int, int, double> p)
    {
        var inputSize = x.Length / (steps * batch);
        var hidden = new double[batch][];
        for (var b = 0; b < batch; b++)
        {
            hidden[b] = new double[h];
        }

        var outputs = new double[steps * batch * h];
        for (var t = 0; t < steps; t++)
        {
            for (var b = 0; b < batch; b++)
            {
                var xh = x.Skip(((t * batch) + b) * inputSize).Take(inputSize).Select(v => (double)v).Concat(hidden[b]).ToArray();
                var ch = Project(xh, w0, h);
                var states = new List<double[]> { Enumerable.Range(0, h).Select(k => hidden[b][k] + (Sigmoid(ch[k]) * (Math.Tanh(ch[h + k]) - hidden[b][k]))).ToArray() };
                for (var i = 0; i < ws.Length; i++)
                {
                    var s = new double[h];
                    for (var j = 0; j <= i; j++)
                    {
                        var c = Project(states[j], ws[i], h);
                        for (var op = 1; op <= 4; op++)
                        {
                            for (var k = 0; k < h; k++)
                            {
                                s[k] += p(i, j, op) * (states[j][k] + (Sigmoid(c[k]) * (Activation(op, c[h + k]) - states[j][k])));
                            }
                        }
                    }

                    states.Add(s);
                }

                hidden[b] = Enumerable.Range(0, h).Select(k => states.Skip(1).Average(s => s[k])).ToArray();
                hidden[b].CopyTo(outputs, ((t * batch) + b) * h);
            }
        }

        return outputs;
    }

    private static double[] Project(double[] v, float[] w, int h)
    {
        var result = new double[2 * h];
        for (var i = 0; i < v.Length; i++)
        {
            for (var k = 0; k < 2 * h; k++)
            {
                result[k] += v[i] * w[(i * 2 * h) + k];
            }
        }

        return result;
    }

    private static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));

    private static double Activation(int op, double v) => op switch
    {
        1 => Math.Tanh(v),
        2 => Math.Max(0, v),
        3 => Sigmoid(v),
        _ => v,
    };
}
