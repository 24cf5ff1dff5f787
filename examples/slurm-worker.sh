#!/usr/bin/env bash
# A Slurm job array of NasSharp workers: each task leases units (ground-truth architectures, training trials) from
# the PostgreSQL experiment store until none is left for five minutes.
#
#   sbatch --array=1-16 examples/slurm-worker.sh
#
# NASSHARP_STORE names the store (postgresql://user@dbhost:5432/nas); NASSHARP_DATA the data directory on the
# shared file system. A task killed by Slurm (time limit, preemption) loses nothing: its unit is leased again by
# another worker once its lease expires; SIGTERM makes the worker give the unit back at once.
#SBATCH --job-name=nas-worker
#SBATCH --cpus-per-task=4
#SBATCH --mem=4G
#SBATCH --time=08:00:00
#SBATCH --output=nas-worker-%A_%a.log
set -euo pipefail
: "${NASSHARP_STORE:?set NASSHARP_STORE=postgresql://user@host:5432/database}"
cd "${SLURM_SUBMIT_DIR:-.}"
exec dotnet run -c Release --project src/NasSharp.Cli -- worker --idle-exit 300 --lease-seconds 120
