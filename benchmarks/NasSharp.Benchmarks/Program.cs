using BenchmarkDotNet.Running;
using NasSharp.Benchmarks.Kernels;

// `-- --gflops [...]` runs the quick kernel GFLOP/s driver; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "--gflops")
{
    return GflopsDriver.Run(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
