namespace NasSharp.NN.Training;

/// <summary>
/// Whole-file writes that a killed process cannot leave half done: the bytes go to a temporary file next to
/// the target, are flushed to disk, and the temporary file is renamed over the target (an atomic replace on
/// the same file system). A reader sees the old file or the new one, never a mixture.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, ReadOnlySpan<byte> bytes)
    {
        var temporary = path + ".tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            // A failed write (disk full, say) leaves the old file and no partial temporary one holding the space.
            File.Delete(temporary);
            throw;
        }
    }
}
