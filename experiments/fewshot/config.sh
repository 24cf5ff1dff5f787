# Settings shared by the few-shot experiment's scripts (issue 17), sourced by groundtruth.sh, supernets.sh and
# analysis.sh. Every value can be set in the environment; the defaults are run 1 (results in this folder):
#   EXP            where results go (default: this folder); run 2 is EXP=experiments/fewshot/e30
#   GT_EPOCHS      stand-alone epochs of each ground-truth architecture and pick (run 1: 1; run 2: 3)
#   PARENT_EPOCHS  one-shot epochs before the split (run 1: 10; run 2: 20)
#   SPLIT_EPOCHS   epochs of each of the 5 sub-supernets (run 1: 1; run 2: 2); the control trains
#                  PARENT_EPOCHS + 5 x SPLIT_EPOCHS one-shot epochs, the same total
# Vector width: NasSharp's kernels are bitwise identical across thread counts, but a machine whose .NET uses 512-bit
# vectors rounds differently from one that uses 256-bit vectors (other block sums). Run 1 was computed with 256-bit
# vectors; pinning DOTNET_PreferredVectorBitWidth=256 reproduces its files bitwise on any AVX2 or AVX-512 machine
# (checked: a ground-truth row and a seed-2 supernet's scores, byte for byte), so a run resumed on another machine
# does not mix two roundings.
: "${NASSHARP_DATA:?set NASSHARP_DATA to the directory holding fashion-mnist/}"
export DOTNET_PreferredVectorBitWidth=${DOTNET_PreferredVectorBitWidth:-256}
export NAS=${NAS:-"dotnet run -c Release --project src/NasSharp.Cli --"}
export EXP=${EXP:-experiments/fewshot}
export GT_EPOCHS=${GT_EPOCHS:-1} PARENT_EPOCHS=${PARENT_EPOCHS:-10} SPLIT_EPOCHS=${SPLIT_EPOCHS:-1}
export TOTAL_EPOCHS=$((PARENT_EPOCHS + 5 * SPLIT_EPOCHS))
export W=${SUPERNETS:-$EXP/supernets}   # weights stay out of git (reproducible); scores are committed
export SAMPLE=experiments/fewshot/sample.csv   # the 64 architectures (sample seed 0), shared by the runs
mkdir -p "$EXP/logs"
