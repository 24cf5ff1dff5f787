using System.Text;

namespace NasSharp.NN;

/// <summary>The structure print, in the layout of PyTorch's module repr.</summary>
public abstract partial class Module
{
    /// <summary>
    /// The module tree, one module per line, e.g.
    /// <code>
    /// Sequential(
    ///   (0): Conv2d(3, 16, kernel_size=3, stride=1, padding=1, bias=False)
    ///   (1): Relu()
    /// )
    /// </code>
    /// </summary>
    public override string ToString()
    {
        var builder = new StringBuilder();
        Print(builder, 0);
        return builder.ToString();
    }

    /// <summary>The arguments shown between the parentheses (sizes, strides, flags).</summary>
    protected virtual string ExtraRepr() => string.Empty;

    private void Print(StringBuilder builder, int indent)
    {
        builder.Append(GetType().Name).Append('(');
        var extra = ExtraRepr();
        if (children.Count == 0)
        {
            builder.Append(extra).Append(')');
            return;
        }

        var pad = new string(' ', (indent + 1) * 2);
        if (extra.Length > 0)
        {
            builder.Append('\n').Append(pad).Append(extra);
        }

        foreach (var (name, child) in children)
        {
            builder.Append('\n').Append(pad).Append('(').Append(name).Append("): ");
            child.Print(builder, indent + 1);
        }

        builder.Append('\n').Append(new string(' ', indent * 2)).Append(')');
    }
}
