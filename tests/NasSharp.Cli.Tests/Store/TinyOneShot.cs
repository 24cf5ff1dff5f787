namespace NasSharp.Cli.Tests.Store;

/// <summary>
/// A trained one-shot supernet (the <see cref="TinySupernet"/> sizes, 1 epoch) that tests copy before splitting, so
/// every split starts from byte-identical parent weights without training the parent again.
/// </summary>
public sealed class TinyOneShot : IDisposable
{
    public TinyOneShot()
    {
        Directory.CreateDirectory(Root);
        CliRunner.Ok(["supernet", "train", "--dir", Template, "--epochs", "1", .. TinySupernet.Sizes]);
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "nassharp-split-units-" + Guid.NewGuid().ToString("N"));

    private string Template => Path.Combine(Root, "template");

    /// <summary>A fresh copy of the supernet directory at <c>ROOT/name</c>.</summary>
    public string Copy(string name)
    {
        var target = Path.Combine(Root, name);
        foreach (var file in Directory.EnumerateFiles(Template, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(Template, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        return target;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
