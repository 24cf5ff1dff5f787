namespace NasSharp.Search.Evaluation;

/// <summary>Which supernets of a directory score architectures.</summary>
public enum SupernetView
{
    /// <summary>The one-shot supernet alone.</summary>
    OneShot,

    /// <summary>The deepest sub-supernet containing each architecture (few-shot NAS).</summary>
    FewShot,
}
