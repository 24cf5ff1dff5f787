using BenchmarkDotNet.Running;
using NasSharp.Benchmarks.Compute;
using NasSharp.Benchmarks.Kernels;
using NasSharp.Benchmarks.Memory;

// `-- --gflops [...]` runs the quick kernel GFLOP/s driver, `-- --stream [...]` the memory bandwidth loops,
// `-- --peak [...]` the FMA peak loop;
// anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "--gflops")
{
    return GflopsDriver.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "--peak")
{
    return FmaPeakDriver.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "--stream")
{
    return StreamDriver.Run(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
